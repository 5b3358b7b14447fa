#include "core/sys/syscalls.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

namespace sks::sys {

SysResult<std::size_t> sendTo(int fd, const void* data, std::size_t length, const Endpoint& to)
{
    const ssize_t n = retryEintr([&] { return ::sendto(fd, data, length, MSG_NOSIGNAL, to.sockaddrPtr(), to.length()); });
    if (n < 0)
        return std::unexpected(lastError("sendto"));
    return static_cast<std::size_t>(n);
}

SysResult<Datagram> recvFrom(int fd, void* data, std::size_t length, int flags)
{
    sockaddr_storage addr{};
    socklen_t addrLength = sizeof addr;
    const ssize_t n = retryEintr(
        [&] { return ::recvfrom(fd, data, length, flags, reinterpret_cast<sockaddr*>(&addr), &addrLength); });
    if (n < 0)
        return std::unexpected(lastError("recvfrom"));
    Datagram d;
    d.length = static_cast<std::size_t>(n);
    if (addrLength > 0 && addrLength <= sizeof addr)
        d.from = Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&addr), addrLength);
    return d;
}

SysResult<FdPair> socketpair(int domain, int type)
{
    int fds[2] = {-1, -1};
    if (::socketpair(domain, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0)
        return std::unexpected(lastError("socketpair"));
    return FdPair{Fd(fds[0]), Fd(fds[1])};
}

SysResult<std::size_t> sendFd(int fd, int passed, const void* data, std::size_t length)
{
    iovec iov{const_cast<void*>(data), length};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cmsg), &passed, sizeof(int));
    const ssize_t n = retryEintr([&] { return ::sendmsg(fd, &msg, MSG_NOSIGNAL); });
    if (n < 0)
        return std::unexpected(lastError("sendmsg"));
    return static_cast<std::size_t>(n);
}

SysResult<ReceivedFd> recvFd(int fd, void* data, std::size_t length)
{
    iovec iov{data, length};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = retryEintr([&] { return ::recvmsg(fd, &msg, MSG_CMSG_CLOEXEC); });
    if (n < 0)
        return std::unexpected(lastError("recvmsg"));
    ReceivedFd out;
    out.length = static_cast<std::size_t>(n);
    out.controlTruncated = (msg.msg_flags & MSG_CTRUNC) != 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        const std::size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (std::size_t i = 0; i < count; ++i) {
            int received = -1;
            std::memcpy(&received, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
            if (!out.fd) {
                ::fcntl(received, F_SETFL, ::fcntl(received, F_GETFL) | O_NONBLOCK);
                out.fd = Fd(received);
            } else {
                ::close(received); // one descriptor per message is what the app sends
            }
        }
    }
    return out;
}

SysResult<void> setIntOption(int fd, int level, int name, int value)
{
    if (::setsockopt(fd, level, name, &value, sizeof value) < 0)
        return std::unexpected(lastError("setsockopt"));
    return {};
}

SysResult<void> setLinger(int fd, LingerValue value)
{
    const linger l{value.onoff, value.seconds};
    if (::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l) < 0)
        return std::unexpected(lastError("setsockopt"));
    return {};
}

SysResult<LingerValue> getLinger(int fd)
{
    linger l{};
    socklen_t length = sizeof l;
    if (::getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &length) < 0)
        return std::unexpected(lastError("getsockopt"));
    return LingerValue{l.l_onoff, l.l_linger};
}

SysResult<Credentials> peerCredentials(int fd)
{
    ucred cred{};
    socklen_t length = sizeof cred;
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &length) < 0)
        return std::unexpected(lastError("getsockopt"));
    return Credentials{cred.pid, static_cast<int>(cred.uid), static_cast<int>(cred.gid)};
}

SysResult<std::uint64_t> inodeOf(int fd)
{
    struct stat st{};
    if (::fstat(fd, &st) < 0)
        return std::unexpected(lastError("fstat"));
    return static_cast<std::uint64_t>(st.st_ino);
}

} // namespace sks::sys
