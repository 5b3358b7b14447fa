#include "tests/bench/flowbenchsupport.h"

#include "app/enginebridge.h"
#include "app/mainwindow.h"
#include "app/socketsmodel.h"

#include <QApplication>
#include <QDockWidget>
#include <QEventLoop>
#include <QTimer>

#include <malloc.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace bench {

EngineWatch::EngineWatch(sks::Engine& engine, bool keepSockets) : m_engine(engine), m_keepSockets(keepSockets) {}

void EngineWatch::pump(int timeoutMs)
{
    pollfd p{m_engine.notifyFd(), POLLIN, 0};
    if (::poll(&p, 1, timeoutMs) <= 0)
        return;
    for (sks::EventBatch& batch : m_engine.takeBatches()) {
        for (sks::SocketInfo& s : batch.sockets) {
            if (onSocket)
                onSocket(s);
            if (m_keepSockets)
                m_sockets[s.id] = std::move(s);
        }
        totals = batch.totals;
    }
}

bool EngineWatch::waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pump(static_cast<int>(std::min<long long>(left.count(), 100)));
    }
    return true;
}

const sks::SocketInfo* EngineWatch::socket(sks::SocketId id) const
{
    const auto it = m_sockets.find(id);
    return it == m_sockets.end() ? nullptr : &it->second;
}

std::expected<EnginePair, std::string> tcpPair(sks::Engine& engine, EngineWatch& watch, int backlog)
{
    EnginePair pair;
    pair.listener = engine.create(sks::Family::IPv4, sks::SockType::Stream, sks::Role::Server);
    engine.post(sks::cmd::Bind{pair.listener, sks::Endpoint::ipv4Loopback(0)});
    engine.post(sks::cmd::Listen{pair.listener, backlog});
    engine.post(sks::cmd::SetAutoAccept{pair.listener, true});
    if (!watch.waitFor([&] { return watch.socket(pair.listener) && watch.socket(pair.listener)->state == sks::SocketState::Listening; }))
        return std::unexpected("the listener did not start listening");
    pair.sender = engine.create(sks::Family::IPv4, sks::SockType::Stream, sks::Role::Client);
    engine.post(sks::cmd::Connect{pair.sender, watch.socket(pair.listener)->local});
    if (!watch.waitFor([&] { return watch.socket(pair.listener)->acceptedCount == 1; }))
        return std::unexpected("the connection was not accepted");
    for (sks::SocketId id = pair.sender + 1; id < pair.sender + 16 && !pair.receiver; ++id)
        if (const sks::SocketInfo* s = watch.socket(id); s && s->parent == pair.listener)
            pair.receiver = id;
    if (!pair.receiver)
        return std::unexpected("the accepted socket did not appear");
    engine.post(sks::cmd::SetAutoRecv{pair.receiver, true});
    if (!watch.waitFor([&] { return watch.socket(pair.receiver)->autoRecv && watch.socket(pair.sender)->state == sks::SocketState::Connected; }))
        return std::unexpected("auto-receive did not switch on");
    return pair;
}

std::expected<EnginePair, std::string> unixPair(sks::Engine& engine, EngineWatch& watch)
{
    EnginePair pair;
    pair.sender = engine.newSocketId();
    pair.receiver = engine.newSocketId();
    engine.post(sks::cmd::SocketPair{pair.sender, pair.receiver, sks::SockType::Stream});
    engine.post(sks::cmd::SetAutoRecv{pair.receiver, true});
    if (!watch.waitFor([&] { return watch.socket(pair.receiver) && watch.socket(pair.receiver)->autoRecv; }))
        return std::unexpected("socketpair() or auto-receive failed");
    return pair;
}

std::string startGui()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!QApplication::instance()) {
        static int argc = 1;
        static char name[] = "sockscope-bench";
        static char* argv[] = {name, nullptr};
        // Never destroyed: a static QApplication would outlive Qt's own statics at exit.
        new QApplication(argc, argv);
        // The offscreen platform says, for every floating dock, that it cannot raise it or
        // hint its size; that is expected here and would bury the table.
        static const QtMessageHandler previous = qInstallMessageHandler(nullptr);
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext& context, const QString& message) {
            if (message.startsWith(QLatin1String("This plugin does not support"))
                || message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR")))
                return;
            previous(type, context, message);
        });
    }
    return QApplication::platformName().toStdString();
}

std::expected<std::unique_ptr<GuiApp>, std::string> GuiApp::start(bool floatEveryDock)
{
    startGui();
    auto engine = sks::Engine::start();
    if (!engine)
        return std::unexpected("the engine did not start: " + engine.error().toString());
    std::unique_ptr<GuiApp> app(new GuiApp);
    app->m_engine = std::move(*engine);
    app->m_bridge = std::make_unique<EngineBridge>(*app->m_engine);
    app->m_window = std::make_unique<MainWindow>(*app->m_bridge);
    app->m_window->resize(1600, 1000);
    app->m_window->show();
    if (floatEveryDock) {
        int offset = 0;
        for (QDockWidget* dock : app->m_window->findChildren<QDockWidget*>()) {
            dock->setFloating(true);
            dock->resize(640, 420);
            dock->move(40 + offset, 40 + offset);
            dock->show();
            offset += 24;
        }
    }
    app->run(std::chrono::milliseconds(200)); // let the first layouts and paints settle
    return app;
}

