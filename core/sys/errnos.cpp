#include "core/sys/errnos.h"

#include "core/sys/result.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace sks {

namespace {

// Meanings follow glibc's strerror() text, so what the GUI shows matches what `man errno`
// and other tools print; hints speak about sockets.
constexpr std::array kCatalogue = {
    // The 26 every socket program meets.
    ErrnoInfo{EADDRINUSE, "EADDRINUSE", "Address already in use",
              "Another socket already holds this address and port, possibly one in TIME_WAIT: "
              "choose another port, bind to port 0 for a free one, or set SO_REUSEADDR before "
              "bind."},
    ErrnoInfo{EADDRNOTAVAIL, "EADDRNOTAVAIL", "Cannot assign requested address",
              "No interface of this machine has that address, or no free local port is left: "
              "bind to an address the machine owns, such as 127.0.0.1 or 0.0.0.0."},
    ErrnoInfo{EACCES, "EACCES", "Permission denied",
              "Ports below 1024 need root (or CAP_NET_BIND_SERVICE), and a Unix socket path "
              "needs write permission on its directory: use a port of 1024 or more, or a "
              "writable directory."},
    ErrnoInfo{ECONNREFUSED, "ECONNREFUSED", "Connection refused",
              "Nothing is listening on that address and port (the peer answered with a reset): "
              "check the port, and that the server called listen()."},
    ErrnoInfo{ECONNRESET, "ECONNRESET", "Connection reset by peer",
              "The peer dropped the connection abruptly with a reset, for example it closed "
              "with unread data or crashed: the connection is gone, so close your socket."},
    ErrnoInfo{EPIPE, "EPIPE", "Broken pipe",
              "You wrote to a connection whose other end is closed: close the socket. Sending "
              "with MSG_NOSIGNAL gives this error instead of a SIGPIPE that ends the program."},
    ErrnoInfo{ETIMEDOUT, "ETIMEDOUT", "Connection timed out",
              "The peer never answered: the host may be down, or a firewall silently drops "
              "the packets. Check the address and any firewall on the way."},
    ErrnoInfo{EINPROGRESS, "EINPROGRESS", "Operation now in progress",
              "A non-blocking connect() has started but not finished: wait until the socket "
              "is writable, then read SO_ERROR to learn whether it worked."},
    ErrnoInfo{EALREADY, "EALREADY", "Operation already in progress",
              "An earlier non-blocking connect() on this socket is still running: wait for it "
              "to finish instead of calling connect() again."},
    ErrnoInfo{EISCONN, "EISCONN", "Transport endpoint is already connected",
              "This socket is already connected: send without an address, or open a new "
              "socket for another connection."},
    ErrnoInfo{ENOTCONN, "ENOTCONN", "Transport endpoint is not connected",
              "The socket is not connected (not yet, or not any more): call connect() first, "
              "or use sendto() with an address on an unconnected UDP socket."},
    ErrnoInfo{EINVAL, "EINVAL", "Invalid argument",
              "An argument does not fit the socket's state, for example bind() on a socket "
              "that is already bound, or accept() before listen()."},
    ErrnoInfo{EAFNOSUPPORT, "EAFNOSUPPORT", "Address family not supported by protocol",
              "The address family does not match the socket (an IPv6 address on an AF_INET "
              "socket, say), or IPv6 is disabled on this machine."},
    ErrnoInfo{EPROTONOSUPPORT, "EPROTONOSUPPORT", "Protocol not supported",
              "This family and socket type do not offer that protocol, e.g. IPPROTO_UDP with "
              "SOCK_STREAM: pass 0 and let the kernel pick."},
    ErrnoInfo{EMFILE, "EMFILE", "Too many open files",
              "This process has used up its descriptors (see ulimit -n): close sockets you no "
              "longer need, look for a leak, or raise the limit."},
    ErrnoInfo{ENFILE, "ENFILE", "Too many open files in system",
              "The whole system is out of file descriptors: close some, or raise fs.file-max."},
    ErrnoInfo{ENOBUFS, "ENOBUFS", "No buffer space available",
              "The kernel has no memory left for socket buffers or a queue is full: send less "
              "at once, try again later, or look for leaked sockets."},
    ErrnoInfo{EAGAIN, "EAGAIN", "Resource temporarily unavailable",
              "Also called EWOULDBLOCK: a non-blocking socket has nothing to read, no room to "
              "write or no connection to accept yet. That is normal: wait with poll() and "
              "retry."},
    ErrnoInfo{EMSGSIZE, "EMSGSIZE", "Message too long",
              "The datagram is too big to send in one piece (at most 65507 bytes for UDP over "
              "IPv4, less over a small send buffer): send smaller messages."},
    ErrnoInfo{ENOENT, "ENOENT", "No such file or directory",
              "The Unix socket path does not exist (connect) or its directory does not "
              "(bind): check the path, and that the server has bound it."},
    ErrnoInfo{ENAMETOOLONG, "ENAMETOOLONG", "File name too long",
              "The Unix socket path does not fit in sun_path (at most 107 bytes): use a "
              "shorter path, for example in /tmp."},
    ErrnoInfo{EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported",
              "This kind of socket cannot do that, e.g. listen() or accept() on a UDP socket: "
              "use SOCK_STREAM for connections."},
    ErrnoInfo{EDESTADDRREQ, "EDESTADDRREQ", "Destination address required",
              "This datagram socket has no destination: connect() it first, or use sendto() "
              "with an address."},
    ErrnoInfo{EHOSTUNREACH, "EHOSTUNREACH", "No route to host",
              "The host cannot be reached: it may be down, or a router or firewall rejects the "
              "packets. Check the address and the route."},
    ErrnoInfo{ENETUNREACH, "ENETUNREACH", "Network is unreachable",
              "This machine has no route to that network (no default route, or an IPv6 "
              "address without IPv6 connectivity): check the address and network settings."},
    ErrnoInfo{EBADF, "EBADF", "Bad file descriptor",
              "The descriptor is not open (never opened, or already closed): using a socket "
              "after close() is a bug."},
    // Less common, still seen around sockets.
    ErrnoInfo{EINTR, "EINTR", "Interrupted system call",
              "A signal arrived while the call waited: simply retry it (after connect(), wait "
              "for the socket to become writable instead)."},
    ErrnoInfo{EPERM, "EPERM", "Operation not permitted",
              "The system forbids this, e.g. a firewall rule rejected the packet or a raw "
              "socket needs CAP_NET_RAW."},
    ErrnoInfo{ENOTSOCK, "ENOTSOCK", "Socket operation on non-socket",
              "The descriptor is open but is not a socket (a file or a pipe): pass the one "
              "returned by socket() or accept()."},
    ErrnoInfo{EPROTOTYPE, "EPROTOTYPE", "Protocol wrong type for socket",
              "The protocol does not suit the socket type, or a Unix connect() reached a "
              "socket of the other type (stream versus datagram)."},
    ErrnoInfo{ENOPROTOOPT, "ENOPROTOOPT", "Protocol not available",
              "The socket option is unknown at that level, e.g. a TCP option on a UDP socket "
              "or with SOL_SOCKET: check the level and the option name."},
    ErrnoInfo{ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT", "Socket type not supported",
              "This address family does not offer that socket type: use SOCK_STREAM or "
              "SOCK_DGRAM."},
    ErrnoInfo{ENETDOWN, "ENETDOWN", "Network is down",
              "The network interface on the way is down: bring it up, or use another one."},
    ErrnoInfo{ENETRESET, "ENETRESET", "Network dropped connection on reset",
              "The network dropped the connection, for instance a keep-alive probe found the "
              "peer gone: reconnect."},
    ErrnoInfo{ECONNABORTED, "ECONNABORTED", "Software caused connection abort",
              "A connection died while it waited to be accepted (the client gave up): ignore "
              "it and accept the next one."},
    ErrnoInfo{EHOSTDOWN, "EHOSTDOWN", "Host is down",
              "The peer machine is known to be down: check that it is running."},
    ErrnoInfo{ESHUTDOWN, "ESHUTDOWN", "Cannot send after transport endpoint shutdown",
              "This side already called shutdown() for writing, so nothing more can be sent "
              "on this socket."},
    ErrnoInfo{EPROTO, "EPROTO", "Protocol error",
              "The protocol failed, e.g. a connection broke during accept(): usually safe to "
              "ignore and accept the next one."},
    ErrnoInfo{ENODEV, "ENODEV", "No such device",
              "The network interface named (in SO_BINDTODEVICE or an IPv6 scope) does not "
              "exist: list interfaces with `ip link`."},
    ErrnoInfo{ENOMEM, "ENOMEM", "Cannot allocate memory",
              "The kernel could not allocate memory for the call: close unused sockets or "
              "free memory, then try again."},
    ErrnoInfo{EFAULT, "EFAULT", "Bad address",
              "A pointer passed to the call points outside the program's memory: a bug, such "
              "as a wrong buffer or address length."},
    ErrnoInfo{ENOTDIR, "ENOTDIR", "Not a directory",
              "A part of the Unix socket path that should be a directory is a file: check "
              "the path."},
    ErrnoInfo{EROFS, "EROFS", "Read-only file system",
              "The Unix socket path lies on a read-only file system: bind in a writable "
              "directory such as /tmp or $XDG_RUNTIME_DIR."},
    ErrnoInfo{ELOOP, "ELOOP", "Too many levels of symbolic links",
              "The Unix socket path goes through too many symbolic links, probably a loop: "
              "use a path without them."},
    ErrnoInfo{ETOOMANYREFS, "ETOOMANYREFS", "Too many references: cannot splice",
              "Too many descriptors are in flight over Unix sockets (SCM_RIGHTS): receive the "
              "pending ones before sending more."},
};

// EWOULDBLOCK shares EAGAIN's entry; this keeps that assumption from breaking silently.
static_assert(EAGAIN == EWOULDBLOCK);

} // namespace

std::span<const ErrnoInfo> errnoCatalogue() noexcept
{
    return kCatalogue;
}

const ErrnoInfo* findErrno(int code) noexcept
{
    const auto it = std::ranges::find(kCatalogue, code, &ErrnoInfo::code);
    return it == kCatalogue.end() ? nullptr : &*it;
}

std::string errnoName(int code)
{
    if (code == 0)
        return {};
    if (const ErrnoInfo* info = findErrno(code))
        return std::string(info->name);
    if (const char* name = ::strerrorname_np(code))
        return name;
    return "E" + std::to_string(code);
}

std::string SysError::toString() const
{
    std::string meaning;
    if (const ErrnoInfo* info = findErrno(code))
        meaning = info->meaning;
    else if (const char* description = ::strerrordesc_np(code)) // thread-safe, unlike strerror
        meaning = description;
    else
        meaning = "unknown error";
    const std::string prefix = call.empty() ? std::string() : std::string(call) + ": ";
    if (code == 0)
        return prefix + "no error";
    return prefix + errnoName(code) + " (" + meaning + ")";
}

} // namespace sks
