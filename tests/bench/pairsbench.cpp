// 9,990 client/server pairs (19,980 sockets) created through the engine and shown in the
// app: the time to create them, user-space memory per socket (heap, mallinfo2), and how
// late the GUI thread runs with all of them in the sockets tree and every panel visible.
#include "tests/bench/benchmarks.h"
#include "tests/bench/flowbenchsupport.h"

#include "app/enginebridge.h"
#include "app/lessonsession.h"
#include "app/mainwindow.h"
#include "app/socketsmodel.h"

namespace bench {
namespace {

constexpr int kPairs = 9990;
constexpr std::uint64_t kSpareDescriptors = 20; // stdio, the engine's own, Qt's
constexpr int kInFlight = 1000;                 // connects posted ahead (backlog is 4096)
constexpr double kTargetBytesPerSocket = 2048;
constexpr double kTargetLagMs = 16;
constexpr auto kLagWindow = std::chrono::seconds(3);

// Heap freed by tearing the app down one piece at a time, in bytes: the session recorder
// ("Save session as lesson"), the rest of the window (panels and their models), the
// bridge's models (sockets tree, journal) and the engine.
struct Shares {
    double recorder = 0;
    double window = 0;
    double models = 0;
    double engine = 0;
};

Shares tearDown(GuiApp& app)
{
    Shares shares;
    std::size_t before = heapInUse();
    const auto freed = [&before] {
        const std::size_t now = heapInUse();
        const double delta = static_cast<double>(before) - static_cast<double>(now);
        before = now;
        return delta;
    };
    delete app.window().findChild<LessonSession*>(); // only user actions use it later
    shares.recorder = freed();
    app.destroyWindow();
    shares.window = freed();
    app.destroyBridge();
    shares.models = freed();
    app.destroyEngine();
    shares.engine = freed();
    return shares;
}

struct PairsRound {
    Shares shares; // absolute; minus an empty app's, per socket, they make the breakdown
    double createSeconds = 0;
    double bytesPerSocket = 0;
    double residentPerSocket = 0;
    double lagP99 = 0;
    double lagMax = 0;
    double waitMsPerSecond = 0;
};

// Through the whole app: the window shown with every dock floating. `pairs` 0: the
// empty app's tear-down figures only.
std::expected<PairsRound, std::string> appRound(int pairs)
{
    auto started = GuiApp::start(true);
    if (!started)
        return std::unexpected(started.error());
    GuiApp& app = **started;
    SocketsModel& model = *app.bridge().sockets();
    const sks::SocketId listener = app.listen();
    if (!listener)
        return std::unexpected("the listener did not start");
    const sks::Endpoint target = model.info(listener)->local;
    app.run(std::chrono::milliseconds(300));
    const std::size_t heapBefore = heapInUse();
    if (heapBefore == 0) // glibc's malloc replaced (valgrind, a sanitizer): no figure rather than "0 B, met"
        return std::unexpected("mallinfo2() reports no heap in use: malloc is not glibc's here (valgrind? a sanitizer?)");
    const std::size_t residentBefore = residentBytes();

    std::vector<sks::SocketId> clients;
    clients.reserve(static_cast<std::size_t>(pairs));
    std::size_t connected = 0;
    const auto start = std::chrono::steady_clock::now();
    const bool done = app.waitFor([&] {
        while (connected < clients.size() && model.info(clients[connected])
               && model.info(clients[connected])->state == sks::SocketState::Connected)
            ++connected;
        while (static_cast<int>(clients.size()) < pairs && clients.size() - connected < kInFlight) {
            const sks::SocketId id = app.bridge().createSocket(sks::Family::IPv4, sks::Role::Client);
            app.bridge().post(sks::cmd::Connect{id, target});
            clients.push_back(id);
        }
        return static_cast<int>(connected) == pairs && model.rowCount(model.indexOf(listener)) == pairs;
    }, std::chrono::seconds(600));
    PairsRound round;
    round.createSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!done)
        return std::unexpected("only " + std::to_string(connected) + " of " + std::to_string(pairs) + " clients connected and "
                               + std::to_string(model.rowCount(model.indexOf(listener))) + " accepted");
    app.run(std::chrono::milliseconds(500)); // the last batches, layouts and paints
    if (pairs == 0) {
        round.shares = tearDown(app);
        return round;
    }
    const double sockets = 2.0 * pairs;
    round.bytesPerSocket = static_cast<double>(heapInUse() - heapBefore) / sockets;
    round.residentPerSocket = static_cast<double>(residentBytes() - residentBefore) / sockets;

