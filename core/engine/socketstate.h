#pragma once

#include "core/sys/endpoint.h"

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sks {

// Stable identity of a user socket. The kernel reuses fd numbers; ids are never reused
// within one Engine. 0 means "no socket".
using SocketId = std::uint32_t;

enum class SockType : std::uint8_t { Stream, Datagram, SeqPacket };

// How the user meant the socket when creating it; decides where it sits in the tree.
enum class Role : std::uint8_t { Client, Server, Accepted };

enum class SocketState : std::uint8_t {
    Created,         // socket() returned
    Bound,           // bind() succeeded
    Listening,       // listen() succeeded
    Connecting,      // connect() in progress (EINPROGRESS)
    Connected,       // client side established
    Accepted,        // returned by accept(): established server side
    HalfClosedRead,  // our read side is done: shutdown(SHUT_RD) or the peer's FIN was read
    HalfClosedWrite, // shutdown(SHUT_WR): we sent FIN, we can still read
    ShutDown,        // both directions shut, descriptor still open
    Closed,          // close() called; the id stays for history, the fd is gone
    Error,           // the last connect failed (see SocketInfo::lastError)
};

// The blocking call a socket is waiting in, if any.
enum class Waiting : std::uint8_t { None, Accept, Connect, Recv, Send };

enum class ShutdownHow : std::uint8_t { Read, Write, Both };

// The socket options the app can set or read (setsockopt/getsockopt).
enum class SockOption : std::uint8_t {
    ReuseAddr, ReusePort, KeepAlive, KeepIdle, KeepIntvl, KeepCnt, Linger, RcvBuf, SndBuf,
    RcvLowat, NoDelay, Cork, V6Only, Broadcast,
    // read-only
    Type, Domain, Protocol, AcceptConn, Error,
};
struct SockOptionInfo {
    SockOption option;
    std::string_view name;  // "SO_REUSEADDR"
    int level;              // SOL_SOCKET, IPPROTO_TCP, IPPROTO_IPV6
    int optname;            // SO_REUSEADDR ...
    bool readOnly;
};
// Every option, in the enum's order.
std::span<const SockOptionInfo> sockOptions() noexcept;
const SockOptionInfo& sockOptionInfo(SockOption option) noexcept;

// The calls a user can make on a socket, for "legal next steps".
enum class Call : std::uint8_t {
    Bind, Listen, Accept, Connect, Send, Recv, Shutdown, Close,
    SendTo, RecvFrom, SendFd, RecvFd,
};

std::string_view stateName(SocketState state) noexcept;    // "listening", "half-closed (write)"
std::string_view waitingCallName(Waiting waiting) noexcept; // "accept", "" for None
std::string_view sockTypeName(SockType type) noexcept;      // "SOCK_STREAM"
std::string_view callName(Call call) noexcept;              // "bind"
std::string_view shutdownHowName(ShutdownHow how) noexcept; // "SHUT_WR"
int toSocketType(SockType type) noexcept;                   // SOCK_STREAM ...

// A socket's option values, in SockOption order. Linger: l_onoff, with l_linger in
// lingerSeconds. -1: the option does not apply to this socket.
struct OptionValues {
    std::array<int, 19> values{};
    int lingerSeconds = 0;

    int operator[](SockOption option) const noexcept { return values[static_cast<std::size_t>(option)]; }
    int& operator[](SockOption option) noexcept { return values[static_cast<std::size_t>(option)]; }
};

// Everything the GUI shows about one socket: a snapshot, copied out of the engine.
struct SocketInfo {
    SocketId id = 0;
    SocketId parent = 0;    // the listener that accepted it, 0 otherwise
    int fd = -1;            // -1 once closed
    int lastFd = -1;        // the fd it had (stays after close)
    Family family = Family::Unspecified;
    SockType type = SockType::Stream;
    Role role = Role::Client;
    SocketState state = SocketState::Created;
    Waiting waiting = Waiting::None;
    bool blocking = true;    // how calls behave: wait (true) or return EAGAIN/EINPROGRESS
    bool autoAccept = false; // listener accepts connections as they arrive
    bool peerClosed = false; // the peer's FIN (or reset) has arrived
    int lastError = 0;       // errno of the last failed call on this socket
    int backlog = 0;         // listen() backlog, 0 if not listening
    std::uint64_t acceptedCount = 0;
    Endpoint local;
    Endpoint peer;
    std::uint64_t bytesIn = 0;  // exact, counted by the engine on every recv
    std::uint64_t bytesOut = 0; // exact, counted by the engine on every send
    std::uint32_t recvQueue = 0; // bytes waiting in the kernel receive queue (SIOCINQ)
    std::uint32_t sendQueue = 0; // bytes not yet acknowledged (SIOCOUTQ)
    std::uint64_t messagesIn = 0;  // recv calls that returned data (one per datagram)
    std::uint64_t messagesOut = 0; // send calls that sent data
    std::uint64_t inode = 0;       // the open socket's inode: "socket:[inode]" in /proc/self/fd
    SocketId linked = 0;           // the other end of a socketpair()
    SocketId sameSocketAs = 0;     // a received (passed) descriptor: the app's socket it duplicates
    // Connected Unix sockets: the peer process (SO_PEERCRED); -1 when unknown.
    int peerPid = -1;
    int peerUid = -1;
    int peerGid = -1;
    // A Unix socket bound to a path: the file the kernel created.
    std::uint64_t fileInode = 0;
    std::uint32_t fileMode = 0; // st_mode, including the type bits (S_IFSOCK)
    bool keepFile = false;      // keep the file after close (default: the app removes it)
    bool fileMissing = false;   // the bound path was deleted (or replaced) under the socket
    bool autoRecv = false;      // reads everything as it arrives
    bool generating = false;    // the traffic generator is sending from it
    // A TCP listener's accept queue as the kernel reports it (TCP_INFO, sampled 10x a
    // second): connections completed but not accepted, and the limit (the backlog the
    // kernel applied). queueOverflowed: the queue was seen full, so SYNs were dropped.
    std::uint32_t acceptQueue = 0;
    std::uint32_t acceptQueueLimit = 0;
    bool queueOverflowed = false;
    // Datagrams the kernel dropped because the receive queue was full (SO_MEMINFO).
    std::uint32_t drops = 0;
    // Option values as the kernel reports them (getsockopt), once read: only for sockets
    // someone watches (cmd::WatchOptions), refreshed after create, bind, listen, connect,
    // accept and every setsockopt. Null until then, so the thousands of sockets nobody
    // looks at carry one pointer instead of ~80 bytes in every copy of their snapshot. The
    // engine never changes a published block: it makes a new one (copy on write).
    std::shared_ptr<const OptionValues> options;

    bool optionsKnown() const noexcept { return options != nullptr; }
    // The kernel's value of `option` (see OptionValues); 0 while !optionsKnown().
    int option(SockOption option) const noexcept { return options ? (*options)[option] : 0; }
    int lingerSeconds() const noexcept { return options ? options->lingerSeconds : 0; }

    std::string kindText() const; // "TCP/IPv4", "TCP/IPv6", "Unix stream"
    std::string stateText() const; // "listening", "waiting in accept()", ...
};

// The calls that make sense next for a socket in this state, in life-cycle order. Calls
// not listed still go to the kernel if the user insists; they will usually fail (EINVAL).
std::vector<Call> legalNextCalls(const SocketInfo& socket);

} // namespace sks
