#pragma once
// Internal to core/inspect: the two ways of listing sockets (netlink sock_diag and
// /proc/net/*) and the /proc/<pid>/fd owner scan. takeSocketSnapshot() combines them.

#include "core/inspect/socketinventory.h"

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

struct mnl_socket;

namespace sks::inspect::detail {

// One table of the kernel: what sock_diag dumps in one request and /proc/net has in one file.
enum class SocketKind : std::uint8_t { Tcp4, Tcp6, Udp4, Udp6, Unix };

// "/proc/net/tcp", "/proc/net/tcp6", ...
const char* procNetPath(SocketKind kind) noexcept;
// "TCP over IPv4", ... for messages.
std::string_view kindDescription(SocketKind kind) noexcept;

// A bit per kernel state (1u << TCP_LISTEN ...) to keep; the requested filter's states.
std::uint32_t stateMask(const SnapshotFilter& filter) noexcept;

// An open NETLINK_SOCK_DIAG socket. Move-only; one per snapshot, used by one thread.
class SockDiagSocket {
public:
    // socket(), bind() and a receive timeout, so a stuck kernel cannot hang the caller.
    static SysResult<SockDiagSocket> open();

    SockDiagSocket(SockDiagSocket&&) noexcept;
    SockDiagSocket& operator=(SockDiagSocket&&) noexcept;
    ~SockDiagSocket();

    // Appends the sockets of `kind` whose state is in `states` to `out`. Unix rows carry
    // peerInode but not the peer's name (the caller resolves it across the whole table).
    SysResult<void> dump(SocketKind kind, std::uint32_t states, std::vector<SystemSocket>& out);

private:
    explicit SockDiagSocket(mnl_socket* socket) noexcept : m_socket(socket) {}
    SysResult<void> send(SocketKind kind, std::uint32_t states, std::uint32_t seq);

    mnl_socket* m_socket = nullptr;
    std::uint32_t m_seq = 0;
};

// Appends the sockets of `kind` whose state is in `states`, parsed from /proc/net/*. Has no
// tcp_info, no listener backlog; for Unix sockets no uid, peer or queues.
SysResult<void> readProcNet(SocketKind kind, std::uint32_t states, std::vector<SystemSocket>& out);

// A guess at how many rows a snapshot with `filter` will have, from the kernel's counters in
// /proc/net/sockstat{,6}: enough to reserve the rows once. 0 when the counters are unreadable.
std::size_t estimateSocketCount(const SnapshotFilter& filter);

// Every socket inode found in /proc/<pid>/fd, mapped to its (lowest-pid) owner.
struct OwnerTable {
    std::unordered_map<std::uint64_t, SocketOwner> byInode;
    std::size_t unreadableProcesses = 0;
};

// One pass over /proc. Fails only when /proc itself cannot be read; processes that vanish
// meanwhile are skipped, unreadable ones counted.
SysResult<OwnerTable> scanSocketOwners();

} // namespace sks::inspect::detail