    LagMeter meter;
    meter.start();
    app.run(kLagWindow);
    meter.stop();
    round.lagP99 = meter.percentile(99);
    round.lagMax = meter.longestGapMs();
    round.waitMsPerSecond = meter.waitMsPerSecond();
    round.shares = tearDown(app);
    return round;
}

// The engine alone (no GUI, nothing kept of the snapshots): its share of the memory.
std::expected<double, std::string> engineBytesPerSocket(int pairs)
{
    auto started = sks::Engine::start();
    if (!started)
        return std::unexpected(started.error().toString());
    sks::Engine& engine = **started;
    EngineWatch setup(engine);
    const sks::SocketId listener = engine.create(sks::Family::IPv4, sks::SockType::Stream, sks::Role::Server);
    engine.post(sks::cmd::Bind{listener, sks::Endpoint::ipv4Loopback(0)});
    engine.post(sks::cmd::Listen{listener, 4096});
    engine.post(sks::cmd::SetAutoAccept{listener, true});
    if (!setup.waitFor([&] { return setup.socket(listener) && setup.socket(listener)->state == sks::SocketState::Listening; }))
        return std::unexpected("the listener did not start");
    const sks::Endpoint target = setup.socket(listener)->local;
    const std::size_t heapBefore = heapInUse();
    if (heapBefore == 0) // glibc's malloc replaced (valgrind, a sanitizer): no figure rather than "0 B, met"
        return std::unexpected("mallinfo2() reports no heap in use: malloc is not glibc's here (valgrind? a sanitizer?)");
    EngineWatch watch(engine, false);
    int connected = 0;
    int accepted = 0;
    std::vector<char> seen(static_cast<std::size_t>(pairs) * 2 + 16, 0);
    watch.onSocket = [&](const sks::SocketInfo& s) {
        if (s.id >= seen.size() || seen[s.id])
            return;
        if (s.state == sks::SocketState::Connected && s.role == sks::Role::Client)
            seen[s.id] = 1, ++connected;
        else if (s.state == sks::SocketState::Accepted && s.parent == listener)
            seen[s.id] = 1, ++accepted;
    };
    int posted = 0;
    const bool done = watch.waitFor([&] {
        for (; posted < pairs && posted - connected < kInFlight; ++posted)
            engine.post(sks::cmd::Connect{engine.create(sks::Family::IPv4, sks::SockType::Stream, sks::Role::Client), target});
        return connected == pairs && accepted == pairs;
    }, std::chrono::seconds(600));
    if (!done)
        return std::unexpected("engine only: " + std::to_string(connected) + " connected, " + std::to_string(accepted) + " accepted");
    watch.pump(50);
    return static_cast<double>(heapInUse() - heapBefore - seen.size()) / (2.0 * pairs);
}

} // namespace

std::expected<void, std::string> pairsBenchmark(const BenchOptions& options, Report& report)
{
    const auto limit = raiseDescriptorLimit();
    if (!limit)
        return std::unexpected(limit.error());
    const int pairs = static_cast<int>(std::min<std::uint64_t>(kPairs, (*limit - kSpareDescriptors) / 2));
    const std::string platform = startGui();
    const auto engineOnly = engineBytesPerSocket(pairs);
    if (!engineOnly)
        return std::unexpected(engineOnly.error());
    const auto empty = appRound(0);
    if (!empty)
        return std::unexpected(empty.error());
    std::vector<double> create, bytes, resident, lagP99, lagMax, wait, recorder, window, models, engine;
    const double sockets = 2.0 * pairs;
    const auto perSocket = [sockets](double withPairs, double withoutPairs) { return (withPairs - withoutPairs) / sockets; };
    const int rounds = std::min(options.rounds, 3); // each round creates and tears down 19,980 sockets
    for (int r = 0; r < rounds; ++r) {
        const auto round = appRound(pairs);
        if (!round)
            return std::unexpected(round.error());
        create.push_back(round->createSeconds);
        bytes.push_back(round->bytesPerSocket);
        resident.push_back(round->residentPerSocket);
        lagP99.push_back(round->lagP99);
        lagMax.push_back(round->lagMax);
        wait.push_back(round->waitMsPerSecond);
        recorder.push_back(perSocket(round->shares.recorder, empty->shares.recorder));
        window.push_back(perSocket(round->shares.window, empty->shares.window));
        models.push_back(perSocket(round->shares.models, empty->shares.models));
        engine.push_back(perSocket(round->shares.engine, empty->shares.engine));
    }
    report.setTitle("pairs: " + std::to_string(pairs) + " client/server pairs (" + std::to_string(2 * pairs)
                    + " sockets) through the app, GUI on QT_QPA_PLATFORM=" + platform + ", every dock floating (visible); medians of "
                    + std::to_string(rounds) + " rounds");
    report.add("pairs", "client/server pairs", pairs, "");
    report.add("create_s", "time to create them (all in the tree)", median(create), "s");
    report.add("bytes_per_socket", "heap per socket, whole app", median(bytes), "B",
               verdict(median(bytes), kTargetBytesPerSocket, false));
    report.add("engine_bytes_per_socket", "  of which the engine alone", *engineOnly, "B");
    // What tearing the app down piece by piece frees, per socket, beyond an empty app's.
    report.add("engine_share_bytes_per_socket", "  freed with the engine", median(engine), "B");
    report.add("models_share_bytes_per_socket", "  freed with the sockets tree and journal", median(models), "B");
    report.add("recorder_share_bytes_per_socket", "  freed with the session recorder", median(recorder), "B");
    report.add("window_share_bytes_per_socket", "  freed with the other panels and views", median(window), "B");
    report.add("rss_bytes_per_socket", "resident set per socket, whole app", median(resident), "B");
    report.add("pairs_gui_lag_p99_ms", "GUI lag p99, all pairs in the tree", median(lagP99), "ms",
               verdict(median(lagP99), kTargetLagMs, false));
    report.add("pairs_gui_lag_max_ms", "  longest GUI gap", median(lagMax), "ms");
    report.add("pairs_gui_wait_ms_per_s", "  GUI thread ready, waiting for a CPU", median(wait), "ms/s");
    return {};
}

} // namespace bench
