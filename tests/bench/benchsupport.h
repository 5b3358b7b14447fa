#pragma once
// Shared pieces of sockscope-bench: a report of named figures, medians, a clean process
// to time other programs from, the fd limit, and many loopback connections at once.

#include "core/sys/fd.h"

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// What every measurement gets from the command line.
struct BenchOptions {
    int rounds = 7;            // timed rounds per figure (after one warm-up round)
    double maxSeconds = 120;   // a measurement stops adding rounds after this long (>= 1 round)
    int connections = 9900;   // for measurements that open loopback connections
};

// One result: a JSON key (snake_case, unique across measurements), a label for the table,
// the value and its unit ("ms", "x", "B", "" for counts), and an optional note.
struct Figure {
    std::string key;
    std::string label;
    double value = 0;
    std::string unit;
    std::string note;
};

class Report {
public:
    void add(std::string key, std::string label, double value, std::string unit, std::string note = {});
    // A line printed above this measurement's rows in the table.
    void setTitle(std::string title) { m_title = std::move(title); }
    const std::string& title() const noexcept { return m_title; }
    const std::vector<Figure>& figures() const noexcept { return m_figures; }

private:
    std::string m_title;
    std::vector<Figure> m_figures;
};

double median(std::vector<double> values);

// Milliseconds `work()` takes, on the monotonic clock.
template <class Work>
double millisecondsOf(Work&& work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    const auto stop = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::milli>(stop - start).count();
}

// A child process, forked while the benchmark holds few descriptors, that starts programs
// on request and times them. Timing `ss` from here keeps the benchmark's own thousands of
// descriptors out of ss's fork/exec cost, as if it were run from a shell.
class ProgramTimer {
public:
    // Forks the helper. Call before opening many descriptors, and before starting threads.
    static std::expected<ProgramTimer, std::string> start();
    ProgramTimer(ProgramTimer&& other) noexcept;
    ProgramTimer& operator=(ProgramTimer&&) = delete;
    ~ProgramTimer(); // stops the helper and reaps it

    // Runs argv (searched in PATH) with stdout and stderr on /dev/null, waits for it, and
    // returns the wall time from spawn to exit in milliseconds. Fails if it exits non-zero.
    std::expected<double, std::string> time(const std::vector<std::string>& argv);

private:
    ProgramTimer(pid_t pid, sks::Fd requests, sks::Fd replies) noexcept;
    pid_t m_pid = -1;
    sks::Fd m_requests;
    sks::Fd m_replies;
};

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the new soft limit.
std::expected<std::uint64_t, std::string> raiseDescriptorLimit();

// `count` established TCP connections over 127.0.0.1 (a listener on port 0, both ends of
// every connection kept open). Closing resets them (SO_LINGER 0) so no TIME-WAIT is left.
class LoopbackConnections {
public:
    static std::expected<LoopbackConnections, std::string> open(int count);
    LoopbackConnections(LoopbackConnections&&) noexcept = default;
    LoopbackConnections& operator=(LoopbackConnections&&) noexcept = default;
    ~LoopbackConnections();

    int count() const noexcept { return static_cast<int>(m_clients.size()); }

private:
    LoopbackConnections() = default;
    sks::Fd m_listener;
    std::vector<sks::Fd> m_clients;
    std::vector<sks::Fd> m_servers;
};

} // namespace bench
