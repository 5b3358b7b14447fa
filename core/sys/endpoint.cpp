#include "core/sys/endpoint.h"
#include "core/sys/endpointdetail.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <system_error>

namespace sks {

using endpointdetail::escapeBytes;
using endpointdetail::kUnixPathOffset;

namespace endpointdetail {

std::string hexByte(unsigned char byte)
{
    static constexpr char digits[] = "0123456789abcdef";
    return {digits[byte >> 4], digits[byte & 0xf]};
}

std::string escapeBytes(std::string_view bytes)
{
    std::string out;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f || c == '\\')
            out += "\\x" + hexByte(byte);
        else
            out += c;
    }
    return out;
}

} // namespace endpointdetail

int toAddressFamily(Family family) noexcept
{
    switch (family) {
    case Family::IPv4: return AF_INET;
    case Family::IPv6: return AF_INET6;
    case Family::Unix: return AF_UNIX;
    case Family::Unspecified: break;
    }
    return AF_UNSPEC;
}

std::string_view familyName(Family family) noexcept
{
    switch (family) {
    case Family::IPv4: return "IPv4";
    case Family::IPv6: return "IPv6";
    case Family::Unix: return "Unix";
    case Family::Unspecified: break;
    }
    return "-";
}

Endpoint Endpoint::fromSockaddr(const sockaddr* addr, socklen_t length)
{
    Endpoint endpoint;
    if (addr == nullptr || length < sizeof(sa_family_t))
        return endpoint;
    length = std::min<socklen_t>(length, sizeof(sockaddr_storage));
    switch (addr->sa_family) {
    case AF_INET:
        if (length < sizeof(sockaddr_in))
            return endpoint;
        endpoint.m_family = Family::IPv4;
        length = sizeof(sockaddr_in);
        break;
    case AF_INET6:
        if (length < sizeof(sockaddr_in6))
            return endpoint;
        endpoint.m_family = Family::IPv6;
        length = sizeof(sockaddr_in6);
        break;
    case AF_UNIX:
        endpoint.m_family = Family::Unix;
        length = std::min<socklen_t>(length, sizeof(sockaddr_un));
        break;
    default:
        return endpoint;
    }
    endpoint.m_length = length;
    // sin_zero and the flow label are not part of an address's identity: clear them so
    // operator== and the printed form agree.
    if (endpoint.m_family == Family::IPv4) {
        std::memcpy(&endpoint.m_inet.v4, addr, length);
        std::memset(endpoint.m_inet.v4.sin_zero, 0, sizeof(sockaddr_in::sin_zero));
        return endpoint;
    }
    if (endpoint.m_family == Family::IPv6) {
        std::memcpy(&endpoint.m_inet.v6, addr, length);
        endpoint.m_inet.v6.sin6_flowinfo = 0;
        return endpoint;
    }
    auto rare = std::make_shared<Rare>();
    std::memcpy(&rare->unixAddress, addr, length);
    const sockaddr_un& sun = rare->unixAddress;
    if (length > kUnixPathOffset && sun.sun_path[0] != 0) {
        // Callers may or may not count the path's NUL; normalise so equal paths compare equal.
        const std::size_t pathLength = ::strnlen(sun.sun_path, length - kUnixPathOffset);
        std::memset(rare->unixAddress.sun_path + pathLength, 0, sizeof(sockaddr_un::sun_path) - pathLength);
        endpoint.m_length = static_cast<socklen_t>(
            std::min(kUnixPathOffset + pathLength + 1, sizeof(sockaddr_un)));
    }
    endpoint.m_rare = std::move(rare);
    return endpoint;
}

namespace {

Endpoint makeIPv4(std::uint32_t hostOrderAddress, std::uint16_t port)
{
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(port);
    sin.sin_addr.s_addr = htonl(hostOrderAddress);
    return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sin), sizeof sin);
}

Endpoint makeIPv6(const in6_addr& address, std::uint16_t port)
{
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(port);
    sin6.sin6_addr = address;
    return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sin6), sizeof sin6);
}

} // namespace

