// Bytes and connections through the engine against the same work done by a plain loop in
// this process: tcp_ratio and unix_ratio (the generator, client to its peer inside the
// engine, the peer in auto-receive, vs blocking 64 KiB send/recv), churn_ratio
// (connect + accept + close cycles). Both sides run in the same round, alternating.
#include "tests/bench/benchmarks.h"
#include "tests/bench/flowbenchsupport.h"

#include "core/sys/fd.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <span>
#include <unordered_map>
#include <thread>

namespace bench {
namespace {

constexpr std::uint64_t kTransferBytes = 1ull << 30; // per round and side
constexpr std::size_t kRawChunk = 64u << 10;
constexpr std::size_t kHistoryBytes = 16u << 20; // what the payload console keeps per socket
constexpr double kTargetTransfer = 0.95;
constexpr double kTargetChurn = 0.7;
constexpr int kRawCycles = 4000;
// Enough that filling and draining the pipeline (a few 16 ms frames at each end, when
// the engine waits for the first snapshots and for the last closes) is a small part of
// the round: at 2,000 cycles the engine thread sat idle for a fifth of it.
constexpr int kEngineCycles = 8000;
constexpr int kCyclesInFlight = 1024; // deep enough that the engine, not the 16 ms batches, sets the pace

using RawPair = std::pair<sks::Fd, sks::Fd>;

std::string errnoText(const char* call)
{
    return std::string(call) + ": " + std::strerror(errno);
}

sks::Fd loopbackListener(sockaddr_in& address, int backlog)
{
    sks::Fd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    address = {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (!listener || ::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0
        || ::listen(listener.get(), backlog) != 0
        || ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return {};
    return listener;
}

std::expected<RawPair, std::string> rawTcpPair()
{
    sockaddr_in address{};
    sks::Fd listener = loopbackListener(address, 1);
    sks::Fd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!listener || !client || ::connect(client.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        return std::unexpected(errnoText("listen/connect"));
    sks::Fd server(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
    if (!server)
        return std::unexpected(errnoText("accept"));
    return RawPair(std::move(client), std::move(server));
}

std::expected<RawPair, std::string> rawUnixPair()
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        return std::unexpected(errnoText("socketpair"));
    return RawPair(sks::Fd(fds[0]), sks::Fd(fds[1]));
}

// The baseline: one thread, blocking, 64 KiB send then 64 KiB recv, until `total` moved.
// `history` empty: every recv into the same 64 KiB (always in cache). Otherwise each recv
// lands after the last in `history`, round and round, as the engine's receive log keeps the
// newest 16 MiB of every stream: the same loop with the app's duty to keep what arrived.
double rawTransferMs(const RawPair& pair, std::uint64_t total, std::span<char> history = {})
{
    static const std::vector<char> out = [] {
        std::vector<char> v(kRawChunk);
        for (std::size_t i = 0; i < v.size(); ++i)
            v[i] = static_cast<char>(i % 251);
        return v;
    }();
    std::vector<char> in(kRawChunk);
    std::size_t at = 0; // where the next recv lands in `history`
    return millisecondsOf([&] {
        for (std::uint64_t moved = 0; moved < total; moved += kRawChunk) {
            for (std::size_t sent = 0; sent < kRawChunk;) {
                const ssize_t n = ::send(pair.first.get(), out.data() + sent, kRawChunk - sent, MSG_NOSIGNAL);
                if (n <= 0)
                    return;
                sent += static_cast<std::size_t>(n);
            }
            char* into = in.data();
            if (!history.empty()) {
                if (at + kRawChunk > history.size())
                    at = 0;
                into = history.data() + at;
                at += kRawChunk;
            }
            if (::recv(pair.second.get(), into, kRawChunk, MSG_WAITALL) != static_cast<ssize_t>(kRawChunk))
                return;
        }
    });
}

// The same bytes through the engine: the generator sends, auto-receive reads into the log.
std::expected<double, std::string> engineTransferMs(sks::Engine& engine, EngineWatch& watch, const EnginePair& pair,
                                                    std::uint64_t total)
{
    const std::uint64_t before = watch.socket(pair.receiver)->bytesIn;
    const auto start = std::chrono::steady_clock::now();
    engine.post(sks::cmd::Generate{pair.sender, total, 0, 0});
    if (!watch.waitFor([&] { return watch.socket(pair.receiver)->bytesIn >= before + total; }, std::chrono::seconds(120)))
        return std::unexpected("the generated bytes did not all arrive");
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double megabytesPerSecond(std::uint64_t bytes, double ms)
{
    return ms > 0 ? static_cast<double>(bytes) / 1e6 / (ms / 1e3) : 0;
}

std::expected<void, std::string> transferRatio(const BenchOptions& options, Report& report, bool unixSockets)
{
    auto engine = sks::Engine::start();
    if (!engine)
        return std::unexpected(engine.error().toString());
    EngineWatch watch(**engine);
    auto pair = unixSockets ? unixPair(**engine, watch) : tcpPair(**engine, watch);
    auto raw = unixSockets ? rawUnixPair() : rawTcpPair();
    if (!pair)
        return std::unexpected(pair.error());
    if (!raw)
        return std::unexpected(raw.error());
    std::vector<double> rawMs;
    std::vector<double> historyMs;
    std::vector<double> engineMs;
    std::vector<char> history(kHistoryBytes); // written all over in round 0: no first-touch faults after
    const auto started = std::chrono::steady_clock::now();
    for (int round = 0; round <= options.rounds; ++round) { // round 0 warms up
        const double r = rawTransferMs(*raw, kTransferBytes);
        const double h = rawTransferMs(*raw, kTransferBytes, history);
        const auto e = engineTransferMs(**engine, watch, *pair, kTransferBytes);
        if (!e)
            return std::unexpected(e.error());
        if (round > 0) {
            rawMs.push_back(r);
            historyMs.push_back(h);
            engineMs.push_back(*e);
        }
        if (round > 0 && std::chrono::steady_clock::now() - started > std::chrono::duration<double>(options.maxSeconds))
            break;
    }
    const double rawRate = megabytesPerSecond(kTransferBytes, median(rawMs));
    const double engineRate = megabytesPerSecond(kTransferBytes, median(engineMs));
    const double ratio = engineRate / rawRate;
    const std::string kind = unixSockets ? "unix" : "tcp";
    report.setTitle(kind + "_ratio: 1 GiB per side per round, " + (unixSockets ? "Unix stream socketpair" : "TCP over 127.0.0.1")
                    + ", medians of " + std::to_string(rawMs.size()) + " rounds; raw = one thread, blocking 64 KiB send/recv");
    report.add(kind + "_raw_mbps", "raw send/recv loop", rawRate, "MB/s");
    report.add(kind + "_engine_mbps", "engine: generator -> auto-receive", engineRate, "MB/s");
    report.add(kind + "_ratio", "  engine / raw", ratio, "x", verdict(ratio, kTargetTransfer, true));
    // What keeping the newest 16 MiB costs by itself: the raw loop receiving into a ring of
    // that size instead of one hot 64 KiB buffer. The engine must do the same.
    const double historyRate = megabytesPerSecond(kTransferBytes, median(historyMs));
    report.add(kind + "_raw_history_mbps", "raw loop, recv into a 16 MiB ring", historyRate, "MB/s");
    report.add(kind + "_raw_history_ratio", "  raw into a ring / raw", historyRate / rawRate, "x");
    report.add(kind + "_engine_vs_history", "  engine / raw into a ring", engineRate / historyRate, "x");
    return {};
}

} // namespace

std::expected<void, std::string> tcpRatioBenchmark(const BenchOptions& options, Report& report)
{
    return transferRatio(options, report, false);
}

std::expected<void, std::string> unixRatioBenchmark(const BenchOptions& options, Report& report)
{
    return transferRatio(options, report, true);
}

namespace {

// socket(), connect(), accept(), close() both: the baseline, blocking, one thread. The
// accepted end is closed first, as the engine's cycles do. The end that closes first
// keeps the connection in TIME_WAIT; on the client's side that holds its ephemeral port,
// and once tens of thousands of ports are held a connect() has to search past them
// (20,000 cycles closing the client first took 69 us each here against 53 us).
std::expected<double, std::string> rawChurnPerSecond(int cycles)
{
    sockaddr_in address{};
    sks::Fd listener = loopbackListener(address, 128);
    if (!listener)
        return std::unexpected(errnoText("listen"));
    bool failed = false;
    const double ms = millisecondsOf([&] {
        for (int i = 0; i < cycles && !failed; ++i) {
            sks::Fd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
            failed = !client || ::connect(client.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0;
            sks::Fd server(failed ? -1 : ::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
            failed = failed || !server;
            server.reset();
        }
    });
    if (failed)
        return std::unexpected(errnoText("raw connect/accept"));
    return cycles / (ms / 1e3);
}

// CPU time the engine thread ("sks-engine") has used so far, in ns (schedstat's first
// field); -1 when no engine thread runs. Its change over a round is what the engine's
// work costs, free of the 16 ms batching that sets the pace of the round.
long long engineThreadCpuNs()
{
    std::error_code error;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        if (!std::getline(comm, name) || name != "sks-engine")
            continue;
        std::ifstream schedstat(task.path() / "schedstat");
        long long ns = -1;
        if (schedstat >> ns)
            return ns;
    }
    return -1;
}

struct EngineChurn {
    double perSecond = 0;
    double cpuMicrosPerCycle = 0; // the engine thread's CPU time per cycle
    double busy = 0;              // that CPU time over the round's time: 1 when the engine sets the pace
};

// The same cycles through the engine: Create + Connect posted for up to kCyclesInFlight
// clients at a time, the listener accepting automatically, Close posted for each accepted
// socket once it appears and then for its client once that is connected (the engine runs
// commands in the order they are posted, so the accepted end closes first, as in the raw
// loop). A client and its accepted socket are matched by port. A cycle ends when both ends
// are closed.
std::expected<EngineChurn, std::string> engineChurnPerSecond(int cycles)
{
    auto started = sks::Engine::start();
    if (!started)
        return std::unexpected(started.error().toString());
    sks::Engine& engine = **started;
    EngineWatch setup(engine);
    auto pair = tcpPair(engine, setup, 4096); // for its listener: a backlog no burst of connects overflows
    if (!pair)
        return std::unexpected(pair.error());
    const sks::Endpoint target = setup.socket(pair->listener)->local;
    const sks::SocketId listener = pair->listener;
    EngineWatch watch(engine, false);
    enum : char { Open, ClosePosted, Closed };
    std::vector<char> closing(static_cast<std::size_t>(cycles) * 2 + 64, Open);
    // by the client's port: a connected client whose accepted end has not appeared yet (a
    // SocketId), or an accepted end already closed whose client was not connected yet (0)
    std::unordered_map<std::uint16_t, sks::SocketId> unmatched;
    int posted = 0;
    int clientsClosed = 0;
    int acceptedClosed = 0;
    int failures = 0;
    auto postClose = [&](sks::SocketId id) {
        closing[id] = ClosePosted;
        engine.post(sks::cmd::Close{id});
    };
    watch.onSocket = [&](const sks::SocketInfo& s) {
        if (s.id >= closing.size())
            closing.resize(s.id * 2, Open);
        const bool client = s.role == sks::Role::Client;
        const bool ours = client || s.parent == listener;
        if (!ours || s.id <= pair->receiver)
            return;
        using S = sks::SocketState;
        if (client && s.state == S::Error)
            failures += 1;
        if (closing[s.id] != Closed && s.state == S::Closed) {
            closing[s.id] = Closed;
            (client ? clientsClosed : acceptedClosed) += 1;
            return;
        }
        if (closing[s.id] != Open)
            return;
        if (!client) {
            postClose(s.id);
            const auto [waiting, inserted] = unmatched.try_emplace(s.peer.port(), 0);
            if (!inserted) {
                postClose(waiting->second);
                unmatched.erase(waiting);
            }
        } else if (s.state != S::Created && s.state != S::Connecting && s.waiting == sks::Waiting::None) {
            const auto [accepted, inserted] = unmatched.try_emplace(s.local.port(), s.id);
            if (!inserted) {
                postClose(s.id);
                unmatched.erase(accepted);
            }
        }
    };
    const long long cpuBefore = engineThreadCpuNs();
    const auto start = std::chrono::steady_clock::now();
    const bool done = watch.waitFor([&] {
        while (posted < cycles && posted - clientsClosed < kCyclesInFlight) {
            const sks::SocketId id = engine.create(sks::Family::IPv4, sks::SockType::Stream, sks::Role::Client);
            engine.post(sks::cmd::Connect{id, target});
            ++posted;
        }
        return (clientsClosed >= cycles && acceptedClosed >= cycles) || failures > 0;
    }, std::chrono::seconds(120));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpuMicros = double(engineThreadCpuNs() - cpuBefore) / 1e3;
    if (!done || failures > 0)
        return std::unexpected("churn: " + std::to_string(failures) + " connects failed; " + std::to_string(clientsClosed) + " clients and " + std::to_string(acceptedClosed)
                               + " accepted sockets closed of " + std::to_string(cycles));
    return EngineChurn{cycles / seconds, cpuMicros / cycles, cpuMicros / 1e6 / seconds};
}

} // namespace

std::expected<void, std::string> churnRatioBenchmark(const BenchOptions& options, Report& report)
{
    std::vector<double> raw;
    std::vector<double> engine;
    std::vector<double> engineCpu;
    std::vector<double> engineBusy;
    const auto started = std::chrono::steady_clock::now();
    for (int round = 0; round <= options.rounds; ++round) {
        const auto r = rawChurnPerSecond(kRawCycles);
        if (!r)
            return std::unexpected(r.error());
        const auto e = engineChurnPerSecond(kEngineCycles);
        if (!e)
            return std::unexpected(e.error());
        if (round > 0) {
            raw.push_back(*r);
            engine.push_back(e->perSecond);
            engineCpu.push_back(e->cpuMicrosPerCycle);
            engineBusy.push_back(e->busy * 100);
        }
        if (round > 0 && std::chrono::steady_clock::now() - started > std::chrono::duration<double>(options.maxSeconds))
            break;
    }
    const double ratio = median(engine) / median(raw);
    report.setTitle("churn_ratio: socket+connect+accept+close(accepted)+close(client) cycles over 127.0.0.1, medians of "
                    + std::to_string(raw.size()) + " rounds (" + std::to_string(kRawCycles) + " raw, "
                    + std::to_string(kEngineCycles) + " through the engine, " + std::to_string(kCyclesInFlight)
                    + " in flight)");
    report.add("churn_raw_per_s", "raw blocking loop", median(raw), "/s");
    report.add("churn_engine_per_s", "engine (commands, journal, snapshots)", median(engine), "/s");
    report.add("churn_ratio", "  engine / raw", ratio, "x", verdict(ratio, kTargetChurn, true));
    report.add("churn_raw_us_per_cycle", "raw loop: time per cycle", 1e6 / median(raw), "us");
    report.add("churn_engine_cpu_us_per_cycle", "engine thread: CPU per cycle", median(engineCpu), "us");
    report.add("churn_engine_busy_pct", "engine thread: busy", median(engineBusy), "%");
    return {};
}

} // namespace bench
