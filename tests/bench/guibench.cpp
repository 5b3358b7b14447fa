// The GUI thread under load, measured with a 1 ms timer on it: gui_lag_p99_ms while the
// generator streams at full speed with every panel visible, and burst_stall_ms, the longest
// stall while (and just after) an outside client pours 1 GiB into an accepted socket shown
// in the payload console.
#include "tests/bench/benchmarks.h"
#include "tests/bench/flowbenchsupport.h"

#include "app/enginebridge.h"
#include "app/generatorpanel.h"
#include "app/mainwindow.h"
#include "app/payloadpanel.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"

#include "core/sys/fd.h"

#include <QCheckBox>

#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <thread>

namespace bench {
namespace {

constexpr double kTargetLagMs = 16;
constexpr double kTargetStallMs = 50;
constexpr auto kLagWindow = std::chrono::seconds(3);
constexpr std::uint64_t kBurstBytes = 1ull << 30;

std::uint64_t bytesIn(GuiApp& app, sks::SocketId id)
{
    const sks::SocketInfo* s = app.bridge().sockets()->info(id);
    return s ? s->bytesIn : 0;
}

} // namespace

std::expected<void, std::string> guiLagBenchmark(const BenchOptions& options, Report& report)
{
    const std::string platform = startGui();
    auto started = GuiApp::start(true);
    if (!started)
        return std::unexpected(started.error());
    GuiApp& app = **started;
    const sks::SocketId listener = app.listen();
    const auto pair = listener ? app.connectTo(listener) : std::unexpected(std::string("no listener"));
    if (!pair)
        return std::unexpected(pair.error());
    const auto [client, accepted] = *pair;
    // Drive it as a person would: the generator panel streams from the selected client;
    // then the accepted socket is selected, so the payload console shows the stream.
    app.window().socketsPanel()->selectSocket(client);
    auto* generator = app.window().findChild<GeneratorPanel*>();
    if (!generator || generator->source() != client || generator->receiver() != accepted)
        return std::unexpected("the generator panel did not pick the pair");
    generator->setRate(0);
    generator->setLimit(GeneratorPanel::Limit::None);
    generator->start();
    app.window().socketsPanel()->selectSocket(accepted);
    if (!app.waitFor([&] { return bytesIn(app, accepted) > (256u << 20); }, std::chrono::seconds(30)))
        return std::unexpected("the generator did not get going");

    std::vector<double> p99, longest, rates, cpu, wait;
    LagMeter meter;
    for (int round = 0; round < options.rounds; ++round) {
        const std::uint64_t before = bytesIn(app, accepted);
        const auto start = std::chrono::steady_clock::now();
        meter.start();
        app.run(kLagWindow);
        meter.stop();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        p99.push_back(meter.percentile(99));
        longest.push_back(meter.longestGapMs());
        rates.push_back(static_cast<double>(bytesIn(app, accepted) - before) / 1e6 / seconds);
        cpu.push_back(meter.cpuMsPerSecond());
        wait.push_back(meter.waitMsPerSecond());
    }
    generator->stop();
    if (!app.waitFor([&] { return !generator->isRunning(); }, std::chrono::seconds(10)))
        return std::unexpected("the generator did not stop");
    report.setTitle("gui_lag: 1 ms timer on the GUI thread while the generator streams at full speed, every dock floating "
                    "(visible), payload console on the receiver; QT_QPA_PLATFORM=" + platform + "; medians of "
                    + std::to_string(p99.size()) + " rounds of 3 s");
    report.add("gui_lag_p99_ms", "GUI timer lateness, p99", median(p99), "ms", verdict(median(p99), kTargetLagMs, false));
    report.add("gui_lag_max_ms", "  longest gap between ticks", median(longest), "ms");
    report.add("gui_generator_mbps", "  generator meanwhile", median(rates), "MB/s");
    report.add("gui_thread_cpu_ms_per_s", "  GUI thread on a CPU", median(cpu), "ms/s");
    report.add("gui_thread_wait_ms_per_s", "  GUI thread ready, waiting for a CPU", median(wait), "ms/s");
    return {};
}

std::expected<void, std::string> burstStallBenchmark(const BenchOptions& options, Report& report)
{
    const std::string platform = startGui();
    auto started = GuiApp::start(true);
    if (!started)
        return std::unexpected(started.error());
    GuiApp& app = **started;
    SocketsModel& model = *app.bridge().sockets();
    const sks::SocketId listener = app.listen();
    if (!listener)
        return std::unexpected("the listener did not start");
    const sks::Endpoint target = model.info(listener)->local;
    auto* autoRecv = app.window().findChild<QCheckBox*>(QStringLiteral("autoRecvCheck"));
    std::vector<double> stalls, rates, cpu, wait;
    for (int round = 0; round < options.rounds; ++round) {
        // The outside client: a plain socket of this process, written from its own thread.
        sks::Fd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        const int before = model.rowCount(model.indexOf(listener));
        if (!client || ::connect(client.get(), target.sockaddrPtr(), target.length()) != 0)
            return std::unexpected("the outside client could not connect");
        if (!app.waitFor([&] { return model.rowCount(model.indexOf(listener)) == before + 1; }, std::chrono::seconds(10)))
            return std::unexpected("the app did not accept the outside client");
        const auto accepted = model.index(before, 0, model.indexOf(listener)).data(SocketsModel::SocketIdRole).value<sks::SocketId>();
        app.window().socketsPanel()->selectSocket(accepted);
        if (!app.waitFor([&] { return !autoRecv->isChecked() && autoRecv->isEnabled(); }, std::chrono::seconds(10)))
            return std::unexpected("the payload console did not show the accepted socket");
        autoRecv->click(); // the payload console's switch
        if (!app.waitFor([&] { return model.info(accepted)->autoRecv; }, std::chrono::seconds(10)))
            return std::unexpected("auto-receive did not switch on");

        LagMeter meter;
        meter.start();
        const auto start = std::chrono::steady_clock::now();
        std::atomic<bool> writeFailed = false;
        std::thread writer([&] {
            std::vector<char> chunk(1u << 20, 'x');
            for (std::uint64_t sent = 0; sent < kBurstBytes;) {
                const ssize_t n = ::send(client.get(), chunk.data(), chunk.size(), MSG_NOSIGNAL);
                if (n <= 0) {
                    writeFailed = true;
                    return;
                }
                sent += static_cast<std::uint64_t>(n);
            }
        });
        const bool arrived = app.waitFor([&] { return writeFailed || model.info(accepted)->bytesIn == kBurstBytes; }, std::chrono::seconds(120));
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        writer.join();
        app.run(std::chrono::milliseconds(300)); // what the burst leaves behind (journal, chart, dump)
        meter.stop();
        if (!arrived || writeFailed)
            return std::unexpected("round " + std::to_string(round) + ": the burst did not arrive (" + std::to_string(model.info(accepted)->bytesIn)
                                   + " bytes received" + (writeFailed ? ", send() failed" : "") + ")");
        stalls.push_back(meter.longestGapMs());
        cpu.push_back(meter.cpuMsPerSecond());
        wait.push_back(meter.waitMsPerSecond());
        rates.push_back(static_cast<double>(kBurstBytes) / 1e6 / seconds);
        client.reset();
        app.bridge().post(sks::cmd::Close{accepted});
    }
    report.setTitle("burst_stall: 1 GiB from an outside client (a thread of the bench) into an accepted socket shown in the "
                    "payload console, every dock floating; QT_QPA_PLATFORM=" + platform + "; medians of "
                    + std::to_string(stalls.size()) + " rounds");
    report.add("burst_stall_ms", "longest GUI stall during and after", median(stalls), "ms",
               verdict(median(stalls), kTargetStallMs, false));
    report.add("burst_mbps", "  burst arrived at", median(rates), "MB/s");
    report.add("burst_gui_cpu_ms_per_s", "  GUI thread on a CPU", median(cpu), "ms/s");
    report.add("burst_gui_wait_ms_per_s", "  GUI thread ready, waiting for a CPU", median(wait), "ms/s");
    return {};
}

} // namespace bench