Endpoint Endpoint::ipv4Loopback(std::uint16_t port) { return makeIPv4(INADDR_LOOPBACK, port); }
Endpoint Endpoint::ipv6Loopback(std::uint16_t port) { return makeIPv6(in6addr_loopback, port); }
Endpoint Endpoint::ipv4Any(std::uint16_t port) { return makeIPv4(INADDR_ANY, port); }
Endpoint Endpoint::ipv6Any(std::uint16_t port) { return makeIPv6(in6addr_any, port); }

const sockaddr_un& Endpoint::unixAddress() const noexcept
{
    static const sockaddr_un none{};
    return m_rare ? m_rare->unixAddress : none;
}

bool Endpoint::isAbstract() const noexcept
{
    const sockaddr_un& sun = unixAddress();
    return m_family == Family::Unix && m_length > kUnixPathOffset && sun.sun_path[0] == 0;
}

bool Endpoint::isUnnamedUnix() const noexcept
{
    return m_family == Family::Unix && m_length <= kUnixPathOffset;
}

std::string Endpoint::unixName() const
{
    if (m_family != Family::Unix || m_length <= kUnixPathOffset)
        return {};
    const sockaddr_un& sun = unixAddress();
    const std::size_t bytes = m_length - kUnixPathOffset;
    if (sun.sun_path[0] == 0)
        return std::string(sun.sun_path + 1, bytes - 1);
    return std::string(sun.sun_path, ::strnlen(sun.sun_path, bytes));
}

std::uint16_t Endpoint::port() const noexcept
{
    if (isName())
        return m_rare->namePort;
    if (m_family == Family::IPv4)
        return ntohs(m_inet.v4.sin_port);
    if (m_family == Family::IPv6)
        return ntohs(m_inet.v6.sin6_port);
    return 0;
}

bool Endpoint::isLoopback() const noexcept
{
    if (isName())
        return false;
    if (m_family == Family::IPv4)
        return (ntohl(m_inet.v4.sin_addr.s_addr) >> 24) == 127;
    if (m_family != Family::IPv6)
        return false;
    const in6_addr& a = m_inet.v6.sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(&a) || (IN6_IS_ADDR_V4MAPPED(&a) && a.s6_addr[12] == 127);
}

bool Endpoint::isWildcard() const noexcept
{
    if (isName())
        return false;
    if (m_family == Family::IPv4)
        return m_inet.v4.sin_addr.s_addr == htonl(INADDR_ANY);
    if (m_family == Family::IPv6)
        return IN6_IS_ADDR_UNSPECIFIED(&m_inet.v6.sin6_addr);
    return false;
}

bool Endpoint::isV4Mapped() const noexcept
{
    return m_family == Family::IPv6 && !isName()
        && IN6_IS_ADDR_V4MAPPED(&m_inet.v6.sin6_addr);
}

namespace {

// Writes `value` in decimal at `at`; returns the end.
char* writeDecimal(char* at, unsigned value)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0)
        *at++ = digits[--n];
    return at;
}

} // namespace

