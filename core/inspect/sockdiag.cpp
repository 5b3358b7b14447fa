// Netlink sock_diag through libmnl: one dump request per table, attributes parsed with
// mnl_attr_parse, messages walked with mnl_cb_run.
#include "core/inspect/socketsources.h"

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <utility>

namespace sks::inspect::detail {
namespace {

// The kernel fills dump messages up to 32 KiB when the reader offers that much
// (libmnl's later MNL_SOCKET_DUMP_SIZE): fewer, fuller recv() calls.
constexpr std::size_t kDumpBufferSize = 32768;
// A dump of a machine with a million sockets takes ~10,000 reads of 32 KiB; stop well past it.
constexpr int kMaxReadsPerDump = 1 << 20;
constexpr int kReceiveTimeoutSeconds = 5;

SysError lastError(std::string_view call) { return SysError{errno, call}; }

bool isTcp(SocketKind kind) noexcept { return kind == SocketKind::Tcp4 || kind == SocketKind::Tcp6; }
bool isIPv6(SocketKind kind) noexcept { return kind == SocketKind::Tcp6 || kind == SocketKind::Udp6; }

Endpoint inetEndpoint(int family, const __be32 (&address)[4], __be16 port, std::uint32_t ifindex)
{
    if (family == AF_INET) {
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = port;
        sin.sin_addr.s_addr = address[0];
        return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sin), sizeof sin);
    }
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = port;
    std::memcpy(&sin6.sin6_addr, address, sizeof sin6.sin6_addr);
    // The bound interface is the address's scope only for link-local addresses.
    if (IN6_IS_ADDR_LINKLOCAL(&sin6.sin6_addr))
        sin6.sin6_scope_id = ifindex;
    return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sin6), sizeof sin6);
}

template <std::size_t N>
struct AttributeTable {
    std::array<const nlattr*, N> at{};
};

template <std::size_t N>
int storeAttribute(const nlattr* attr, void* data)
{
    auto& table = *static_cast<AttributeTable<N>*>(data);
    const std::uint16_t type = mnl_attr_get_type(attr);
    if (type < N)
        table.at[type] = attr;
    return MNL_CB_OK;
}

// Copies an attribute's payload into a zeroed T: older kernels send shorter structs,
// newer ones longer, and both must parse.
template <class T>
T attributePayload(const nlattr* attr)
{
    T value{};
    std::memcpy(&value, mnl_attr_get_payload(attr),
                std::min<std::size_t>(mnl_attr_get_payload_len(attr), sizeof value));
    return value;
}

TcpDetails tcpDetails(const nlattr* info)
{
    const auto ti = attributePayload<tcp_info>(info);
    return TcpDetails{ti.tcpi_rtt, ti.tcpi_rttvar, ti.tcpi_total_retrans, ti.tcpi_bytes_acked,
                      ti.tcpi_bytes_received};
}

struct DumpContext {
    SocketKind kind;
    std::vector<SystemSocket>* out;
};

int onInetMessage(const nlmsghdr* nlh, void* data)
{
    const auto& context = *static_cast<const DumpContext*>(data);
    if (mnl_nlmsg_get_payload_len(nlh) < sizeof(inet_diag_msg)) {
        errno = EBADMSG;
        return MNL_CB_ERROR;
    }
    const auto* msg = static_cast<const inet_diag_msg*>(mnl_nlmsg_get_payload(nlh));
    AttributeTable<INET_DIAG_MAX + 1> attrs;
    if (mnl_attr_parse(nlh, sizeof *msg, storeAttribute<INET_DIAG_MAX + 1>, &attrs) < 0)
        return MNL_CB_ERROR;

    SystemSocket& row = context.out->emplace_back();
    const bool tcp = isTcp(context.kind);
    row.family = msg->idiag_family == AF_INET ? Family::IPv4 : Family::IPv6;
    row.type = tcp ? SOCK_STREAM : SOCK_DGRAM;
    row.protocol = tcp ? IPPROTO_TCP : IPPROTO_UDP;
    row.stateCode = msg->idiag_state;
    row.state = stateName(msg->idiag_state);
    row.local = inetEndpoint(msg->idiag_family, msg->id.idiag_src, msg->id.idiag_sport, msg->id.idiag_if);
    row.peer = inetEndpoint(msg->idiag_family, msg->id.idiag_dst, msg->id.idiag_dport, msg->id.idiag_if);
    row.rxQueue = msg->idiag_rqueue;
    row.txQueue = msg->idiag_wqueue;
    row.inode = msg->idiag_inode;
    // TIME-WAIT and SYN-RECV mini-sockets have no owner: the kernel reports uid 0 for them.
    if (msg->idiag_state != kStateTimeWait && msg->idiag_state != kStateNewSynRecv)
        row.uid = msg->idiag_uid;
    if (tcp && attrs.at[INET_DIAG_INFO] != nullptr)
        row.tcp = tcpDetails(attrs.at[INET_DIAG_INFO]);
    return MNL_CB_OK;
}

Endpoint unixEndpoint(const nlattr* name)
{
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    if (name == nullptr)
        return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sun), sizeof(sa_family_t));
    const std::size_t length = std::min<std::size_t>(mnl_attr_get_payload_len(name), sizeof sun.sun_path);
    std::memcpy(sun.sun_path, mnl_attr_get_payload(name), length);
    return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sun),
                                  static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length));
}

