#pragma once

#include "core/sys/endpoint.h"
#include "core/sys/result.h"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The machine's sockets as `ss` sees them: netlink sock_diag (inet_diag for TCP/UDP over
// IPv4 and IPv6, unix_diag for Unix sockets), with /proc/net/* as the fallback, and the
// owning process of each socket from the /proc/<pid>/fd links.
//
// Every function here is thread-safe: it keeps no global state, opens its own descriptors
// and closes them before returning. None of them may run on the GUI thread: a snapshot of
// a busy machine takes milliseconds to tens of milliseconds.
namespace sks::inspect {

// Which sockets a snapshot covers. With none of tcp/udp/unixDomain set, it covers all three.
struct SnapshotFilter {
    bool tcp = false;
    bool udp = false;
    bool unixDomain = false;
    // Only sockets waiting for peers, as `ss -l` counts them: LISTEN, and UNCONN (bound
    // datagram sockets, unconnected Unix sockets).
    bool listeningOnly = false;
    // Also TCP sockets that are bound but neither listening nor connected: they hold a port
    // as firmly as a listener does. Listed (in state UNCONN) by Linux 6.5 and later; older
    // kernels and /proc/net list none.
    bool boundInactive = false;

    bool includesTcp() const noexcept { return tcp || (!udp && !unixDomain); }
    bool includesUdp() const noexcept { return udp || (!tcp && !unixDomain); }
    bool includesUnix() const noexcept { return unixDomain || (!tcp && !udp); }
};

struct SnapshotOptions {
    SnapshotFilter filter;
    // Find each socket's process (pid, command, fd) by reading every /proc/<pid>/fd. This
    // is the expensive part of a snapshot; without root only this user's processes are seen.
    bool owners = false;
    // Skip netlink and parse /proc/net/* as if sock_diag were unavailable (tests, comparisons).
    bool forceProcNet = false;
};

// Kernel socket states (TCP_ESTABLISHED = 1 ... TCP_NEW_SYN_RECV = 12, <netinet/tcp.h>).
// Unix and UDP sockets reuse them: TCP_CLOSE is "unconnected", TCP_LISTEN is listening.
inline constexpr std::uint8_t kStateEstablished = 1;
inline constexpr std::uint8_t kStateSynSent = 2;
inline constexpr std::uint8_t kStateTimeWait = 6;
inline constexpr std::uint8_t kStateClose = 7;
inline constexpr std::uint8_t kStateListen = 10;
inline constexpr std::uint8_t kStateNewSynRecv = 12;
inline constexpr std::uint8_t kStateBoundInactive = 13;

// The name `ss` prints for a kernel state: "ESTAB", "LISTEN", "TIME-WAIT", "UNCONN"...;
// "UNKNOWN" for codes it does not know. The view points at static storage.
std::string_view stateName(std::uint8_t kernelState) noexcept;

// The tcp_info essentials (struct tcp_info from <linux/tcp.h>), for TCP sockets that have it.
struct TcpDetails {
    std::uint32_t rttUs = 0;        // smoothed round-trip time, microseconds
    std::uint32_t rttVarUs = 0;     // its variance
    std::uint32_t retransmits = 0;  // segments retransmitted over the connection's life
    std::uint64_t bytesAcked = 0;   // bytes sent and acknowledged by the peer
    std::uint64_t bytesReceived = 0;
};

// The process holding a socket's descriptor. When several processes share the socket
// (fork, SCM_RIGHTS), the one with the lowest pid (then lowest fd) is reported.
struct SocketOwner {
    int pid = 0;
    int fd = -1;
    std::string process; // the command name from /proc/<pid>/comm (at most 15 bytes)
};

// One socket of the machine.
struct SystemSocket {
    Family family = Family::Unspecified; // IPv4, IPv6 or Unix
    int type = 0;                        // SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET
    int protocol = 0;                    // IPPROTO_TCP, IPPROTO_UDP, 0 for Unix
    std::uint8_t stateCode = 0;          // kernel state, see stateName()
    std::string_view state;              // stateName(stateCode)
    Endpoint local;
    // The remote address; for a Unix socket, the name of its peer socket when it has one.
    Endpoint peer;
    // Bytes waiting to be read and to be sent (or acknowledged). For a listener: the
    // number of connections in the accept queue, and the backlog.
    std::uint32_t rxQueue = 0;
    std::uint32_t txQueue = 0;
    std::uint64_t inode = 0;     // 0 for sockets without one (TIME-WAIT, SYN-RECV)
    std::uint64_t peerInode = 0; // Unix: the peer socket's inode; 0 when none or unknown
    std::optional<std::uint32_t> uid;   // unknown for Unix sockets read from /proc/net/unix
    std::optional<TcpDetails> tcp;      // TCP over netlink only
    std::optional<SocketOwner> owner;   // when owners were requested and visible

    bool isListening() const noexcept { return stateCode == kStateListen; }
};

// The column `ss` prints first: "tcp", "udp", "u_str", "u_dgr", "u_seq" ("???" otherwise).
std::string_view netidName(const SystemSocket& socket) noexcept;
// "stream", "dgram", "seqpacket" ("unknown" otherwise).
std::string_view socketTypeName(int type) noexcept;

enum class SnapshotSource : std::uint8_t {
    Netlink, // everything came from sock_diag
    ProcNet, // everything came from /proc/net/*
    Mixed,   // some kinds (e.g. Unix, when unix_diag is missing) came from /proc/net/*
};

struct SocketSnapshot {
    // In the kernel's order within each kind; kinds in the order tcp, udp, unix.
    std::vector<SystemSocket> sockets;
    SnapshotSource source = SnapshotSource::Netlink;
    // Empty for Netlink; otherwise why /proc/net was read and what is missing because of it.
    std::string sourceMessage;
    bool ownersIncluded = false;
    // Processes whose fd table could not be read (another user's, without root): their
    // sockets show no owner.
    std::size_t unreadableProcesses = 0;
};

// Why a snapshot could not be taken: the failing call and its errno, and what was being done.
struct InventoryError {
    SysError error;
    std::string context; // "reading /proc/net/tcp"

    // "reading /proc/net/tcp: open: EACCES (Permission denied)"
    std::string toString() const;
};

template <class T>
using InventoryResult = std::expected<T, InventoryError>;

// Takes one snapshot. Falls back to /proc/net/* per kind when netlink fails (EPERM,
// EPROTONOSUPPORT, a missing diag module...), saying so in sourceMessage; fails only when
// both ways fail, or when owners are requested and /proc cannot be opened.
InventoryResult<SocketSnapshot> takeSocketSnapshot(const SnapshotOptions& options);

// The socket standing in the way of binding `address` with `socketType` (SOCK_STREAM or
// SOCK_DGRAM; for a Unix path any type): one bound to the same address, or to a wildcard
// with the same port (and vice versa). Prefers exact matches, then listeners, then sockets
// whose owner is known. nullopt when no socket holds it. Reads owners, so it costs a full
// /proc scan.
InventoryResult<std::optional<SystemSocket>> findAddressHolder(const Endpoint& address, int socketType);

// The sentence an EADDRINUSE message ends with, for a holder found by findAddressHolder():
// "127.0.0.1:8080 is held by pid 1234 (nginx), fd 6", or, when the owner is not visible or
// there is none, what is known ("... is held by a socket of uid 1000 (inode 5678) whose
// process is not visible without root", "... is held by a connection in TIME-WAIT ...").
std::string describeAddressHolder(const Endpoint& address, const SystemSocket& holder);

} // namespace sks::inspect
