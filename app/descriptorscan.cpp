#include "app/descriptorscan.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <charconv>
#include <cstring>
#include <unordered_map>

namespace fdscan {
namespace {

std::uint64_t bracketNumber(const std::string& target)
{
    const auto open = target.find('[');
    const auto close = target.find(']', open);
    std::uint64_t value = 0;
    if (open == std::string::npos || close == std::string::npos)
        return 0;
    std::from_chars(target.data() + open + 1, target.data() + close, value);
    return value;
}

std::string readSmallFile(int dirFd, const char* name)
{
    std::string text;
    const int fd = ::openat(dirFd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return text;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return text;
}

// "tfd:        7 events:       19 data: ..." : the descriptors an epoll instance watches.
std::vector<int> epollTargets(int fdinfoDir, int epollFd)
{
    std::vector<int> targets;
    const std::string text = readSmallFile(fdinfoDir, std::to_string(epollFd).c_str());
    std::size_t pos = 0;
    while ((pos = text.find("tfd:", pos)) != std::string::npos) {
        pos += 4;
        while (pos < text.size() && text[pos] == ' ')
            ++pos;
        int target = -1;
        std::from_chars(text.data() + pos, text.data() + text.size(), target);
        if (target >= 0)
            targets.push_back(target);
    }
    return targets;
}

void linkEpollTargets(std::vector<Entry>& entries)
{
    const int fdinfo = ::open("/proc/self/fdinfo", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fdinfo < 0)
        return;
    std::unordered_map<int, std::size_t> byFd;
    for (std::size_t i = 0; i < entries.size(); ++i)
        byFd.emplace(entries[i].fd, i);
    for (Entry& e : entries) {
        if (e.kind != Kind::Epoll)
            continue;
        const std::vector<int> targets = epollTargets(fdinfo, e.fd);
        e.watches = static_cast<int>(targets.size());
        for (const int target : targets)
            if (const auto it = byFd.find(target); it != byFd.end())
                entries[it->second].watchedBy = e.fd;
    }
    ::close(fdinfo);
}

} // namespace

Kind classify(const std::string& target)
{
    if (target.starts_with("socket:["))
        return Kind::Socket;
    if (target == "anon_inode:[eventpoll]")
        return Kind::Epoll;
    if (target == "anon_inode:[eventfd]")
        return Kind::EventFd;
    if (target == "anon_inode:[timerfd]")
        return Kind::TimerFd;
    if (target.starts_with("anon_inode:"))
        return Kind::OtherAnon;
    if (target.starts_with("pipe:["))
        return Kind::Pipe;
    if (target.starts_with("/dev/"))
        return Kind::Device;
    if (target.starts_with("/"))
        return Kind::File;
    return Kind::Unknown;
}

Scan scanOwnDescriptors()
{
    const auto start = std::chrono::steady_clock::now();
    Scan scan;
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) {
        scan.error = errno;
        return scan;
    }
    const int dirFd = ::dirfd(dir);
    char target[4096];
    while (const dirent* d = ::readdir(dir)) {
        int fd = -1;
        const auto [end, ec] = std::from_chars(d->d_name, d->d_name + std::strlen(d->d_name), fd);
        if (ec != std::errc() || *end != '\0' || fd == dirFd)
            continue; // ".", ".." and the directory listing itself
        Entry e;
        e.fd = fd;
        const ssize_t n = ::readlinkat(dirFd, d->d_name, target, sizeof target - 1);
        if (n > 0) {
            std::string text(target, static_cast<std::size_t>(n));
            e.kind = classify(text);
            if (e.kind == Kind::Socket || e.kind == Kind::Pipe)
                e.inode = bracketNumber(text);
            if (e.kind != Kind::Socket)
                e.target = std::move(text);
        }
        scan.entries.push_back(std::move(e));
    }
    ::closedir(dir);
    std::ranges::sort(scan.entries, {}, &Entry::fd);
    linkEpollTargets(scan.entries);
    scan.durationNs = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::steady_clock::now() - start).count();
    return scan;
}

} // namespace fdscan

DescriptorScanner::DescriptorScanner(QObject* parent)
    : QObject(parent)
    , m_thread([this] { run(); })
{
}

DescriptorScanner::~DescriptorScanner()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void DescriptorScanner::request()
{
    {
        const std::lock_guard lock(m_mutex);
        m_requested = true;
    }
    m_wake.notify_one();
}

void DescriptorScanner::run()
{
    // A background look at /proc must never take CPU from the engine thread.
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);
    ::pthread_setname_np(::pthread_self(), "sks-fdscan");
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_requested || m_stop; });
        if (m_stop)
            return;
        m_requested = false;
        lock.unlock();
        auto scan = std::make_shared<const fdscan::Scan>(fdscan::scanOwnDescriptors());
        // Queued to this object, on the GUI thread; discarded if it is gone by then (the
        // destructor joins this thread first, so `this` is alive while we post).
        QMetaObject::invokeMethod(this, [this, scan] { Q_EMIT scanned(scan); }, Qt::QueuedConnection);
        lock.lock();
    }
}
