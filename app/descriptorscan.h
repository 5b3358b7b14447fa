#pragma once

#include <QObject>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// The process's own descriptor table as the kernel shows it in /proc/self/fd. Reading it
// is file I/O that grows with the table (about 150 ms for 20,000 descriptors here), so
// it runs on DescriptorScanner's thread, never on the GUI thread.
namespace fdscan {

enum class Kind : std::uint8_t {
    Socket,   // socket:[inode]
    Epoll,    // anon_inode:[eventpoll]
    EventFd,  // anon_inode:[eventfd]
    TimerFd,  // anon_inode:[timerfd]
    OtherAnon, // signalfd, inotify, ...
    Pipe,     // pipe:[inode]
    Device,   // /dev/...
    File,     // any other path
    Unknown,  // readlink failed (closed meanwhile)
};

struct Entry {
    int fd = -1;
    std::string target;        // what readlink() returned; empty for sockets (20,000 of them:
                               // "socket:[inode]" is rebuilt from the inode when shown)
    std::uint64_t inode = 0;   // sockets and pipes: the number in brackets
    Kind kind = Kind::Unknown;
    int watches = 0;           // an epoll instance: how many descriptors it watches
    int watchedBy = -1;        // the epoll descriptor watching this one, -1 if none
};

struct Scan {
    std::vector<Entry> entries; // ascending fd
    std::int64_t durationNs = 0;
    int error = 0;              // errno when /proc/self/fd could not be opened
};

// Reads /proc/self/fd (and /proc/self/fdinfo of each epoll instance, to learn what it
// watches). Any thread; blocks for as long as the kernel takes to list the table.
Scan scanOwnDescriptors();

Kind classify(const std::string& target);

} // namespace fdscan

// Runs scanOwnDescriptors() on a background thread of low priority. request() from the
// GUI thread; the result comes back as scanned() on the GUI thread. Requests made while
// a scan runs are merged into one more scan afterwards.
class DescriptorScanner final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DescriptorScanner)

public:
    explicit DescriptorScanner(QObject* parent = nullptr);
    // Waits for a running scan to finish, then stops the thread.
    ~DescriptorScanner() override;

    void request();

Q_SIGNALS:
    void scanned(std::shared_ptr<const fdscan::Scan> scan);

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_requested = false;
    bool m_stop = false;
    std::thread m_thread;
};
