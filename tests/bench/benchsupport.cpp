#include "tests/bench/benchsupport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

extern char** environ;

namespace bench {
namespace {

std::string errnoText(std::string_view call, int code)
{
    return std::string(call) + ": " + std::strerror(code);
}

bool writeAll(int fd, const void* data, std::size_t length)
{
    const auto* bytes = static_cast<const char*>(data);
    while (length > 0) {
        const ssize_t n = ::write(fd, bytes, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        bytes += n;
        length -= static_cast<std::size_t>(n);
    }
    return true;
}

bool readAll(int fd, void* data, std::size_t length)
{
    auto* bytes = static_cast<char*>(data);
    while (length > 0) {
        const ssize_t n = ::read(fd, bytes, length);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        bytes += n;
        length -= static_cast<std::size_t>(n);
    }
    return true;
}

struct TimerReply {
    double milliseconds = 0;
    int status = 0;     // waitpid status
    int spawnError = 0; // posix_spawnp's error, 0 when it started
};

constexpr std::uint32_t kMaxRequestBytes = 4096;

// Runs one request: NUL-separated argv, spawned with stdout/stderr on /dev/null.
TimerReply runRequest(std::string& request)
{
    std::vector<char*> argv;
    for (std::size_t i = 0; i < request.size(); i += std::strlen(request.data() + i) + 1)
        argv.push_back(request.data() + i);
    argv.push_back(nullptr);
    TimerReply reply;
    posix_spawn_file_actions_t actions;
    reply.spawnError = ::posix_spawn_file_actions_init(&actions);
    if (reply.spawnError != 0)
        return reply;
    reply.spawnError = ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    if (reply.spawnError == 0)
        reply.spawnError = ::posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = -1;
    const auto start = std::chrono::steady_clock::now();
    if (reply.spawnError == 0)
        reply.spawnError = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    if (reply.spawnError == 0) {
        while (::waitpid(pid, &reply.status, 0) < 0 && errno == EINTR) {
        }
    }
    const auto stop = std::chrono::steady_clock::now();
    ::posix_spawn_file_actions_destroy(&actions);
    reply.milliseconds = std::chrono::duration<double, std::milli>(stop - start).count();
    return reply;
}

[[noreturn]] void timerChildLoop(int requests, int replies)
{
    constexpr int kMaxRequests = 1 << 20;
    for (int i = 0; i < kMaxRequests; ++i) {
        std::uint32_t length = 0;
        if (!readAll(requests, &length, sizeof length) || length == 0 || length > kMaxRequestBytes)
            break;
        std::string request(length, '\0');
        if (!readAll(requests, request.data(), length))
            break;
        request.push_back('\0');
        const TimerReply reply = runRequest(request);
        if (!writeAll(replies, &reply, sizeof reply))
            break;
    }
    ::_exit(0);
}

} // namespace

void Report::add(std::string key, std::string label, double value, std::string unit, std::string note)
{
    m_figures.push_back(Figure{std::move(key), std::move(label), value, std::move(unit), std::move(note)});
}

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    if (values.size() % 2 == 1)
        return *middle;
    const double upper = *middle;
    return (upper + *std::max_element(values.begin(), middle)) / 2;
}

ProgramTimer::ProgramTimer(pid_t pid, sks::Fd requests, sks::Fd replies) noexcept
    : m_pid(pid), m_requests(std::move(requests)), m_replies(std::move(replies))
{
}

ProgramTimer::ProgramTimer(ProgramTimer&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)), m_requests(std::move(other.m_requests)), m_replies(std::move(other.m_replies))
{
}

std::expected<ProgramTimer, std::string> ProgramTimer::start()
{
    int toChild[2] = {-1, -1};
    int fromChild[2] = {-1, -1};
    if (::pipe2(toChild, O_CLOEXEC) != 0)
        return std::unexpected(errnoText("pipe2", errno));
    sks::Fd toRead(toChild[0]), toWrite(toChild[1]);
    if (::pipe2(fromChild, O_CLOEXEC) != 0)
        return std::unexpected(errnoText("pipe2", errno));
    sks::Fd fromRead(fromChild[0]), fromWrite(fromChild[1]);
    const pid_t pid = ::fork();
    if (pid < 0)
        return std::unexpected(errnoText("fork", errno));
    if (pid == 0) {
        toWrite.reset();
        fromRead.reset();
        timerChildLoop(toRead.get(), fromWrite.get());
    }
    return ProgramTimer(pid, std::move(toWrite), std::move(fromRead));
}

ProgramTimer::~ProgramTimer()
{
    if (m_pid <= 0)
        return;
    m_requests.reset(); // EOF: the helper exits
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
}

std::expected<double, std::string> ProgramTimer::time(const std::vector<std::string>& argv)
{
    std::string request;
    for (const std::string& arg : argv)
        request.append(arg).push_back('\0');
    request.pop_back();
    const auto length = static_cast<std::uint32_t>(request.size());
    if (argv.empty() || length > kMaxRequestBytes)
        return std::unexpected(std::string("bad command line for the program timer"));
    TimerReply reply;
    if (!writeAll(m_requests.get(), &length, sizeof length) || !writeAll(m_requests.get(), request.data(), length)
        || !readAll(m_replies.get(), &reply, sizeof reply))
        return std::unexpected(std::string("the program timer process is gone"));
    if (reply.spawnError != 0)
        return std::unexpected(errnoText("posix_spawnp " + argv[0], reply.spawnError));
    if (!WIFEXITED(reply.status) || WEXITSTATUS(reply.status) != 0)
        return std::unexpected(argv[0] + " failed (wait status " + std::to_string(reply.status) + ")");
    return reply.milliseconds;
}

std::expected<std::uint64_t, std::string> raiseDescriptorLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return std::unexpected(errnoText("getrlimit", errno));
    if (limit.rlim_cur != limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0)
            return std::unexpected(errnoText("setrlimit", errno));
    }
    return static_cast<std::uint64_t>(limit.rlim_cur);
}

std::expected<LoopbackConnections, std::string> LoopbackConnections::open(int count)
{
    LoopbackConnections set;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    set.m_listener = sks::Fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!set.m_listener || ::bind(set.m_listener.get(), reinterpret_cast<sockaddr*>(&address), length) != 0
        || ::listen(set.m_listener.get(), 128) != 0
        || ::getsockname(set.m_listener.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return std::unexpected(errnoText("listener on 127.0.0.1:0", errno));
    set.m_clients.reserve(static_cast<std::size_t>(count));
    set.m_servers.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        sks::Fd client(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (!client || ::connect(client.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            return std::unexpected(errnoText("connection " + std::to_string(i + 1), errno));
        sks::Fd server(::accept4(set.m_listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (!server)
            return std::unexpected(errnoText("accept of connection " + std::to_string(i + 1), errno));
        set.m_clients.push_back(std::move(client));
        set.m_servers.push_back(std::move(server));
    }
    return set;
}

LoopbackConnections::~LoopbackConnections()
{
    // A reset instead of FIN/ACK leaves no TIME-WAIT sockets behind for the next run.
    const linger reset{1, 0};
    for (sks::Fd& fd : m_clients)
        static_cast<void>(::setsockopt(fd.get(), SOL_SOCKET, SO_LINGER, &reset, sizeof reset));
    m_clients.clear(); // before the servers, so the servers never send a FIN
}

} // namespace bench
