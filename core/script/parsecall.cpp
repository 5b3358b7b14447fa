// The arguments of each call: one table of signatures, one reader per kind of argument.
#include "core/script/parsecall.h"

#include "core/script/vocabulary.h"

#include <array>
#include <limits>

namespace sks::script {

namespace {

enum class Arg : std::uint8_t {
    Socket, Passed, Address, Bytes, Backlog, MaxBytes, Family, Type, Protocol, Option, Value, Linger, How, OnOff,
};

std::string_view argWhat(Arg arg) noexcept
{
    switch (arg) {
    case Arg::Socket: return "the socket";
    case Arg::Passed: return "the socket to pass";
    case Arg::Address: return "the address";
    case Arg::Bytes: return "the bytes";
    case Arg::Backlog: return "the backlog";
    case Arg::MaxBytes: return "the buffer size";
    case Arg::Family: return "the address family";
    case Arg::Type: return "the socket type";
    case Arg::Protocol: return "the protocol";
    case Arg::Option: return "the option";
    case Arg::Value: return "the value";
    case Arg::Linger: return "the linger time";
    case Arg::How: return "how to shut down";
    case Arg::OnOff: return "on or off";
    }
    return "an argument";
}

struct Signature {
    std::array<Arg, 4> args{};
    std::size_t required = 0;
    std::size_t total = 0;
};

Signature signatureOf(Op op) noexcept
{
    using A = Arg;
    switch (op) {
    case Op::Socket:
    case Op::SocketPair: return {{A::Family, A::Type, A::Protocol}, 2, 3};
    case Op::Bind:
    case Op::Connect: return {{A::Socket, A::Address}, 2, 2};
    case Op::Listen: return {{A::Socket, A::Backlog}, 2, 2};
    case Op::Send: return {{A::Socket, A::Bytes}, 2, 2};
    case Op::SendTo: return {{A::Socket, A::Bytes, A::Address}, 3, 3};
    case Op::Recv:
    case Op::RecvFrom: return {{A::Socket, A::MaxBytes}, 2, 2};
    case Op::SetOption: return {{A::Socket, A::Option, A::Value, A::Linger}, 3, 4};
    case Op::GetOption: return {{A::Socket, A::Option}, 2, 2};
    case Op::Shutdown: return {{A::Socket, A::How}, 2, 2};
    case Op::SendFd: return {{A::Socket, A::Passed, A::Bytes}, 2, 3};
    case Op::RecvFd: return {{A::Socket, A::MaxBytes}, 1, 2};
    case Op::AutoAccept:
    case Op::KeepFile: return {{A::Socket, A::OnOff}, 2, 2};
    case Op::Accept:
    case Op::Close:
    case Op::Blocking:
    case Op::NonBlocking: break;
    }
    return {{A::Socket}, 1, 1};
}

Parsed<std::string> readSocketName(Cursor& cursor, const Scope& scope, Arg arg, bool closedIsFine)
{
    const std::size_t start = cursor.pos();
    if (!cursor.atIdentifier())
        return std::unexpected(cursor.error("expected " + std::string(argWhat(arg)) + " (a name like srv), found " + describeHere(cursor)));
    const std::string name(cursor.identifier());
    if (!scope.known(name)) {
        const std::string known = scope.listed();
        return std::unexpected(cursor.errorAt(start, "unknown socket '" + name.substr(0, 40) + "': name it first, like " + name.substr(0, 40)
                                                         + " = socket(AF_INET, SOCK_STREAM)" + (known.empty() ? "" : " (known: " + known + ")")));
    }
    if (const int line = scope.closedOn(name); line != 0 && !closedIsFine)
        return std::unexpected(cursor.errorAt(start, "socket '" + name + "' was closed on line " + std::to_string(line)
                                                         + ": make a new socket first"));
    return name;
}

// A word from a fixed list; `lookup` turns it into its value.
template <class T, class Lookup>
Parsed<T> readWord(Cursor& cursor, Arg arg, std::string_view choices, Lookup lookup)
{
    const std::size_t start = cursor.pos();
    const std::string_view word = cursor.peekIdentifier();
    if (auto value = lookup(word); value && !word.empty()) {
        cursor.identifier();
        return *value;
    }
    return std::unexpected(cursor.errorAt(start, "expected " + std::string(argWhat(arg)) + " (" + std::string(choices) + "), found " + describeHere(cursor)));
}

bool endsRawAddress(char c) noexcept { return c == ',' || c == ')' || c == ' ' || c == '\t' || c == '#'; }

Parsed<Address> readAddress(Cursor& cursor, const Scope& scope)
{
    const std::size_t start = cursor.pos();
    Address address;
    std::string text;
    std::size_t textColumnBase = start; // where the endpoint's own column 1 sits in the line
    if (cursor.peek() == '"') {
        auto quoted = readString(cursor);
        if (!quoted)
            return std::unexpected(quoted.error());
        text = std::move(*quoted);
        textColumnBase = start + 1;
    } else {
        while (!cursor.atEnd() && !endsRawAddress(cursor.peek()))
            cursor.advance();
        text = std::string(cursor.line().substr(start, cursor.pos() - start));
        if (text.empty())
            return std::unexpected(cursor.errorAt(start, "expected the address (like 127.0.0.1:0, [::1]:0, ./name.sock, @name, or a socket's name), found "
                                                             + describeAt(cursor, start)));
        bool plainName = isIdentStart(text.front());
        for (char c : text)
            plainName = plainName && isIdentChar(c);
        if (plainName) {
            Cursor nameCursor(cursor.line(), cursor.lineNumber());
            nameCursor.advance(start);
            auto name = readSocketName(nameCursor, scope, Arg::Address, true);
            if (!name) {
                ParseError e = name.error();
                e.message += "; a host name needs a port, like " + text.substr(0, 40) + ":8080";
                return std::unexpected(e);
            }
            address.socket = std::move(*name);
            return address;
        }
    }
    auto endpoint = Endpoint::parse(text);
    if (!endpoint) {
        // Inside a quoted string escapes shift columns; pointing at the string is close enough.
        const std::size_t offset = cursor.line()[start] == '"' ? start : textColumnBase + endpoint.error().column - 1;
        return std::unexpected(cursor.errorAt(offset, endpoint.error().message));
    }
    address.endpoint = std::move(*endpoint);
    return address;
}

Parsed<void> readArg(Cursor& cursor, Arg arg, Call& call, const Scope& scope)
{
    constexpr std::int64_t kIntMin = std::numeric_limits<int>::min();
    constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
    auto store = [](auto parsed, auto& into) -> Parsed<void> {
        if (!parsed)
            return std::unexpected(parsed.error());
        into = std::move(*parsed);
        return {};
    };
    switch (arg) {
    case Arg::Socket: return store(readSocketName(cursor, scope, arg, false), call.socket);
    case Arg::Passed: return store(readSocketName(cursor, scope, arg, false), call.passed);
    case Arg::Address: return store(readAddress(cursor, scope), call.address);
    case Arg::Bytes:
        if (cursor.peek() != '"')
            return std::unexpected(cursor.error("expected the bytes as a string, like \"hello\\n\", found " + describeHere(cursor)));
        return store(readString(cursor), call.bytes);
    case Arg::Backlog: return store(readInteger(cursor, 0, 65535, "the backlog"), call.count);
    case Arg::MaxBytes: return store(readInteger(cursor, call.op == Op::RecvFd ? 1 : 0, kMaxReceiveBytes, "the buffer size"), call.count);
    case Arg::Family: return store(readWord<Family>(cursor, arg, "AF_INET, AF_INET6 or AF_UNIX", familyFromName), call.family);
    case Arg::Type: return store(readWord<SockType>(cursor, arg, "SOCK_STREAM, SOCK_DGRAM or SOCK_SEQPACKET", sockTypeFromName), call.type);
    case Arg::Protocol: {
        const std::size_t start = cursor.pos();
        if (!readInteger(cursor, 0, 0, "the protocol"))
            return std::unexpected(cursor.errorAt(start, "expected 0 for the protocol: the kernel picks it from the type"));
        return {};
    }
    case Arg::Option: return store(readWord<SockOption>(cursor, arg, "an option like SO_REUSEADDR or TCP_NODELAY", sockOptionFromName), call.option);
    case Arg::Value: return store(readInteger(cursor, kIntMin, kIntMax, "the value"), call.value);
    case Arg::Linger: return store(readInteger(cursor, 0, kIntMax, "the linger time"), call.value2);
    case Arg::How: return store(readWord<ShutdownHow>(cursor, arg, "SHUT_RD, SHUT_WR or SHUT_RDWR", shutdownFromName), call.how);
    case Arg::OnOff:
        return store(readWord<bool>(cursor, arg, "on or off",
                                    [](std::string_view w) -> std::optional<bool> {
                                        if (w == "on")
                                            return true;
                                        if (w == "off")
                                            return false;
                                        return std::nullopt;
                                    }),
                     call.on);
    }
    return {};
}

// Between two arguments: a ',' (or the ')' when the rest is optional).
Parsed<bool> readSeparator(Cursor& cursor, const Signature& sig, std::size_t next)
{
    cursor.skipSpaces();
    const std::string_view before = argWhat(sig.args[next - 1]);
    if (cursor.peek() == ')') {
        if (next < sig.required)
            return std::unexpected(cursor.error("expected ',' and " + std::string(argWhat(sig.args[next])) + " after " + std::string(before)));
        return false;
    }
    if (cursor.consume(',')) {
        cursor.skipSpaces();
        return true;
    }
    return std::unexpected(cursor.error(std::string(next < sig.required ? "expected ','" : "expected ',' or ')'") + " after "
                                        + std::string(before) + ", found " + describeHere(cursor)));
}

// What one call's arguments must satisfy together; `argAt` holds where each one starts,
// `closeAt` where its ')' is.
Parsed<void> checkTogether(const Cursor& cursor, const Call& call, std::size_t parsed, const std::array<std::size_t, 4>& argAt,
                           std::size_t closeAt)
{
    if (call.op == Op::SocketPair && call.family != Family::Unix)
        return std::unexpected(cursor.errorAt(argAt[0], "socketpair() makes Unix sockets only: use AF_UNIX"));
    if (call.op != Op::SetOption)
        return {};
    const std::size_t optionAt = argAt[1];
    const std::size_t lingerAt = argAt[3];
    const SockOptionInfo& info = sockOptionInfo(call.option);
    if (info.readOnly)
        return std::unexpected(cursor.errorAt(optionAt, std::string(info.name) + " is read-only: read it with getsockopt()"));
    if (call.option == SockOption::Linger && parsed < 4)
        return std::unexpected(cursor.errorAt(closeAt, "SO_LINGER takes two values, l_onoff and l_linger: like setsockopt(s, SO_LINGER, 1, 0)"));
    if (call.option != SockOption::Linger && parsed == 4)
        return std::unexpected(cursor.errorAt(lingerAt, std::string(info.name) + " takes one value: only SO_LINGER takes two"));
    return {};
}

} // namespace

int Scope::closedOn(const std::string& name) const
{
    auto it = m_closedOnLine.find(name);
    return it == m_closedOnLine.end() ? 0 : it->second;
}

std::string Scope::listed() const
{
    std::string out;
    int shown = 0;
    for (const auto& [name, closed] : m_closedOnLine) {
        if (closed != 0)
            continue;
        if (++shown > 6)
            return out + ", ...";
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

Parsed<void> parseArguments(Cursor& cursor, Call& call, const Scope& scope)
{
    const Signature sig = signatureOf(call.op);
    const std::string callName(opName(call.op));
    if (!cursor.consume('('))
        return std::unexpected(cursor.error("expected '(' after '" + callName + "'"));
    cursor.skipSpaces();
    if (call.op == Op::RecvFd)
        call.count = kDefaultRecvFdBytes;
    if (call.op == Op::SendFd)
        call.bytes = kDefaultSendFdBytes;
    std::size_t parsed = 0;
    std::array<std::size_t, 4> argAt{};
    for (; parsed < sig.total; ++parsed) {
        if (parsed > 0) {
            auto more = readSeparator(cursor, sig, parsed);
            if (!more)
                return std::unexpected(more.error());
            if (!*more)
                break;
        }
        argAt[parsed] = cursor.pos();
        if (auto ok = readArg(cursor, sig.args[parsed], call, scope); !ok)
            return ok;
    }
    cursor.skipSpaces();
    if (parsed == sig.total && !cursor.consume(')')) {
        const std::string tail = cursor.peek() == ',' ? ": " + callName + "() takes " + std::to_string(sig.total) + " argument" + (sig.total == 1 ? "" : "s")
                                                      : ", found " + describeHere(cursor);
        return std::unexpected(cursor.error("expected ')' after " + std::string(argWhat(sig.args[sig.total - 1])) + tail));
    }
    const std::size_t closeAt = cursor.pos() - (parsed == sig.total ? 1 : 0);
    if (parsed < sig.total)
        cursor.consume(')'); // readSeparator stopped at it
    return checkTogether(cursor, call, parsed, argAt, closeAt);
}

} // namespace sks::script