int onUnixMessage(const nlmsghdr* nlh, void* data)
{
    const auto& context = *static_cast<const DumpContext*>(data);
    if (mnl_nlmsg_get_payload_len(nlh) < sizeof(unix_diag_msg)) {
        errno = EBADMSG;
        return MNL_CB_ERROR;
    }
    const auto* msg = static_cast<const unix_diag_msg*>(mnl_nlmsg_get_payload(nlh));
    AttributeTable<UNIX_DIAG_MAX + 1> attrs;
    if (mnl_attr_parse(nlh, sizeof *msg, storeAttribute<UNIX_DIAG_MAX + 1>, &attrs) < 0)
        return MNL_CB_ERROR;

    SystemSocket& row = context.out->emplace_back();
    row.family = Family::Unix;
    row.type = msg->udiag_type;
    row.stateCode = msg->udiag_state;
    row.state = stateName(msg->udiag_state);
    row.inode = msg->udiag_ino;
    row.local = unixEndpoint(attrs.at[UNIX_DIAG_NAME]);
    if (const nlattr* peer = attrs.at[UNIX_DIAG_PEER])
        row.peerInode = attributePayload<std::uint32_t>(peer);
    if (const nlattr* queues = attrs.at[UNIX_DIAG_RQLEN]) {
        const auto rq = attributePayload<unix_diag_rqlen>(queues);
        row.rxQueue = rq.udiag_rqueue;
        row.txQueue = rq.udiag_wqueue;
    }
    if (const nlattr* uid = attrs.at[UNIX_DIAG_UID])
        row.uid = attributePayload<std::uint32_t>(uid);
    return MNL_CB_OK;
}

} // namespace

SysResult<SockDiagSocket> SockDiagSocket::open()
{
    mnl_socket* socket = ::mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
    if (socket == nullptr)
        return std::unexpected(lastError("socket(NETLINK_SOCK_DIAG)"));
    SockDiagSocket owner(socket);
    if (::mnl_socket_bind(socket, 0, MNL_SOCKET_AUTOPID) < 0)
        return std::unexpected(lastError("bind(NETLINK_SOCK_DIAG)"));
    const timeval timeout{kReceiveTimeoutSeconds, 0};
    if (::setsockopt(::mnl_socket_get_fd(socket), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0)
        return std::unexpected(lastError("setsockopt(SO_RCVTIMEO)"));
    return owner;
}

SockDiagSocket::SockDiagSocket(SockDiagSocket&& other) noexcept
    : m_socket(std::exchange(other.m_socket, nullptr))
    , m_seq(other.m_seq)
{
}

SockDiagSocket& SockDiagSocket::operator=(SockDiagSocket&& other) noexcept
{
    if (this != &other) {
        if (m_socket != nullptr)
            ::mnl_socket_close(m_socket);
        m_socket = std::exchange(other.m_socket, nullptr);
        m_seq = other.m_seq;
    }
    return *this;
}

SockDiagSocket::~SockDiagSocket()
{
    if (m_socket != nullptr)
        ::mnl_socket_close(m_socket); // close() errors on a netlink socket lose no data
}

SysResult<void> SockDiagSocket::send(SocketKind kind, std::uint32_t states, std::uint32_t seq)
{
    alignas(nlmsghdr) std::array<char, MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(inet_diag_req_v2))> buffer{};
    nlmsghdr* nlh = ::mnl_nlmsg_put_header(buffer.data());
    nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = seq;
    if (kind == SocketKind::Unix) {
        auto* req = static_cast<unix_diag_req*>(::mnl_nlmsg_put_extra_header(nlh, sizeof(unix_diag_req)));
        req->sdiag_family = AF_UNIX;
        req->udiag_states = states;
        req->udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID;
    } else {
        auto* req = static_cast<inet_diag_req_v2*>(::mnl_nlmsg_put_extra_header(nlh, sizeof(inet_diag_req_v2)));
        req->sdiag_family = isIPv6(kind) ? AF_INET6 : AF_INET;
        req->sdiag_protocol = isTcp(kind) ? IPPROTO_TCP : IPPROTO_UDP;
        req->idiag_states = states;
        if (isTcp(kind))
            req->idiag_ext = 1U << (INET_DIAG_INFO - 1);
    }
    if (::mnl_socket_sendto(m_socket, nlh, nlh->nlmsg_len) < 0)
        return std::unexpected(lastError("sendto(NETLINK_SOCK_DIAG)"));
    return {};
}

SysResult<void> SockDiagSocket::dump(SocketKind kind, std::uint32_t states, std::vector<SystemSocket>& out)
{
    const std::uint32_t seq = ++m_seq;
    if (auto sent = send(kind, states, seq); !sent)
        return sent;
    alignas(nlmsghdr) std::array<char, kDumpBufferSize> buffer;
    DumpContext context{kind, &out};
    const mnl_cb_t callback = kind == SocketKind::Unix ? onUnixMessage : onInetMessage;
    const unsigned portId = ::mnl_socket_get_portid(m_socket);
    for (int reads = 0; reads < kMaxReadsPerDump; ++reads) {
        const ssize_t received = ::mnl_socket_recvfrom(m_socket, buffer.data(), buffer.size());
        if (received < 0 && errno == EINTR)
            continue;
        if (received < 0)
            return std::unexpected(lastError("recvmsg(NETLINK_SOCK_DIAG)"));
        const int status = ::mnl_cb_run(buffer.data(), static_cast<std::size_t>(received), seq, portId,
                                        callback, &context);
        if (status == MNL_CB_STOP)
            return {};
        if (status < 0)
            return std::unexpected(lastError("sock_diag dump"));
    }
    return std::unexpected(SysError{E2BIG, "sock_diag dump"});
}

} // namespace sks::inspect::detail
