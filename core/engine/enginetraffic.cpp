// Bulk traffic without a journal line per chunk: the traffic generator, auto-receive into
// the receive log, and the 10 Hz sampling of listener queues. Engine thread only.
#include "core/engine/engineloop.h"
#include "core/engine/journalformat.h"
#include "core/sys/errnos.h"
#include "core/sys/syscalls.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

#include <linux/sock_diag.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>

namespace sks {
namespace {

constexpr std::size_t kChunk = 256u << 10;
// Per socket per loop round. The generator and auto-receive take turns this size, so what
// was just sent is still in cache when read (larger turns measured slower, see git log).
constexpr std::uint64_t kRoundBudget = 256u << 10;
constexpr std::size_t kPatternPeriod = 251;      // byte k of a generated stream is k % 251

// kChunk + one period of the pattern, so any stream offset can start a chunk.
const char* patternAt(std::uint64_t offset)
{
    static const std::vector<char> pattern = [] {
        std::vector<char> p(kChunk + kPatternPeriod);
        for (std::size_t i = 0; i < p.size(); ++i)
            p[i] = static_cast<char>(i % kPatternPeriod);
        return p;
    }();
    return pattern.data() + offset % kPatternPeriod;
}

std::string rateText(std::uint64_t bytes, double seconds)
{
    char buf[64];
    const double rate = seconds > 0 ? static_cast<double>(bytes) / seconds : 0;
    if (rate >= 1e9)
        std::snprintf(buf, sizeof buf, "%.2f GB/s", rate / 1e9);
    else if (rate >= 1e6)
        std::snprintf(buf, sizeof buf, "%.1f MB/s", rate / 1e6);
    else
        std::snprintf(buf, sizeof buf, "%.0f B/s", rate);
    return buf;
}

} // namespace

void EngineLoop::again(UserSocket& s)
{
    if (!s.queued) {
        s.queued = true;
        m_again.push_back(s.info.id);
    }
}

void EngineLoop::progress(UserSocket& s)
{
    if (!s.fd)
        return;
    if (s.info.state == SocketState::Listening)
        autoAccept(s);
    if (s.info.autoRecv && !s.readCall && drainAutoRecv(s))
        again(s);
    if (s.generator && !s.writeCall && !s.pumpQueued) {
        s.pumpQueued = true;
        m_pumping.push_back(s.info.id);
    }
}

// Generators send after every read of the round is done ("drain before fill"). When the
// receiving end is one of ours, it has emptied its queue before more bytes arrive, so the
// sender never waits on a closed receive window. That matters beyond the queue itself: a
// sender that fills the peer's window teaches BBR (the default congestion control on many
// machines) a bottleneck, and from then on it paces itself on loopback at a fraction of
// what the CPU could move (measured: 0.64x of a raw loop with pumping interleaved, see
// git log).
void EngineLoop::pumpGenerators()
{
    for (SocketId id : std::exchange(m_pumping, {})) {
        auto it = m_sockets.find(id);
        if (it == m_sockets.end())
            continue;
        UserSocket& s = *it->second;
        s.pumpQueued = false;
        if (s.fd && s.generator && !s.writeCall && pumpGenerator(s))
            again(s);
    }
}

ReceiveLog& EngineLoop::logFor(UserSocket& s)
{
    if (!s.log) {
        s.log = std::make_shared<ReceiveLog>();
        std::lock_guard lock(m_logsMutex);
        m_logs[s.info.id] = s.log;
    }
    return *s.log;
}

void EngineLoop::sayIfLogFailed(UserSocket& s)
{
    if (!s.log || s.logFailureSaid || s.log->error() == 0)
        return;
    s.logFailureSaid = true;
    notice(Notice::Level::Warning, s.info.id,
           "Socket #" + std::to_string(s.info.id) + ": no memory to keep its received bytes for the payload console ("
               + SysError{s.log->error(), "mmap"}.toString()
               + "); it still receives, and its byte counters stay exact");
}

std::shared_ptr<const ReceiveLog> EngineLoop::receiveLog(SocketId id) const
{
    std::lock_guard lock(m_logsMutex);
    auto it = m_logs.find(id);
    return it == m_logs.end() ? nullptr : it->second;
}

// ---- the traffic generator ---------------------------------------------------------------

void EngineLoop::doGenerate(const cmd::Generate& c)
{
    UserSocket* s = find(c.id, "send");
    if (!s)
        return;
    if (s->generator)
        endGenerator(*s, 0, "replaced by a new run");
    Generator g;
    g.totalBytes = c.totalBytes;
    g.bytesPerSecond = c.bytesPerSecond;
    g.start = std::chrono::steady_clock::now();
    g.deadline = c.seconds > 0
        ? g.start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(c.seconds))
        : std::chrono::steady_clock::time_point::max();
    std::string what = "generator: send(" + fdText(*s) + ", <pattern>, " + std::to_string(kChunk) + ") repeated, "
        + (c.bytesPerSecond ? "at " + rateText(c.bytesPerSecond, 1) : std::string("at full speed"));
    if (c.totalBytes)
        what += ", " + std::to_string(c.totalBytes) + " bytes";
    if (c.seconds > 0)
        what += ", for " + std::to_string(c.seconds).substr(0, 5) + " s";
    g.entry = makeEntry(*s, "send", what, 0, 0);
    g.entry.pending = true;
    journal(g.entry);
    s->generator = std::move(g);
    s->info.generating = true;
    markDirty(*s);
    m_timerNeedsCheck = true;
    progress(*s);
}

