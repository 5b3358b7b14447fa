#include "core/engine/socketstate.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <array>

namespace sks {

namespace {
constexpr std::array kOptions{
    SockOptionInfo{SockOption::ReuseAddr, "SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR, false},
    SockOptionInfo{SockOption::ReusePort, "SO_REUSEPORT", SOL_SOCKET, SO_REUSEPORT, false},
    SockOptionInfo{SockOption::KeepAlive, "SO_KEEPALIVE", SOL_SOCKET, SO_KEEPALIVE, false},
    SockOptionInfo{SockOption::KeepIdle, "TCP_KEEPIDLE", IPPROTO_TCP, TCP_KEEPIDLE, false},
    SockOptionInfo{SockOption::KeepIntvl, "TCP_KEEPINTVL", IPPROTO_TCP, TCP_KEEPINTVL, false},
    SockOptionInfo{SockOption::KeepCnt, "TCP_KEEPCNT", IPPROTO_TCP, TCP_KEEPCNT, false},
    SockOptionInfo{SockOption::Linger, "SO_LINGER", SOL_SOCKET, SO_LINGER, false},
    SockOptionInfo{SockOption::RcvBuf, "SO_RCVBUF", SOL_SOCKET, SO_RCVBUF, false},
    SockOptionInfo{SockOption::SndBuf, "SO_SNDBUF", SOL_SOCKET, SO_SNDBUF, false},
    SockOptionInfo{SockOption::RcvLowat, "SO_RCVLOWAT", SOL_SOCKET, SO_RCVLOWAT, false},
    SockOptionInfo{SockOption::NoDelay, "TCP_NODELAY", IPPROTO_TCP, TCP_NODELAY, false},
    SockOptionInfo{SockOption::Cork, "TCP_CORK", IPPROTO_TCP, TCP_CORK, false},
    SockOptionInfo{SockOption::V6Only, "IPV6_V6ONLY", IPPROTO_IPV6, IPV6_V6ONLY, false},
    SockOptionInfo{SockOption::Broadcast, "SO_BROADCAST", SOL_SOCKET, SO_BROADCAST, false},
    SockOptionInfo{SockOption::Type, "SO_TYPE", SOL_SOCKET, SO_TYPE, true},
    SockOptionInfo{SockOption::Domain, "SO_DOMAIN", SOL_SOCKET, SO_DOMAIN, true},
    SockOptionInfo{SockOption::Protocol, "SO_PROTOCOL", SOL_SOCKET, SO_PROTOCOL, true},
    SockOptionInfo{SockOption::AcceptConn, "SO_ACCEPTCONN", SOL_SOCKET, SO_ACCEPTCONN, true},
    SockOptionInfo{SockOption::Error, "SO_ERROR", SOL_SOCKET, SO_ERROR, true},
};

constexpr bool optionsInEnumOrder()
{
    for (std::size_t i = 0; i < kOptions.size(); ++i)
        if (static_cast<std::size_t>(kOptions[i].option) != i)
            return false;
    return true;
}
static_assert(optionsInEnumOrder(), "kOptions must follow the SockOption enum");
static_assert(kOptions.size() == std::tuple_size_v<decltype(OptionValues::values)>);
} // namespace

std::span<const SockOptionInfo> sockOptions() noexcept { return kOptions; }

const SockOptionInfo& sockOptionInfo(SockOption option) noexcept
{
    return kOptions[static_cast<std::size_t>(option)];
}

std::string_view stateName(SocketState state) noexcept
{
    switch (state) {
    case SocketState::Created: return "created";
    case SocketState::Bound: return "bound";
    case SocketState::Listening: return "listening";
    case SocketState::Connecting: return "connecting";
    case SocketState::Connected: return "connected";
    case SocketState::Accepted: return "accepted";
    case SocketState::HalfClosedRead: return "half-closed (read)";
    case SocketState::HalfClosedWrite: return "half-closed (write)";
    case SocketState::ShutDown: return "shut down";
    case SocketState::Closed: return "closed";
    case SocketState::Error: return "error";
    }
    return "?";
}

std::string_view waitingCallName(Waiting waiting) noexcept
{
    switch (waiting) {
    case Waiting::None: return "";
    case Waiting::Accept: return "accept";
    case Waiting::Connect: return "connect";
    case Waiting::Recv: return "recv";
    case Waiting::Send: return "send";
    }
    return "";
}

std::string_view sockTypeName(SockType type) noexcept
{
    switch (type) {
    case SockType::Stream: return "SOCK_STREAM";
    case SockType::Datagram: return "SOCK_DGRAM";
    case SockType::SeqPacket: return "SOCK_SEQPACKET";
    }
    return "?";
}

int toSocketType(SockType type) noexcept
{
    switch (type) {
    case SockType::Stream: return SOCK_STREAM;
    case SockType::Datagram: return SOCK_DGRAM;
    case SockType::SeqPacket: return SOCK_SEQPACKET;
    }
    return SOCK_STREAM;
}

std::string_view callName(Call call) noexcept
{
    switch (call) {
    case Call::Bind: return "bind";
    case Call::Listen: return "listen";
    case Call::Accept: return "accept";
    case Call::Connect: return "connect";
    case Call::Send: return "send";
    case Call::Recv: return "recv";
    case Call::Shutdown: return "shutdown";
    case Call::Close: return "close";
    case Call::SendTo: return "sendto";
    case Call::RecvFrom: return "recvfrom";
    case Call::SendFd: return "sendmsg";
    case Call::RecvFd: return "recvmsg";
    }
    return "?";
}

std::string_view shutdownHowName(ShutdownHow how) noexcept
{
    switch (how) {
    case ShutdownHow::Read: return "SHUT_RD";
    case ShutdownHow::Write: return "SHUT_WR";
    case ShutdownHow::Both: return "SHUT_RDWR";
    }
    return "?";
}

std::string SocketInfo::kindText() const
{
    if (family == Family::Unix) {
        switch (type) {
        case SockType::Stream: return "Unix stream";
        case SockType::Datagram: return "Unix datagram";
        case SockType::SeqPacket: return "Unix seqpacket";
        }
    }
    const std::string proto = type == SockType::Stream ? "TCP" : type == SockType::Datagram ? "UDP" : "SCTP";
    return proto + "/" + std::string(familyName(family));
}

std::string SocketInfo::stateText() const
{
    if (waiting != Waiting::None)
        return "waiting in " + std::string(waitingCallName(waiting)) + "()";
    std::string text(stateName(state));
    if (peerClosed && (state == SocketState::Connected || state == SocketState::Accepted
                       || state == SocketState::HalfClosedWrite))
        text += " · peer closed";
    return text;
}

namespace {
std::vector<Call> datagramNextCalls(const SocketInfo& s)
{
    using enum Call;
    switch (s.state) {
    case SocketState::Created: return {Bind, SendTo, Connect, Close};
    case SocketState::Bound: return {RecvFrom, SendTo, Connect, Close};
    case SocketState::Connected:
    case SocketState::Accepted: return {Send, Recv, RecvFrom, Close};
    case SocketState::Error: return {Recv, Connect, Close};
    case SocketState::Closed: return {};
    default: return {Close};
    }
}
} // namespace

std::vector<Call> legalNextCalls(const SocketInfo& s)
{
    using enum Call;
    if (s.type == SockType::Datagram) {
        auto calls = datagramNextCalls(s);
        if (s.family == Family::Unix && (s.state == SocketState::Connected || s.state == SocketState::Accepted))
            calls.insert(calls.end() - 1, {SendFd, RecvFd});
        return calls;
    }
    const bool server = s.role == Role::Server;
    const bool unixConn = s.family == Family::Unix;
    switch (s.state) {
    case SocketState::Created:
        return server ? std::vector{Bind, Listen, Close} : std::vector{Connect, Bind, Close};
    case SocketState::Bound:
        return server ? std::vector{Listen, Close} : std::vector{Connect, Listen, Close};
    case SocketState::Listening: return {Accept, Close};
    case SocketState::Connecting: return {Close};
    case SocketState::Connected:
    case SocketState::Accepted:
        return unixConn ? std::vector{Send, Recv, SendFd, RecvFd, Shutdown, Close} : std::vector{Send, Recv, Shutdown, Close};
    case SocketState::HalfClosedRead: return {Send, Shutdown, Close};
    case SocketState::HalfClosedWrite: return {Recv, Shutdown, Close};
    case SocketState::ShutDown: return {Close};
    case SocketState::Error: return {Connect, Close};
    case SocketState::Closed: return {};
    }
    return {};
}

} // namespace sks
