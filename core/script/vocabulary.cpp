#include "core/script/vocabulary.h"

#include "core/engine/journalformat.h"
#include "core/sys/errnos.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>

namespace sks::script {

namespace {

struct OpWords {
    Op op;
    std::string_view name;
    std::string_view journalCall;
};

constexpr std::array kOps{
    OpWords{Op::Socket, "socket", "socket"},
    OpWords{Op::SocketPair, "socketpair", "socketpair"},
    OpWords{Op::Bind, "bind", "bind"},
    OpWords{Op::Listen, "listen", "listen"},
    OpWords{Op::Accept, "accept", "accept"},
    OpWords{Op::Connect, "connect", "connect"},
    OpWords{Op::Send, "send", "send"},
    OpWords{Op::SendTo, "sendto", "sendto"},
    OpWords{Op::Recv, "recv", "recv"},
    OpWords{Op::RecvFrom, "recvfrom", "recvfrom"},
    OpWords{Op::SetOption, "setsockopt", "setsockopt"},
    OpWords{Op::GetOption, "getsockopt", "getsockopt"},
    OpWords{Op::Shutdown, "shutdown", "shutdown"},
    OpWords{Op::Close, "close", "close"},
    OpWords{Op::SendFd, "sendfd", "sendmsg"},
    OpWords{Op::RecvFd, "recvfd", "recvmsg"},
    OpWords{Op::Blocking, "blocking", ""},
    OpWords{Op::NonBlocking, "nonblocking", ""},
    OpWords{Op::AutoAccept, "autoaccept", ""},
    OpWords{Op::KeepFile, "keepfile", ""},
};

constexpr bool opsInEnumOrder()
{
    for (std::size_t i = 0; i < kOps.size(); ++i)
        if (static_cast<std::size_t>(kOps[i].op) != i)
            return false;
    return true;
}
static_assert(opsInEnumOrder(), "kOps must follow the Op enum");

constexpr std::array<std::string_view, 8> kKeywords{"say", "pause", "expect", "bytes", "byte", "on", "off", "ok"};

// Linux errno values are below 134; the margin costs nothing.
constexpr int kMaxErrno = 256;

} // namespace

std::string_view opName(Op op) noexcept { return kOps[static_cast<std::size_t>(op)].name; }

std::optional<Op> opFromName(std::string_view name) noexcept
{
    for (const OpWords& w : kOps)
        if (w.name == name)
            return w.op;
    return std::nullopt;
}

std::string_view journalCallName(Op op) noexcept { return kOps[static_cast<std::size_t>(op)].journalCall; }

bool isModeOp(Op op) noexcept
{
    return op == Op::Blocking || op == Op::NonBlocking || op == Op::AutoAccept || op == Op::KeepFile;
}

int socketsMade(Op op) noexcept
{
    switch (op) {
    case Op::Socket:
    case Op::Accept:
    case Op::RecvFd: return 1;
    case Op::SocketPair: return 2;
    default: return 0;
    }
}

bool isReceive(Op op) noexcept { return op == Op::Recv || op == Op::RecvFrom || op == Op::RecvFd; }

bool movesBytes(Op op) noexcept
{
    return isReceive(op) || op == Op::Send || op == Op::SendTo || op == Op::SendFd;
}

std::optional<Family> familyFromName(std::string_view name) noexcept
{
    if (name == "AF_INET")
        return Family::IPv4;
    if (name == "AF_INET6")
        return Family::IPv6;
    if (name == "AF_UNIX" || name == "AF_LOCAL")
        return Family::Unix;
    return std::nullopt;
}

std::optional<SockType> sockTypeFromName(std::string_view name) noexcept
{
    for (SockType t : {SockType::Stream, SockType::Datagram, SockType::SeqPacket})
        if (sockTypeName(t) == name)
            return t;
    return std::nullopt;
}

std::optional<SockOption> sockOptionFromName(std::string_view name) noexcept
{
    for (const SockOptionInfo& o : sockOptions())
        if (o.name == name)
            return o.option;
    return std::nullopt;
}

std::optional<ShutdownHow> shutdownFromName(std::string_view name) noexcept
{
    for (ShutdownHow h : {ShutdownHow::Read, ShutdownHow::Write, ShutdownHow::Both})
        if (shutdownHowName(h) == name)
            return h;
    return std::nullopt;
}

std::optional<int> errnoFromName(std::string_view name) noexcept
{
    if (name.size() < 2 || name.front() != 'E')
        return std::nullopt;
    if (name == "EWOULDBLOCK")
        return EWOULDBLOCK;
    if (name == "ENOTSUP")
        return ENOTSUP;
    for (const ErrnoInfo& info : errnoCatalogue())
        if (info.name == name)
            return info.code;
    try {
        for (int code = 1; code < kMaxErrno; ++code)
            if (errnoName(code) == name)
                return code;
    } catch (...) { // errnoName allocates; out of memory means "not found" here
    }
    return std::nullopt;
}

std::string_view levelName(int level) noexcept
{
    switch (level) {
    case SOL_SOCKET: return "SOL_SOCKET";
    case IPPROTO_TCP: return "IPPROTO_TCP";
    case IPPROTO_IPV6: return "IPPROTO_IPV6";
    default: return "SOL_SOCKET";
    }
}

bool isReservedWord(std::string_view word) noexcept
{
    if (opFromName(word))
        return true;
    for (std::string_view k : kKeywords)
        if (k == word)
            return true;
    return false;
}

} // namespace sks::script