void EngineLoop::doStopGenerator(const cmd::StopGenerator& c)
{
    if (UserSocket* s = find(c.id, "send"); s && s->generator)
        endGenerator(*s, 0, "stopped by the user");
}

bool EngineLoop::pumpGenerator(UserSocket& s)
{
    Generator& g = *s.generator;
    const auto now = std::chrono::steady_clock::now();
    if (now >= g.deadline) {
        endGenerator(s, 0, "time is up");
        return false;
    }
    std::uint64_t allowed = kRoundBudget;
    if (g.totalBytes)
        allowed = std::min(allowed, g.totalBytes - g.sent);
    if (g.bytesPerSecond) {
        const double elapsed = std::chrono::duration<double>(now - g.start).count();
        const auto due = static_cast<std::uint64_t>(elapsed * static_cast<double>(g.bytesPerSecond));
        allowed = std::min(allowed, due > g.sent ? due - g.sent : 0);
    }
    std::uint64_t done = 0;
    while (done < allowed) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, allowed - done));
        auto r = sys::send(s.fd.get(), patternAt(g.sent), n);
        ++g.calls;
        if (!r) {
            if (r.error().code == EAGAIN)
                break; // the send buffer is full: the next EPOLLOUT edge resumes us
            s.info.lastError = r.error().code;
            endGenerator(s, r.error().code, "send failed");
            return false;
        }
        done += *r;
        g.sent += *r;
        s.info.bytesOut += *r;
        m_totals.bytesOut += *r;
    }
    if (done > 0) {
        ++s.info.messagesOut;
        markDirty(s);
    }
    if (g.totalBytes && g.sent >= g.totalBytes) {
        endGenerator(s, 0, "done");
        return false;
    }
    return done == kRoundBudget; // budget used up with room left: continue next round
}

void EngineLoop::endGenerator(UserSocket& s, int error, std::string why)
{
    Generator& g = *s.generator;
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - g.start).count();
    JournalEntry& e = g.entry;
    e.text += resultText(error ? -1 : static_cast<std::int64_t>(g.sent), error);
    e.text += " (" + std::to_string(g.sent) + " bytes in " + std::to_string(seconds).substr(0, 5) + " s, "
        + rateText(g.sent, seconds) + ", " + std::to_string(g.calls) + " send calls; " + why + ")";
    e.result = error ? -1 : static_cast<std::int64_t>(g.sent);
    e.error = error;
    e.pending = false;
    e.waitedNs = nowNs() - e.timeNs;
    journal(std::move(e));
    s.generator.reset();
    s.info.generating = false;
    m_timerNeedsCheck = true;
    markDirty(s);
}

// ---- auto-receive ----------------------------------------------------------------------------

