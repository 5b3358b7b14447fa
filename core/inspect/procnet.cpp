// The fallback when netlink sock_diag is unavailable: the text tables in /proc/net.
#include "core/inspect/socketsources.h"

#include "core/sys/fd.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sks::inspect::detail {
namespace {

// /proc/net/tcp of a machine with a million sockets is ~150 MB; refuse anything past that.
constexpr std::size_t kMaxProcNetBytes = std::size_t{512} << 20;
constexpr int kUnixAcceptConnFlag = 0x10000; // __SO_ACCEPTCON: the socket is listening
constexpr int kUnixStateConnecting = 2;      // SS_CONNECTING
constexpr int kUnixStateConnected = 3;       // SS_CONNECTED

SysResult<std::string> readWholeFile(const char* path)
{
    Fd fd(::open(path, O_RDONLY | O_CLOEXEC));
    if (!fd)
        return std::unexpected(SysError{errno, "open"});
    std::string text;
    std::array<char, 65536> chunk;
    while (text.size() < kMaxProcNetBytes) {
        const ssize_t n = ::read(fd.get(), chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return std::unexpected(SysError{errno, "read"});
        if (n == 0)
            return text;
        text.append(chunk.data(), static_cast<std::size_t>(n));
    }
    return std::unexpected(SysError{EFBIG, "read"});
}

// Splits off the next space-separated field of `line`.
std::string_view nextField(std::string_view& line)
{
    const std::size_t start = line.find_first_not_of(' ');
    if (start == std::string_view::npos) {
        line = {};
        return {};
    }
    line.remove_prefix(start);
    const std::size_t end = std::min(line.find(' '), line.size());
    const std::string_view field = line.substr(0, end);
    line.remove_prefix(end);
    return field;
}

template <class T>
std::optional<T> parseNumber(std::string_view text, int base)
{
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

// "0100007F:1F90" (IPv4) or 32 hex digits and a port (IPv6). The kernel prints each 32-bit
// word of the address as a host-order number, so parsing it back gives the memory layout.
std::optional<Endpoint> parseProcAddress(std::string_view text, bool ipv6)
{
    const std::size_t colon = text.find(':');
    const std::size_t hexDigits = ipv6 ? 32 : 8;
    if (colon != hexDigits)
        return std::nullopt;
    const auto port = parseNumber<std::uint16_t>(text.substr(colon + 1), 16);
    if (!port)
        return std::nullopt;
    std::array<std::uint32_t, 4> words{};
    for (std::size_t i = 0; i < hexDigits / 8; ++i) {
        const auto word = parseNumber<std::uint32_t>(text.substr(i * 8, 8), 16);
        if (!word)
            return std::nullopt;
        words[i] = *word;
    }
    sockaddr_storage storage{};
    if (!ipv6) {
        auto& sin = reinterpret_cast<sockaddr_in&>(storage);
        sin.sin_family = AF_INET;
        sin.sin_port = htons(*port);
        sin.sin_addr.s_addr = words[0];
        return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&storage), sizeof sin);
    }
    auto& sin6 = reinterpret_cast<sockaddr_in6&>(storage);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(*port);
    std::memcpy(&sin6.sin6_addr, words.data(), sizeof sin6.sin6_addr);
    return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&storage), sizeof sin6);
}

bool wanted(std::uint32_t states, unsigned state) noexcept { return state < 32 && ((states >> state) & 1U) != 0; }

// "  0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000  0 12345 ..."
std::optional<SystemSocket> parseInetLine(std::string_view line, SocketKind kind)
{
    const bool ipv6 = kind == SocketKind::Tcp6 || kind == SocketKind::Udp6;
    const bool tcp = kind == SocketKind::Tcp4 || kind == SocketKind::Tcp6;
    std::array<std::string_view, 10> field;
    for (auto& f : field)
        f = nextField(line);
    const auto local = parseProcAddress(field[1], ipv6);
    const auto peer = parseProcAddress(field[2], ipv6);
    const auto state = parseNumber<std::uint8_t>(field[3], 16);
    const std::size_t colon = field[4].find(':');
    const auto tx = parseNumber<std::uint32_t>(field[4].substr(0, colon), 16);
    const auto rx = colon == std::string_view::npos ? std::nullopt
                                                    : parseNumber<std::uint32_t>(field[4].substr(colon + 1), 16);
    const auto uid = parseNumber<std::uint32_t>(field[7], 10);
    const auto inode = parseNumber<std::uint64_t>(field[9], 10);
    if (!local || !peer || !state || !tx || !rx || !uid || !inode)
        return std::nullopt;
    SystemSocket row;
    row.family = ipv6 ? Family::IPv6 : Family::IPv4;
    row.type = tcp ? SOCK_STREAM : SOCK_DGRAM;
    row.protocol = tcp ? IPPROTO_TCP : IPPROTO_UDP;
    row.stateCode = *state;
    row.state = stateName(*state);
    row.local = *local;
    row.peer = *peer;
    row.rxQueue = *rx;
    row.txQueue = *tx;
    row.inode = *inode;
    row.uid = *uid;
    return row;
}

