#include "app/ratesampler.h"

#include "app/enginebridge.h"
#include "app/socketsmodel.h"

#include <QTimer>

#include <algorithm>

namespace {

float perSecond(std::uint64_t delta, double seconds)
{
    return seconds > 0 ? static_cast<float>(static_cast<double>(delta) / seconds) : 0.0f;
}

std::size_t slotOf(std::int64_t sample)
{
    return static_cast<std::size_t>(sample % RateRing::kCapacity);
}

} // namespace

void RateRing::push(std::int64_t sample, float in, float out)
{
    // Samples skipped since the last push were idle: zero them (at most one window's worth).
    for (std::int64_t s = std::max(m_newest + 1, sample - kCapacity + 1); s < sample; ++s) {
        m_in[slotOf(s)] = 0;
        m_out[slotOf(s)] = 0;
    }
    m_in[slotOf(sample)] = in;
    m_out[slotOf(sample)] = out;
    m_newest = sample;
}

bool RateRing::holds(std::int64_t sample) const noexcept
{
    return sample >= 0 && sample <= m_newest && sample > m_newest - kCapacity;
}

float RateRing::in(std::int64_t sample) const noexcept
{
    return holds(sample) ? m_in[slotOf(sample)] : 0.0f;
}

float RateRing::out(std::int64_t sample) const noexcept
{
    return holds(sample) ? m_out[slotOf(sample)] : 0.0f;
}

RateSampler::RateSampler(EngineBridge& bridge, QObject* parent)
    : QObject(parent)
    , m_bridge(bridge)
    , m_timer(new QTimer(this))
{
    m_clock.start();
    m_lastTotals = {m_bridge.totals().bytesIn, m_bridge.totals().bytesOut};
    m_timer->setInterval(1000 / kSamplesPerSecond);
    connect(m_timer, &QTimer::timeout, this, &RateSampler::sample);
    connect(&m_bridge, &EngineBridge::batchApplied, this, [this] { m_batchNs = m_clock.nsecsElapsed(); });
    m_timer->start();
}

RateSampler::~RateSampler() = default;

double RateSampler::timeOf(std::int64_t sample) const noexcept
{
    return sample < 0 ? 0.0 : m_times[slotOf(sample)];
}

const RateRing* RateSampler::ring(sks::SocketId id) const
{
    const auto it = m_tracks.find(id);
    return it == m_tracks.end() ? nullptr : &it->second.ring;
}

RateSeries RateSampler::series(sks::SocketId id, int samples) const
{
    const auto it = m_tracks.find(id);
    if (it == m_tracks.end() || m_newest - it->second.lastActive >= samples)
        return {};
    RateSeries series;
    series.in.reserve(samples);
    series.out.reserve(samples);
    for (std::int64_t s = m_newest - samples + 1; s <= m_newest; ++s) {
        series.in.append(it->second.ring.in(s));
        series.out.append(it->second.ring.out(s));
    }
    return series;
}

void RateSampler::sample()
{
    const qint64 nowNs = m_clock.nsecsElapsed();
    // The counters changed only if a batch came since the last sample; they cover the
    // time from that sample's batch to this one's — or, after a quiet spell, at most from
    // one frame before the last sample (a burst after silence is not spread over the silence).
    constexpr qint64 kFrameNs = 16'700'000;
    const qint64 from = std::max(m_sampledBatchNs, m_lastSampleNs - kFrameNs);
    const double seconds = static_cast<double>(m_batchNs - from) / 1e9;
    m_sampledBatchNs = m_batchNs;
    m_lastSampleNs = nowNs;
    ++m_newest;
    m_times[slotOf(m_newest)] = static_cast<double>(nowNs) / 1e9;

    const sks::Totals& totals = m_bridge.totals();
    const bool moved = totals.bytesIn != m_lastTotals.in || totals.bytesOut != m_lastTotals.out;
    m_total.push(m_newest, perSecond(totals.bytesIn - m_lastTotals.in, seconds),
                 perSecond(totals.bytesOut - m_lastTotals.out, seconds));
    m_lastTotals = {totals.bytesIn, totals.bytesOut};
    if (moved) // no byte moved anywhere: no socket can have moved one either
        scanMovers(seconds);

    std::vector<sks::SocketId> changed;
    for (auto it = m_tracks.begin(); it != m_tracks.end();) {
        Track& track = it->second;
        if (track.ring.newest() != m_newest)
            track.ring.push(m_newest, 0, 0);
        if (m_newest - track.lastActive >= kWindowSamples) {
            it = m_tracks.erase(it); // a full idle window: nothing left to draw
            continue;
        }
        if (m_newest - track.lastActive <= kSparklineSamples)
            changed.push_back(it->first);
        ++it;
    }
    std::ranges::sort(changed);
    Q_EMIT sampled(changed);
}

void RateSampler::scanMovers(double seconds)
{
    for (const sks::SocketInfo* s : m_bridge.sockets()->allSockets()) {
        if (s->bytesIn == 0 && s->bytesOut == 0)
            continue;
        Counters& last = m_lastCounters[s->id];
        if (s->bytesIn == last.in && s->bytesOut == last.out)
            continue;
        Track& track = m_tracks[s->id];
        track.ring.push(m_newest, perSecond(s->bytesIn - last.in, seconds),
                        perSecond(s->bytesOut - last.out, seconds));
        track.lastActive = m_newest;
        last = {s->bytesIn, s->bytesOut};
    }
}