void EngineLoop::doSetAutoRecv(const cmd::SetAutoRecv& c)
{
    UserSocket* s = find(c.id, "recv");
    if (!s)
        return;
    s->info.autoRecv = c.on;
    markDirty(*s);
    progress(*s);
}

bool EngineLoop::drainAutoRecv(UserSocket& s)
{
    if (s.info.peerClosed && (s.info.state == SocketState::HalfClosedRead || s.info.state == SocketState::ShutDown))
        return false; // end of stream already read
    // A stream is read straight into the log's free space: one copy, as a program's own
    // recv() makes. A datagram must not be cut where the ring wraps: it goes through the
    // scratch buffer, whole.
    ReceiveLog& log = logFor(s);
    // A log without a ring (its mmap failed) holds nothing: read through the scratch buffer.
    const bool stream = s.info.type == SockType::Stream && !log.writable(kChunk).empty();
    if (!stream)
        m_scratch.resize(kChunk);
    Burst* burst = nullptr; // looked up once per round, at the first byte
    std::uint64_t done = 0;
    while (done < kRoundBudget) {
        const std::span<char> into = stream ? log.writable(kChunk) : std::span<char>(m_scratch);
        auto r = sys::recv(s.fd.get(), into.data(), into.size());
        if (!r) {
            if (r.error().code != EAGAIN) { // a reset or an ICMP error: show it as it happened
                s.info.lastError = r.error().code;
                s.info.peerClosed = s.info.peerClosed || r.error().code == ECONNRESET;
                journal(makeEntry(s, "recv", "recv(" + fdText(s) + ", " + std::to_string(kChunk) + ")"
                                                 + resultText(-1, r.error().code) + " (auto-receive)", -1, r.error().code));
                markDirty(s);
            }
            break;
        }
        const std::size_t n = *r;
        if (n == 0 && stream) {
            s.info.peerClosed = true;
            s.info.state = s.info.state == SocketState::HalfClosedWrite ? SocketState::ShutDown : SocketState::HalfClosedRead;
            journal(makeEntry(s, "recv", "recv(" + fdText(s) + ", " + std::to_string(kChunk)
                                             + ") = 0 (end of stream: the peer will send nothing more; auto-receive)", 0, 0));
            markDirty(s);
            break;
        }
        if (!burst) {
            burst = &m_bursts[s.info.id];
            if (burst->calls == 0) {
                burst->startNs = nowNs();
                burst->first.assign(into.data(), std::min<std::size_t>(n, 64));
            }
        }
        if (stream)
            log.commit(n);
        else
            log.append(into.data(), n);
        ++burst->calls;
        burst->bytes += n;
        done += n;
        s.info.bytesIn += n;
        ++s.info.messagesIn;
        m_totals.bytesIn += n;
    }
    if (done > 0) {
        markDirty(s);
        sayIfLogFailed(s);
    }
    return done >= kRoundBudget; // budget used up: the rest waits for the next round
}

void EngineLoop::journalBurst(SocketId id)
{
    auto it = m_bursts.find(id);
    if (it == m_bursts.end())
        return;
    const Burst b = std::move(it->second);
    m_bursts.erase(it); // first: makeEntry() below must not find it again
    auto socket = m_sockets.find(id);
    if (socket == m_sockets.end())
        return;
    UserSocket& s = *socket->second;
    std::string text = "recv(" + fdText(s) + ", " + std::to_string(kChunk) + ")";
    if (b.calls == 1)
        text += " = " + std::to_string(b.bytes) + " " + quoteBytes(b.first) + " (auto-receive)";
    else
        text += " x " + std::to_string(b.calls) + " calls = " + std::to_string(b.bytes) + " bytes in "
            + std::to_string((nowNs() - b.startNs) / 1'000'000) + " ms (auto-receive; starts " + quoteBytes(b.first, 16) + ")";
    journal(makeEntry(s, "recv", std::move(text), static_cast<std::int64_t>(b.bytes), 0));
}