Endpoint unixPathEndpoint(std::string_view path)
{
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::size_t length = 0;
    if (path.starts_with('@')) {
        // The kernel prints an abstract name's leading NUL (and any other NUL) as '@'.
        length = std::min(path.size(), sizeof sun.sun_path);
        std::memcpy(sun.sun_path + 1, path.data() + 1, length - 1);
    } else if (!path.empty()) {
        length = std::min(path.size(), sizeof sun.sun_path - 1);
        std::memcpy(sun.sun_path, path.data(), length);
    }
    const std::size_t total = length == 0 ? sizeof(sa_family_t) : offsetof(sockaddr_un, sun_path) + length;
    return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sun), static_cast<socklen_t>(total));
}

// "0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/x.sock"
std::optional<SystemSocket> parseUnixLine(std::string_view line)
{
    std::array<std::string_view, 7> field;
    for (auto& f : field)
        f = nextField(line);
    const auto flags = parseNumber<int>(field[3], 16);
    const auto type = parseNumber<int>(field[4], 16);
    const auto socketState = parseNumber<int>(field[5], 16);
    const auto inode = parseNumber<std::uint64_t>(field[6], 10);
    if (!flags || !type || !socketState || !inode)
        return std::nullopt;
    if (!line.empty())
        line.remove_prefix(1); // the single space before the path; the path may hold spaces
    SystemSocket row;
    row.family = Family::Unix;
    row.type = *type;
    row.stateCode = (*flags & kUnixAcceptConnFlag) != 0 ? kStateListen
        : *socketState == kUnixStateConnected           ? kStateEstablished
        : *socketState == kUnixStateConnecting          ? kStateSynSent
                                                        : kStateClose;
    row.state = stateName(row.stateCode);
    row.inode = *inode;
    row.local = unixPathEndpoint(line);
    return row;
}

// The number after `field` on the line of /proc/net/sockstat* that starts with `line`
// ("TCP:", "inuse"), 0 when absent.
std::size_t sockstatCount(std::string_view text, std::string_view line, std::string_view field)
{
    const std::size_t start = text.starts_with(line) ? 0 : text.find("\n" + std::string(line));
    if (start == std::string_view::npos)
        return 0;
    std::string_view rest = text.substr(start + (start == 0 ? 0 : 1) + line.size());
    rest = rest.substr(0, rest.find('\n'));
    for (std::string_view name = nextField(rest); !name.empty(); name = nextField(rest)) {
        const std::string_view value = nextField(rest);
        if (name == field)
            return parseNumber<std::size_t>(value, 10).value_or(0);
    }
    return 0;
}

} // namespace

std::size_t estimateSocketCount(const SnapshotFilter& filter)
{
    const auto v4 = readWholeFile("/proc/net/sockstat");
    if (!v4)
        return 0;
    const auto v6 = readWholeFile("/proc/net/sockstat6"); // absent without IPv6
    const std::string_view six = v6 ? std::string_view(*v6) : std::string_view();
    std::size_t count = 0;
    if (filter.includesTcp())
        count += sockstatCount(*v4, "TCP:", "inuse") + sockstatCount(*v4, "TCP:", "tw") + sockstatCount(six, "TCP6:", "inuse");
    if (filter.includesUdp())
        count += sockstatCount(*v4, "UDP:", "inuse") + sockstatCount(six, "UDP6:", "inuse");
    if (filter.includesUnix()) // not counted apart: every socket of the namespace bounds it
        count += sockstatCount(*v4, "sockets:", "used");
    return count;
}

const char* procNetPath(SocketKind kind) noexcept
{
    switch (kind) {
    case SocketKind::Tcp4: return "/proc/net/tcp";
    case SocketKind::Tcp6: return "/proc/net/tcp6";
    case SocketKind::Udp4: return "/proc/net/udp";
    case SocketKind::Udp6: return "/proc/net/udp6";
    case SocketKind::Unix: return "/proc/net/unix";
    }
    return "/proc/net/?";
}

SysResult<void> readProcNet(SocketKind kind, std::uint32_t states, std::vector<SystemSocket>& out)
{
    const auto text = readWholeFile(procNetPath(kind));
    if (!text)
        return std::unexpected(text.error());
    std::string_view rest = *text;
    bool header = true;
    while (!rest.empty()) {
        const std::size_t newline = std::min(rest.find('\n'), rest.size());
        const std::string_view line = rest.substr(0, newline);
        rest.remove_prefix(std::min(newline + 1, rest.size()));
        if (std::exchange(header, false) || line.empty())
            continue;
        auto row = kind == SocketKind::Unix ? parseUnixLine(line) : parseInetLine(line, kind);
        if (!row)
            return std::unexpected(SysError{EBADMSG, "parse"});
        if (wanted(states, row->stateCode))
            out.push_back(std::move(*row));
    }
    return {};
}

} // namespace sks::inspect::detail