std::string Endpoint::toString() const
{
    if (m_family == Family::IPv4 && !isName()) {
        // By hand, into one buffer and one string: glibc's inet_ntop for IPv4 goes
        // through sprintf, and this runs for most journal lines (accept, connect) on the
        // engine thread, several times per connection.
        const auto* b = reinterpret_cast<const unsigned char*>(&m_inet.v4.sin_addr);
        char text[sizeof "255.255.255.255:65535"];
        char* end = text;
        for (int i = 0; i < 4; ++i) {
            if (i)
                *end++ = '.';
            end = writeDecimal(end, b[i]);
        }
        *end++ = ':';
        end = writeDecimal(end, this->port());
        return std::string(text, end);
    }
    const std::string port = ":" + std::to_string(this->port());
    if (isName())
        return m_family == Family::IPv6 ? "[" + m_rare->name + "]" + port : m_rare->name + port;
    char text[INET6_ADDRSTRLEN] = {};
    switch (m_family) {
    case Family::IPv4:
        break; // above
    case Family::IPv6: {
        const auto& sin6 = m_inet.v6;
        ::inet_ntop(AF_INET6, &sin6.sin6_addr, text, sizeof text);
        const std::string scope =
            sin6.sin6_scope_id != 0 ? "%" + std::to_string(sin6.sin6_scope_id) : "";
        return "[" + std::string(text) + scope + "]" + port;
    }
    case Family::Unix:
        if (isUnnamedUnix())
            return "(unnamed)";
        if (isAbstract()) {
            std::string name = escapeBytes(unixName());
            if (name.ends_with(' ')) // parse() rejects trailing spaces as typing slips
                name.replace(name.size() - 1, 1, "\\x20");
            return "@" + name;
        }
        // A kernel-reported "x.sock" would read back as a host name missing its port.
        if (const std::string path = unixName();
            !path.starts_with('/') && !path.starts_with("./") && !path.starts_with("../"))
            return "./" + path;
        return unixName();
    case Family::Unspecified:
        break;
    }
    return {};
}

bool operator==(const Endpoint& a, const Endpoint& b) noexcept
{
    return a.m_family == b.m_family && a.m_length == b.m_length
        && std::memcmp(a.sockaddrPtr(), b.sockaddrPtr(), a.m_length) == 0 && a.name() == b.name()
        && a.port() == b.port();
}

namespace {

std::expected<Endpoint, std::string> resolveScope(const Endpoint& endpoint)
{
    const std::string_view name = endpoint.name();
    const std::size_t percent = name.find('%');
    const std::string interfaceName(name.substr(percent + 1));
    const unsigned index = ::if_nametoindex(interfaceName.c_str());
    if (index == 0)
        return std::unexpected("no network interface named '" + interfaceName
                               + "' (for the IPv6 scope)");
    // Re-parsing the numeric form reuses the one place that builds IPv6 addresses.
    const std::string numeric = "[" + std::string(name.substr(0, percent)) + "%"
        + std::to_string(index) + "]:" + std::to_string(endpoint.port());
    auto resolved = Endpoint::parse(numeric);
    if (!resolved)
        return std::unexpected("cannot use the IPv6 scope of '" + std::string(name)
                               + "': " + resolved.error().message);
    return *resolved;
}

std::expected<Endpoint, std::string> resolveHost(const Endpoint& endpoint, Family preferred)
{
    const std::string host(endpoint.name());
    if (preferred == Family::Unix)
        return std::unexpected("'" + host + "' is a host name, but a Unix socket needs a "
                               "path or an @name");
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM; // one answer per address instead of one per type
    hints.ai_flags = AI_NUMERICSERV; // not AI_ADDRCONFIG: it hides loopback without a network
    addrinfo* answers = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), std::to_string(endpoint.port()).c_str(), &hints,
                                 &answers);
    if (rc != 0) {
        const std::string why = rc == EAI_SYSTEM
            ? std::error_code(errno, std::generic_category()).message()
            : std::string(::gai_strerror(rc));
        return std::unexpected("cannot resolve '" + host + "': " + why);
    }
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(answers, &::freeaddrinfo);
    const int wanted = toAddressFamily(preferred);
    for (const addrinfo* ai = answers; ai != nullptr; ai = ai->ai_next) {
        if (wanted == AF_UNSPEC || ai->ai_family == wanted) {
            Endpoint resolved = Endpoint::fromSockaddr(ai->ai_addr, ai->ai_addrlen);
            if (!resolved.isEmpty())
                return resolved;
        }
    }
    return std::unexpected("'" + host + "' has no " + std::string(familyName(preferred))
                           + " address");
}

} // namespace

std::expected<Endpoint, std::string> resolve(const Endpoint& endpoint, Family preferred)
{
    if (!endpoint.isName())
        return endpoint;
    if (endpoint.family() == Family::IPv6)
        return resolveScope(endpoint);
    return resolveHost(endpoint, preferred);
}

} // namespace sks
