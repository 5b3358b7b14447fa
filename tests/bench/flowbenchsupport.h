#pragma once
// Shared pieces of the live-panel measurements: waiting on an engine without Qt, connected
// socket pairs inside an engine, the GUI application (offscreen) with the real main window,
// a 1 ms timer that measures how late the GUI thread is, and heap accounting.

#include "core/engine/engine.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

class EngineBridge;
class MainWindow;
class QTimer;

namespace bench {

// Collects an engine's batches without Qt: poll() on notifyFd(), latest snapshot per socket
// (unless `keepSockets` is false: then only `onSocket` sees them, and nothing is stored).
class EngineWatch {
public:
    explicit EngineWatch(sks::Engine& engine, bool keepSockets = true);

    // Pumps batches until done() holds or `timeout` passes; returns done().
    bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Waits up to `timeoutMs` for one wake-up and applies what came.
    void pump(int timeoutMs);
    const sks::SocketInfo* socket(sks::SocketId id) const;

    std::function<void(const sks::SocketInfo&)> onSocket;
    sks::Totals totals;

private:
    sks::Engine& m_engine;
    bool m_keepSockets;
    std::unordered_map<sks::SocketId, sks::SocketInfo> m_sockets;
};

// A connected pair inside an engine: `sender` (a client, or a socketpair's first end) and
// `receiver` (its accepted peer or the second end), receiver in auto-receive.
struct EnginePair {
    sks::SocketId listener = 0; // 0 for a socketpair
    sks::SocketId sender = 0;
    sks::SocketId receiver = 0;
};
std::expected<EnginePair, std::string> tcpPair(sks::Engine& engine, EngineWatch& watch, int backlog = 16);
std::expected<EnginePair, std::string> unixPair(sks::Engine& engine, EngineWatch& watch);

// The process's QApplication, created on first use under QT_QPA_PLATFORM=offscreen unless
// the variable is already set. Returns the platform's name ("offscreen", "xcb").
std::string startGui();

// The app as the user runs it: engine, bridge and main window, shown. `floatEveryDock`
// makes every dock a floating window so that every panel is visible and paints.
class GuiApp {
public:
    static std::expected<std::unique_ptr<GuiApp>, std::string> start(bool floatEveryDock);
    ~GuiApp();
    GuiApp(const GuiApp&) = delete;
    GuiApp& operator=(const GuiApp&) = delete;

    sks::Engine& engine() const noexcept { return *m_engine; }
    EngineBridge& bridge() const noexcept { return *m_bridge; }
    MainWindow& window() const noexcept { return *m_window; }

    // Runs the GUI event loop until done() holds (checked every millisecond) or `timeout`.
    bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout);
    // Runs the event loop for `duration`.
    void run(std::chrono::milliseconds duration);
    // Tear-down in the destructor's order, one piece at a time (the memory breakdown).
    void destroyWindow();
    void destroyBridge();
    void destroyEngine();
    // A listener (auto-accept, backlog 4096) on 127.0.0.1:0; 0 on failure.
    sks::SocketId listen();
    // A client connected to `listener` and its accepted peer.
    std::expected<std::pair<sks::SocketId, sks::SocketId>, std::string> connectTo(sks::SocketId listener);

private:
    GuiApp() = default;
    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
};

// A 1 ms precise timer on the GUI thread, recording the interval between its ticks: what it
// exceeds 1 ms by is the time the GUI thread was busy elsewhere (or not scheduled).
class LagMeter {
public:
    LagMeter();
    ~LagMeter();
    LagMeter(const LagMeter&) = delete;
    LagMeter& operator=(const LagMeter&) = delete;

    void start();
    void stop();
    // Lateness of each tick past its 1 ms, in milliseconds.
    const std::vector<double>& lateness() const noexcept { return m_lateness; }
    double percentile(double p) const;
    double longestGapMs() const; // the longest interval between two ticks
    // Between start() and stop(), from the kernel's schedstat for the GUI thread: the time
    // it ran on a CPU, and the time it was ready to run but waited for one (other
    // processes on a busy machine), both in ms per second of wall time.
    double cpuMsPerSecond() const noexcept { return m_cpuMsPerSecond; }
    double waitMsPerSecond() const noexcept { return m_waitMsPerSecond; }

private:
    std::unique_ptr<QTimer> m_timer;
    std::chrono::steady_clock::time_point m_last;
    std::chrono::steady_clock::time_point m_started;
    std::vector<double> m_lateness;
    std::pair<double, double> m_schedAtStart; // run, wait (ns)
    double m_cpuMsPerSecond = 0;
    double m_waitMsPerSecond = 0;
};

// Bytes malloc has handed out and not taken back (arena chunks in use + mmapped chunks).
std::size_t heapInUse();
// Resident set size from /proc/self/statm, in bytes.
std::size_t residentBytes();
double percentileOf(std::vector<double> values, double p);
std::string verdict(double value, double target, bool atLeast);

} // namespace bench
