#include "core/engine/socketstate.h"

#include <sys/socket.h>

namespace sks {

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

std::vector<Call> legalNextCalls(const SocketInfo& s)
{
    using enum Call;
    const bool server = s.role == Role::Server;
    switch (s.state) {
    case SocketState::Created:
        return server ? std::vector{Bind, Listen, Close} : std::vector{Connect, Bind, Close};
    case SocketState::Bound:
        return server ? std::vector{Listen, Close} : std::vector{Connect, Listen, Close};
    case SocketState::Listening: return {Accept, Close};
    case SocketState::Connecting: return {Close};
    case SocketState::Connected:
    case SocketState::Accepted: return {Send, Recv, Shutdown, Close};
    case SocketState::HalfClosedRead: return {Send, Shutdown, Close};
    case SocketState::HalfClosedWrite: return {Recv, Shutdown, Close};
    case SocketState::ShutDown: return {Close};
    case SocketState::Error: return {Connect, Close};
    case SocketState::Closed: return {};
    }
    return {};
}

} // namespace sks