// A burst's line is written once its bytes stop for a frame or after a second: a
// stream at full speed adds a line a second, not one a frame, to the journal (and to the
// GUI's work: every line is a row to lay out and paint).
void EngineLoop::journalBursts(bool all)
{
    constexpr std::int64_t kBurstLineNs = 1'000'000'000;
    if (m_bursts.empty())
        return;
    const std::int64_t now = nowNs();
    std::vector<SocketId> done;
    for (auto& [id, b] : m_bursts) {
        if (all || b.bytes == b.bytesAtLastFlush || now - b.startNs >= kBurstLineNs)
            done.push_back(id);
        b.bytesAtLastFlush = b.bytes;
    }
    std::sort(done.begin(), done.end()); // a stable order of lines for bursts ending together
    for (SocketId id : done)
        journalBurst(id);
}

// ---- the timer: listener queues, drops, socket files, hidden arrivals, paced generators ----

void EngineLoop::onTimer()
{
    bool sampled = false;
    bool paced = false;
    for (auto& [id, owned] : m_sockets) {
        UserSocket& s = *owned;
        if (!s.fd)
            continue;
        if (s.info.state == SocketState::Listening && s.info.family != Family::Unix) {
            sampled = true;
            sampleListener(s);
        }
        if (s.info.type == SockType::Datagram) {
            sampled = true;
            sampleDrops(s);
        }
        if (!s.boundPath.empty()) {
            sampled = true;
            checkSocketFile(s);
        }
        if (s.arrivalsMayHide) {
            sampled = true;
            sampleHiddenArrivals(s);
        }
        if (s.generator) {
            sampled = true;
            paced = paced || s.generator->bytesPerSecond != 0;
            if (!s.writeCall)
                progress(s);
        }
    }
    setTimerPeriod(paced ? 10 : sampled ? 100 : 0);
    m_timerNeedsCheck = false;
}

void EngineLoop::sampleListener(UserSocket& s)
{
    tcp_info ti{};
    socklen_t length = sizeof ti;
    if (::getsockopt(s.fd.get(), IPPROTO_TCP, TCP_INFO, &ti, &length) != 0)
        return;
    if (ti.tcpi_unacked == s.info.acceptQueue && ti.tcpi_sacked == s.info.acceptQueueLimit)
        return;
    // On a listener the kernel reuses these fields: current and maximum accept queue.
    s.info.acceptQueue = ti.tcpi_unacked;
    s.info.acceptQueueLimit = ti.tcpi_sacked;
    if (ti.tcpi_unacked > ti.tcpi_sacked)
        s.info.queueOverflowed = true; // full: further SYNs are dropped
    markDirty(s);
}

void EngineLoop::sampleDrops(UserSocket& s)
{
    std::uint32_t mem[SK_MEMINFO_VARS] = {};
    socklen_t length = sizeof mem;
    if (::getsockopt(s.fd.get(), SOL_SOCKET, SO_MEMINFO, mem, &length) != 0 || length <= SK_MEMINFO_DROPS * sizeof(std::uint32_t))
        return;
    if (mem[SK_MEMINFO_DROPS] != s.info.drops) {
        s.info.drops = mem[SK_MEMINFO_DROPS];
        markDirty(s);
    }
}

void EngineLoop::checkSocketFile(UserSocket& s)
{
    struct stat st{};
    const bool present = ::lstat(s.boundPath.c_str(), &st) == 0 && st.st_ino == s.info.fileInode;
    if (present == !s.info.fileMissing)
        return;
    s.info.fileMissing = !present;
    markDirty(s);
    if (!present)
        notice(Notice::Level::Warning, s.info.id,
               "the socket file " + s.boundPath + " was deleted or replaced: the socket still works for the "
               "connections it has, but no new client can reach it by that path (connect gives ENOENT or "
               "ECONNREFUSED); bind a new socket to recreate it");
}

void EngineLoop::armTimer()
{
    if (m_timerNeedsCheck)
        onTimer(); // recomputes the period from what exists now
}

void EngineLoop::setTimerPeriod(int ms)
{
    if (ms == m_timerPeriodMs)
        return;
    m_timerPeriodMs = ms;
    itimerspec spec{};
    spec.it_interval.tv_nsec = static_cast<long>(ms) * 1'000'000;
    spec.it_value = spec.it_interval;
    ::timerfd_settime(m_timer.get(), 0, &spec, nullptr);
}

} // namespace sks
