#include "core/sys/fd.h"

#include <unistd.h>

namespace sks {

Fd::~Fd() { reset(); }

Fd& Fd::operator=(Fd&& other) noexcept
{
    if (this != &other) {
        reset();
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

int Fd::reset() noexcept
{
    if (m_fd < 0)
        return 0;
    // Linux closes the descriptor even when close() reports EINTR: never retry.
    return ::close(std::exchange(m_fd, -1));
}

} // namespace sks
