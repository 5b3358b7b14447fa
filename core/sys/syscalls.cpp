#include "core/sys/syscalls.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>

namespace sks::sys {
namespace {

SysError lastError(std::string_view call) { return SysError{errno, call}; }

// Runs `op` until it does not fail with EINTR.
template <class Op>
auto retryEintr(Op op)
{
    for (;;) {
        auto r = op();
        if (r >= 0 || errno != EINTR)
            return r;
    }
}

} // namespace

SysResult<Fd> socket(int domain, int type, int protocol)
{
    const int fd = ::socket(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0)
        return std::unexpected(lastError("socket"));
    return Fd(fd);
}

SysResult<void> bind(int fd, const Endpoint& endpoint)
{
    if (::bind(fd, endpoint.sockaddrPtr(), endpoint.length()) < 0)
        return std::unexpected(lastError("bind"));
    return {};
}

SysResult<void> listen(int fd, int backlog)
{
    if (::listen(fd, backlog) < 0)
        return std::unexpected(lastError("listen"));
    return {};
}

SysResult<Accepted> accept(int fd)
{
    sockaddr_storage addr{};
    socklen_t length = sizeof addr;
    const int client = retryEintr([&] {
        return ::accept4(fd, reinterpret_cast<sockaddr*>(&addr), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
    });
    if (client < 0)
        return std::unexpected(lastError("accept"));
    return Accepted{Fd(client), Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&addr), length)};
}

SysResult<void> connect(int fd, const Endpoint& endpoint)
{
    // A connect interrupted by a signal goes on in the kernel (like EINPROGRESS): never
    // call it again, report it as in progress.
    if (::connect(fd, endpoint.sockaddrPtr(), endpoint.length()) < 0) {
        if (errno == EINTR)
            return std::unexpected(SysError{EINPROGRESS, "connect"});
        return std::unexpected(lastError("connect"));
    }
    return {};
}

SysResult<std::size_t> send(int fd, const void* data, std::size_t length)
{
    const ssize_t n = retryEintr([&] { return ::send(fd, data, length, MSG_NOSIGNAL); });
    if (n < 0)
        return std::unexpected(lastError("send"));
    return static_cast<std::size_t>(n);
}

SysResult<std::size_t> recv(int fd, void* data, std::size_t length)
{
    const ssize_t n = retryEintr([&] { return ::recv(fd, data, length, 0); });
    if (n < 0)
        return std::unexpected(lastError("recv"));
    return static_cast<std::size_t>(n);
}

SysResult<void> shutdown(int fd, int how)
{
    if (::shutdown(fd, how) < 0)
        return std::unexpected(lastError("shutdown"));
    return {};
}

SysResult<Endpoint> localAddress(int fd)
{
    sockaddr_storage addr{};
    socklen_t length = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) < 0)
        return std::unexpected(lastError("getsockname"));
    return Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&addr), length);
}

SysResult<Endpoint> peerAddress(int fd)
{
    sockaddr_storage addr{};
    socklen_t length = sizeof addr;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &length) < 0)
        return std::unexpected(lastError("getpeername"));
    return Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&addr), length);
}

SysResult<int> getIntOption(int fd, int level, int name)
{
    int value = 0;
    socklen_t length = sizeof value;
    if (::getsockopt(fd, level, name, &value, &length) < 0)
        return std::unexpected(lastError("getsockopt"));
    return value;
}

SysResult<int> pendingError(int fd) { return getIntOption(fd, SOL_SOCKET, SO_ERROR); }

SysResult<std::uint32_t> receiveQueue(int fd)
{
    int value = 0;
    if (::ioctl(fd, SIOCINQ, &value) < 0)
        return std::unexpected(lastError("ioctl(SIOCINQ)"));
    return static_cast<std::uint32_t>(value);
}

SysResult<std::uint32_t> sendQueue(int fd)
{
    int value = 0;
    if (::ioctl(fd, SIOCOUTQ, &value) < 0)
        return std::unexpected(lastError("ioctl(SIOCOUTQ)"));
    return static_cast<std::uint32_t>(value);
}

} // namespace sks::sys
