#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

namespace sks {

enum class Family : std::uint8_t { Unspecified, IPv4, IPv6, Unix };

// AF_INET, AF_INET6, AF_UNIX or AF_UNSPEC.
int toAddressFamily(Family family) noexcept;
// "IPv4", "IPv6", "Unix", "-".
std::string_view familyName(Family family) noexcept;

// Why a string is not an endpoint. `column` is 1-based and points at the first character
// that does not fit (one past the end when something is missing at the end).
struct EndpointParseError {
    std::size_t column = 1;
    std::string message;

    // "column 11: expected a port number (0-65535) after ':'"
    std::string toString() const;
};

// A socket address as a value: IPv4, IPv6 (with scope), Unix path or Unix abstract name,
// or a host name with a port that still has to be resolved (see resolve()).
// Parsing and printing never make a system call, so the GUI thread may use them.
class Endpoint {
public:
    Endpoint() = default; // empty: family() == Unspecified

    // Accepts: 127.0.0.1:8080, 0.0.0.0:0, [::1]:8080, [fe80::1%lo]:80, [fe80::1%2]:80,
    // localhost:80 (a name: isName() is true until resolved), /path/to/sock, ./rel/sock,
    // ../rel/sock and @abstract. Leading/trailing spaces are an error, not trimmed.
    static std::expected<Endpoint, EndpointParseError> parse(std::string_view text);

    // From a kernel-filled address (getsockname, getpeername, accept, recvfrom).
    // An AF_UNIX address of length sizeof(sa_family_t) is an unnamed Unix socket.
    static Endpoint fromSockaddr(const sockaddr* addr, socklen_t length);

    static Endpoint ipv4Loopback(std::uint16_t port);
    static Endpoint ipv6Loopback(std::uint16_t port);
    static Endpoint ipv4Any(std::uint16_t port);
    static Endpoint ipv6Any(std::uint16_t port);

    Family family() const noexcept { return m_family; }
    bool isEmpty() const noexcept { return m_family == Family::Unspecified && !isName(); }
    // A host name (or an IPv6 scope given by interface name) that resolve() must turn
    // into an address before it can be used in a system call.
    bool isName() const noexcept { return m_rare && !m_rare->name.empty(); }
    std::string_view name() const noexcept { return m_rare ? std::string_view(m_rare->name) : std::string_view(); }
    bool isUnix() const noexcept { return m_family == Family::Unix; }
    bool isAbstract() const noexcept;
    bool isUnnamedUnix() const noexcept;
    // The path (or the abstract name without '@'), for Unix endpoints; empty otherwise.
    std::string unixName() const;
    // The port for IPv4/IPv6/name endpoints, 0 otherwise.
    std::uint16_t port() const noexcept;
    bool isLoopback() const noexcept;
    bool isWildcard() const noexcept; // 0.0.0.0 or ::
    bool isV4Mapped() const noexcept; // ::ffff:a.b.c.d

    // Printed in the form parse() reads back: "127.0.0.1:8080", "[::1]:8080",
    // "[fe80::1%2]:80", "localhost:80", "/tmp/x.sock", "@name", "(unnamed)", "" when empty.
    std::string toString() const;

    // Valid only when !isName() and !isEmpty().
    const sockaddr* sockaddrPtr() const noexcept
    {
        return m_rare && m_family == Family::Unix ? reinterpret_cast<const sockaddr*>(&m_rare->unixAddress)
                                                  : reinterpret_cast<const sockaddr*>(&m_inet);
    }
    socklen_t length() const noexcept { return m_length; }

    friend bool operator==(const Endpoint& a, const Endpoint& b) noexcept;

private:
    // A Unix address (up to 110 bytes) and a name awaiting resolution are rare next to
    // the thousands of TCP endpoints a session holds (two in every socket snapshot, and
    // snapshots are copied to every panel): they live in one shared block that is never
    // changed once made, so an IP endpoint takes 56 bytes instead of a sockaddr_storage's
    // 128 and more, and copying a Unix one copies a pointer.
    struct Rare {
        sockaddr_un unixAddress{};
        std::string name;           // host name or "ipv6-literal%ifname" awaiting resolution
        std::uint16_t namePort = 0;
    };
    union Inet {
        sockaddr_in v4;
        sockaddr_in6 v6;
    };
    const sockaddr_un& unixAddress() const noexcept;

    Inet m_inet{};
    socklen_t m_length = 0;
    Family m_family = Family::Unspecified;
    std::shared_ptr<const Rare> m_rare;
};

// Turns a name endpoint into an address with getaddrinfo()/if_nametoindex(): may block on
// DNS, so call it on the engine thread, never the GUI thread. `preferred` picks the
// family when the name has both (Unspecified: the first answer). Non-name endpoints are
// returned as they are. The error message says what was looked up and what failed.
std::expected<Endpoint, std::string> resolve(const Endpoint& endpoint, Family preferred);

} // namespace sks
