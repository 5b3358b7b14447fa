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

SysResult<Endpoint> localAddress(int fd);
SysResult<Endpoint> peerAddress(int fd);
SysResult<int> getIntOption(int fd, int level, int name);
// Pending connect's outcome (getsockopt SO_ERROR): 0 or the errno.
SysResult<int> pendingError(int fd);
// Bytes in the receive queue (SIOCINQ) and unsent/unacknowledged in the send queue (SIOCOUTQ).
SysResult<std::uint32_t> receiveQueue(int fd);
SysResult<std::uint32_t> sendQueue(int fd);

} // namespace sks::sys
