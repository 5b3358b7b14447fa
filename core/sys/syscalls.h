#pragma once

#include "core/sys/endpoint.h"
#include "core/sys/fd.h"
#include "core/sys/result.h"

#include <cstddef>
#include <cstdint>

// Thin wrappers over the socket system calls. Each returns its value or a SysError with
// the errno captured right after the call. EINTR is retried; EAGAIN/EINPROGRESS are
// returned as errors for the caller to treat as "not ready". Every descriptor created
// here is O_NONBLOCK and O_CLOEXEC. Call them from the engine thread only.
namespace sks::sys {

SysResult<Fd> socket(int domain, int type, int protocol);
SysResult<void> bind(int fd, const Endpoint& endpoint);
SysResult<void> listen(int fd, int backlog);

struct Accepted {
    Fd fd;
    Endpoint peer;
};
SysResult<Accepted> accept(int fd);

// EINPROGRESS comes back as an error: the connection continues in the kernel.
SysResult<void> connect(int fd, const Endpoint& endpoint);
// Sends with MSG_NOSIGNAL: a closed peer gives EPIPE, never SIGPIPE.
SysResult<std::size_t> send(int fd, const void* data, std::size_t length);
SysResult<std::size_t> recv(int fd, void* data, std::size_t length);
SysResult<void> shutdown(int fd, int how);

SysResult<std::size_t> sendTo(int fd, const void* data, std::size_t length, const Endpoint& to);

// One recvfrom() with `flags` (MSG_PEEK|MSG_TRUNC peeks at a datagram's real length).
struct Datagram {
    std::size_t length = 0;   // the call's return value
    Endpoint from;            // the sender; empty when the kernel names none
};
SysResult<Datagram> recvFrom(int fd, void* data, std::size_t length, int flags);

struct FdPair {
    Fd first;
    Fd second;
};
SysResult<FdPair> socketpair(int domain, int type);

// sendmsg() with one SCM_RIGHTS descriptor and `length` payload bytes.
SysResult<std::size_t> sendFd(int fd, int passed, const void* data, std::size_t length);
struct ReceivedFd {
    std::size_t length = 0;
    Fd fd;                    // invalid when the message carried no descriptor
    bool controlTruncated = false; // MSG_CTRUNC: a descriptor was lost
};
// recvmsg() that accepts SCM_RIGHTS; received descriptors are O_CLOEXEC (and made O_NONBLOCK).
SysResult<ReceivedFd> recvFd(int fd, void* data, std::size_t length);

SysResult<void> setIntOption(int fd, int level, int name, int value);
struct LingerValue {
    int onoff = 0;
    int seconds = 0;
};
SysResult<void> setLinger(int fd, LingerValue value);
SysResult<LingerValue> getLinger(int fd);

struct Credentials {
    int pid = -1;
    int uid = -1;
    int gid = -1;
};
SysResult<Credentials> peerCredentials(int fd);
// The socket's inode number (fstat st_ino), as /proc/self/fd shows "socket:[inode]".
SysResult<std::uint64_t> inodeOf(int fd);

SysResult<Endpoint> localAddress(int fd);
SysResult<Endpoint> peerAddress(int fd);
SysResult<int> getIntOption(int fd, int level, int name);
// Pending connect's outcome (getsockopt SO_ERROR): 0 or the errno.
SysResult<int> pendingError(int fd);
// Bytes in the receive queue (SIOCINQ) and unsent/unacknowledged in the send queue (SIOCOUTQ).
SysResult<std::uint32_t> receiveQueue(int fd);
SysResult<std::uint32_t> sendQueue(int fd);

} // namespace sks::sys
