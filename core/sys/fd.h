#pragma once

#include <utility>

namespace sks {

// Move-only owner of one file descriptor. Closes it on destruction unless released.
// Not thread-safe; an Fd belongs to whichever thread holds it.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) noexcept : m_fd(fd) {}
    ~Fd();
    Fd(Fd&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}
    Fd& operator=(Fd&& other) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;

    int get() const noexcept { return m_fd; }
    bool valid() const noexcept { return m_fd >= 0; }
    explicit operator bool() const noexcept { return valid(); }

    // Gives up ownership; the caller must close the returned descriptor.
    int release() noexcept { return std::exchange(m_fd, -1); }
    // Closes now and returns close()'s result: 0, or -1 with errno set.
    int reset() noexcept;

private:
    int m_fd = -1;
};

} // namespace sks
