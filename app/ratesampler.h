#pragma once

#include "app/rateseries.h"
#include "core/engine/socketstate.h"

#include <QElapsedTimer>
#include <QObject>

#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

class EngineBridge;
class QTimer;

// The last 60 s of one rate pair (bytes per second in and out), one sample per tick,
// addressed by the sampler's absolute sample number.
class RateRing final {
public:
    static constexpr int kCapacity = 600;

    // Appends sample number `sample` (> newest()); skipped samples read as 0.
    void push(std::int64_t sample, float in, float out);
    std::int64_t newest() const noexcept { return m_newest; }
    // 0 for samples outside the ring.
    float in(std::int64_t sample) const noexcept;
    float out(std::int64_t sample) const noexcept;

private:
    bool holds(std::int64_t sample) const noexcept;
    std::array<float, kCapacity> m_in{};
    std::array<float, kCapacity> m_out{};
    std::int64_t m_newest = -1;
};

// Bytes per second in and out, per socket and for the whole app, computed in the GUI.
//
// Why the GUI and not the engine: the engine ships exact 64-bit counters in every socket
// snapshot (and the totals in every batch) and nothing else on the data path. The sampler
// reads those counters from the SocketsModel at a fixed 10 Hz and turns the differences
// into rates. It divides by the time between the batches that brought the counters (not
// between its own ticks), so neither a late tick nor a batch that arrived just before or
// just after a tick makes the line jitter. This keeps timers and per-socket buffers out of the engine's hot loop, lets the
// GUI choose its window (60 s), and costs memory only for sockets that moved bytes: a
// socket gets a ring when its counters first move and loses it after a full idle window.
// Idle ticks (totals unchanged) do not look at the sockets at all, so 20,000 quiet
// sockets cost nothing.
class RateSampler final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RateSampler)

public:
    static constexpr int kSamplesPerSecond = 10;
    static constexpr int kWindowSamples = RateRing::kCapacity; // 60 s
    static constexpr int kSparklineSamples = 150;              // 15 s in the sockets tree

    explicit RateSampler(EngineBridge& bridge, QObject* parent = nullptr);
    ~RateSampler() override;

    // The newest sample's number (-1 before the first) and the time it was taken, in
    // seconds since the sampler started.
    std::int64_t newest() const noexcept { return m_newest; }
    double timeOf(std::int64_t sample) const noexcept;
    // The whole app's rates (from EngineBridge::totals()).
    const RateRing& totals() const noexcept { return m_total; }
    // A socket's rates, or nullptr when it moved no byte within the window.
    const RateRing* ring(sks::SocketId id) const;
    // The newest `samples` rates of `id`, oldest first; empty when it is idle.
    RateSeries series(sks::SocketId id, int samples = kSparklineSamples) const;

public Q_SLOTS:
    // Takes one sample now (the timer calls it; tests may too).
    void sample();

Q_SIGNALS:
    // After every sample, with the sockets whose sparkline changed (moved bytes within
    // kSparklineSamples), ascending.
    void sampled(const std::vector<sks::SocketId>& changedSockets);

private:
    struct Counters {
        std::uint64_t in = 0;
        std::uint64_t out = 0;
    };
    struct Track {
        RateRing ring;
        std::int64_t lastActive = 0; // the last sample in which it moved bytes
    };
    void scanMovers(double seconds);

    EngineBridge& m_bridge;
    QTimer* m_timer = nullptr;
    QElapsedTimer m_clock;
    qint64 m_batchNs = 0;       // when the counters now in the model arrived
    qint64 m_sampledBatchNs = 0; // ... and those the previous sample used
    qint64 m_lastSampleNs = 0;
    std::int64_t m_newest = -1;
    std::array<double, RateRing::kCapacity> m_times{};
    RateRing m_total;
    Counters m_lastTotals;
    // Last seen counters of every socket that ever moved a byte (a socket starts at 0).
    std::unordered_map<sks::SocketId, Counters> m_lastCounters;
    std::unordered_map<sks::SocketId, Track> m_tracks;
};