GuiApp::~GuiApp()
{
    m_window.reset();
    m_bridge.reset();
    m_engine.reset();
}

void GuiApp::destroyWindow()
{
    m_window.reset();
}

void GuiApp::destroyBridge()
{
    m_bridge.reset();
}

void GuiApp::destroyEngine()
{
    m_engine.reset();
}

bool GuiApp::waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    check.setInterval(1);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    check.start();
    loop.exec();
    return done();
}

void GuiApp::run(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

sks::SocketId GuiApp::listen()
{
    SocketsModel& sockets = *m_bridge->sockets();
    const sks::SocketId id = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Server);
    m_bridge->post(sks::cmd::Bind{id, sks::Endpoint::ipv4Loopback(0)});
    m_bridge->post(sks::cmd::Listen{id, 4096});
    m_bridge->post(sks::cmd::SetAutoAccept{id, true});
    const bool ok = waitFor([&] {
        const sks::SocketInfo* s = sockets.info(id);
        return s && s->state == sks::SocketState::Listening && s->autoAccept;
    }, std::chrono::seconds(10));
    return ok ? id : 0;
}

std::expected<std::pair<sks::SocketId, sks::SocketId>, std::string> GuiApp::connectTo(sks::SocketId listener)
{
    SocketsModel& sockets = *m_bridge->sockets();
    const int before = sockets.rowCount(sockets.indexOf(listener));
    const sks::SocketId client = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Client);
    m_bridge->post(sks::cmd::Connect{client, sockets.info(listener)->local});
    const bool ok = waitFor([&] {
        const sks::SocketInfo* c = sockets.info(client);
        return c && c->state == sks::SocketState::Connected && sockets.rowCount(sockets.indexOf(listener)) == before + 1;
    }, std::chrono::seconds(10));
    if (!ok)
        return std::unexpected("the client did not connect");
    const QModelIndex child = sockets.index(before, 0, sockets.indexOf(listener));
    return std::pair(client, child.data(SocketsModel::SocketIdRole).value<sks::SocketId>());
}

LagMeter::LagMeter() : m_timer(std::make_unique<QTimer>())
{
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(1);
    QObject::connect(m_timer.get(), &QTimer::timeout, m_timer.get(), [this] {
        const auto now = std::chrono::steady_clock::now();
        m_lateness.push_back(std::chrono::duration<double, std::milli>(now - m_last).count() - 1.0);
        m_last = now;
    });
}

LagMeter::~LagMeter() = default;

namespace {

// The calling thread's time on a CPU and waiting for one, in ns (/proc/thread-self/schedstat).
std::pair<double, double> threadSchedStat()
{
    std::ifstream file("/proc/thread-self/schedstat");
    double run = 0;
    double wait = 0;
    file >> run >> wait;
    return {run, wait};
}

} // namespace

void LagMeter::start()
{
    m_lateness.clear();
    m_lateness.reserve(200'000);
    m_schedAtStart = threadSchedStat();
    m_started = m_last = std::chrono::steady_clock::now();
    m_timer->start();
}

void LagMeter::stop()
{
    m_timer->stop();
    const auto [run, wait] = threadSchedStat();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_started).count();
    m_cpuMsPerSecond = (run - m_schedAtStart.first) / 1e6 / seconds;
    m_waitMsPerSecond = (wait - m_schedAtStart.second) / 1e6 / seconds;
}

double LagMeter::percentile(double p) const
{
    return percentileOf(m_lateness, p);
}

double LagMeter::longestGapMs() const
{
    return m_lateness.empty() ? 0.0 : *std::ranges::max_element(m_lateness) + 1.0;
}

std::size_t heapInUse()
{
    const struct mallinfo2 info = ::mallinfo2();
    return info.uordblks + info.hblkhd; // arena chunks in use + mmapped chunks
}

std::size_t residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    std::size_t size = 0;
    std::size_t resident = 0;
    statm >> size >> resident;
    return resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

double percentileOf(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1) + 0.5);
    std::ranges::nth_element(values, values.begin() + static_cast<std::ptrdiff_t>(rank));
    return values[rank];
}

std::string verdict(double value, double target, bool atLeast)
{
    char text[64];
    const bool met = atLeast ? value >= target : value <= target;
    std::snprintf(text, sizeof text, "target %s %g: %s", atLeast ? ">=" : "<=", target, met ? "met" : "MISSED");
    return text;
}

} // namespace bench
