// Endpoint::parse: the text a user types ("127.0.0.1:80", "[::1%lo]:8080", "/tmp/s",
// "@name", "localhost:80") to a socket address, or an error that says which column and why.
// The sockaddr side and printing are in endpoint.cpp.
#include "core/sys/endpoint.h"
#include "core/sys/endpointdetail.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>

namespace sks {

using endpointdetail::escapeBytes;
using endpointdetail::hexByte;
using endpointdetail::kUnixPathOffset;

namespace {

using ParseError = std::unexpected<EndpointParseError>;

// What the sub-parsers hand back to Endpoint::parse, which alone may set the members.
struct Parsed {
    sockaddr_storage addr{};
    socklen_t length = 0;
    std::string name;
    std::uint16_t namePort = 0;
};
using ParseResult = std::expected<Parsed, EndpointParseError>;

constexpr std::size_t kSunPathSize = sizeof(sockaddr_un{}.sun_path);
constexpr std::size_t kMaxPathBytes = kSunPathSize - 1;     // the kernel wants room for a NUL
constexpr std::size_t kMaxAbstractBytes = kSunPathSize - 1; // sun_path[0] is the NUL marker
constexpr std::size_t kMaxInterfaceName = IFNAMSIZ - 1;

// `offset` is 0-based into the whole text; columns in messages are 1-based.
ParseError fail(std::size_t offset, std::string message)
{
    return ParseError(EndpointParseError{offset + 1, std::move(message)});
}

bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }
bool isAlpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isHexDigit(char c) noexcept
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// Not std::isspace: that depends on the locale, and parsing must not.
bool isSpace(char c) noexcept
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool allOf(std::string_view s, bool (*pred)(char) noexcept)
{
    return std::all_of(s.begin(), s.end(), pred);
}

// A character as a message shows it, so a tab or a control byte never breaks the line.
std::string describe(char c)
{
    switch (c) {
    case ' ': return "a space";
    case '\t': return "a tab";
    case '\n': case '\r': return "a line break";
    case '\0': return "a NUL byte";
    default: break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f)
        return "the byte 0x" + hexByte(byte);
    return std::string("'") + c + "'";
}

std::expected<std::uint16_t, EndpointParseError> parsePort(std::string_view text,
                                                           std::size_t start)
{
    const std::string_view port = text.substr(start);
    if (port.empty())
        return fail(start, "expected a port number (0-65535) after ':'");
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < port.size(); ++i) {
        if (!isDigit(port[i]))
            return fail(start + i, "the port cannot contain " + describe(port[i])
                                       + ": a port is a number from 0 to 65535");
        value = std::min<std::uint32_t>(value * 10 + static_cast<std::uint32_t>(port[i] - '0'),
                                        100000); // saturate: no overflow on long digit runs
    }
    if (value > 65535)
        return fail(start, "port " + std::string(port)
                               + " is too large: ports go from 0 to 65535");
    return static_cast<std::uint16_t>(value);
}

// Checks each dotted part itself so the message can point at the part that is wrong;
// inet_pton only says yes or no.
ParseResult parseIPv4(std::string_view text, std::size_t hostEnd)
{
    const std::string_view host = text.substr(0, hostEnd);
    const std::string expected = "an IPv4 address has exactly 4 numbers (0-255) separated by "
                                 "dots, like 192.168.1.20";
    std::size_t partStart = 0;
    int parts = 0;
    for (;;) {
        const std::size_t dot = std::min(host.find('.', partStart), host.size());
        const std::string_view part = host.substr(partStart, dot - partStart);
        if (parts == 4)
            return fail(partStart - 1, expected + ", but '" + std::string(host) + "' has more");
        if (part.empty())
            return fail(partStart, "expected a number (0-255) between the dots of the IPv4 "
                                   "address");
        if (part.size() > 1 && part[0] == '0')
            return fail(partStart, "'" + std::string(part) + "' has a leading zero, which "
                                   "some programs read as octal: write it without the zero");
        if (part.size() > 3 || std::stoi(std::string(part)) > 255)
            return fail(partStart, std::string(part) + " is too large for an IPv4 address: "
                                   "each of the 4 numbers must be 0 to 255");
        ++parts;
        if (dot == host.size())
            break;
        partStart = dot + 1;
    }
    if (parts < 4)
        return fail(hostEnd, expected + ", but '" + std::string(host) + "' has "
                                 + std::to_string(parts));
    Parsed out;
    auto& sin = reinterpret_cast<sockaddr_in&>(out.addr);
    sin.sin_family = AF_INET;
    if (::inet_pton(AF_INET, std::string(host).c_str(), &sin.sin_addr) != 1)
        return fail(0, "'" + std::string(host) + "' is not a valid IPv4 address");
    out.length = sizeof(sockaddr_in);
    return out;
}

std::expected<void, EndpointParseError> checkLabel(std::string_view label, std::size_t start)
{
    if (label.empty())
        return fail(start, "a host name cannot start with '.' or have two dots in a row");
    if (label.size() > 63)
        return fail(start + 63, "the part '" + std::string(label) + "' is "
                                    + std::to_string(label.size()) + " characters long: each "
                                    "dot-separated part of a host name can have at most 63");
    if (label.front() == '-')
        return fail(start, "a part of a host name cannot start with '-'");
    if (label.back() == '-')
        return fail(start + label.size() - 1, "a part of a host name cannot end with '-'");
    return {};
}

ParseResult parseHostName(std::string_view text, std::size_t hostEnd)
{
    const std::string_view host = text.substr(0, hostEnd);
    for (std::size_t i = 0; i < host.size(); ++i) {
        const char c = host[i];
        if (!isAlpha(c) && !isDigit(c) && c != '-' && c != '.')
            return fail(i, "a host name cannot contain " + describe(c) + ": use only "
                           "letters, digits, '-' and '.'");
    }
    // One trailing dot is the fully qualified form ("example.com.") and is fine.
    const std::string_view labels = host.ends_with('.') && host.size() > 1
        ? host.substr(0, host.size() - 1) : host;
    std::size_t start = 0;
    for (;;) {
        const std::size_t dot = std::min(labels.find('.', start), labels.size());
        if (auto ok = checkLabel(labels.substr(start, dot - start), start); !ok)
            return std::unexpected(ok.error());
        if (dot == labels.size())
            break;
        start = dot + 1;
    }
    if (labels.size() > 253)
        return fail(253, "the host name is " + std::to_string(labels.size())
                             + " characters long: at most 253 are allowed");
    Parsed out;
    out.name = std::string(host);
    return out;
}

// "::1:80" and friends: say how to write it instead of a puzzling host-name error.
ParseError bareIPv6(std::string_view text)
{
    // "::1:80" is itself a valid address, but someone who typed it meant [::1]:80.
    in6_addr scratch{};
    const std::size_t colon = text.rfind(':');
    const std::string host(text.substr(0, colon));
    const std::string_view port = text.substr(colon + 1);
    if (!port.empty() && allOf(port, isDigit) && ::inet_pton(AF_INET6, host.c_str(), &scratch) == 1)
        return fail(0, "IPv6 addresses need brackets: [" + host + "]:" + std::string(port));
    if (::inet_pton(AF_INET6, std::string(text).c_str(), &scratch) == 1)
        return fail(0, "IPv6 addresses need brackets and a port: [" + std::string(text)
                           + "]:8080");
    return fail(0, "IPv6 addresses need brackets, like [::1]:8080");
}

bool looksLikeBareIPv6(std::string_view text)
{
    // An embedded IPv4 part only ever comes last, so a dot before the first ':' means
    // "host:port:junk" rather than an IPv6 address.
    const bool ipv6Chars = std::all_of(text.begin(), text.end(), [](char c) {
        return isHexDigit(c) || c == ':' || c == '.' || c == '%';
    });
    return ipv6Chars && text.substr(0, text.find(':')).find('.') == std::string_view::npos;
}

ParseResult parseHostPort(std::string_view text)
{
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        if (text.front() == '~')
            return fail(0, "'~' is a shell shortcut that socket calls do not expand: write the "
                           "whole path, like /home/you/app.sock");
        if (text.find('/') != std::string_view::npos)
            return fail(0, "a relative Unix socket path must start with './', like ./"
                               + escapeBytes(text));
        const auto nonAscii = std::find_if(text.begin(), text.end(), [](char c) { return (c & 0x80) != 0; });
        if (nonAscii != text.end())
            return fail(std::size_t(nonAscii - text.begin()),
                        "the endpoint contains " + describe(*nonAscii) + ", which is not ASCII (a look-alike "
                        "of ':' or '.' pasted from a document?): type it again, like 127.0.0.1:8080");
        return fail(text.size(), "missing ':' and a port number, like " + escapeBytes(text)
                                     + ":8080 (a Unix socket path starts with '/', './' or "
                                     "'../')");
    }
    if (text.find(':', colon + 1) != std::string_view::npos) {
        if (looksLikeBareIPv6(text))
            return bareIPv6(text);
        return fail(text.find(':', colon + 1), "unexpected second ':': write host:port "
                                               "with one ':'");
    }
    if (colon == 0)
        return fail(0, "expected a host name or an IPv4 address before ':', like "
                       "127.0.0.1:8080");
    const bool numeric =
        allOf(text.substr(0, colon), [](char c) noexcept { return isDigit(c) || c == '.'; });
    auto parsed = numeric ? parseIPv4(text, colon) : parseHostName(text, colon);
    if (!parsed)
        return parsed;
    const auto port = parsePort(text, colon + 1);
    if (!port)
        return std::unexpected(port.error());
    if (numeric)
        reinterpret_cast<sockaddr_in&>(parsed->addr).sin_port = htons(*port);
    else
        parsed->namePort = *port;
    return parsed;
}

std::expected<void, EndpointParseError> checkIPv6Literal(std::string_view literal,
                                                         std::string_view afterBracket)
{
    // The literal starts at offset 1, just after '['.
    if (literal.empty())
        return fail(1, "expected an IPv6 address between '[' and ']', like [::1]:8080");
    for (std::size_t i = 0; i < literal.size(); ++i) {
        const char c = literal[i];
        if (!isHexDigit(c) && c != ':' && c != '.')
            return fail(1 + i, "an IPv6 address cannot contain " + describe(c) + ": only hex "
                                   "digits (0-9, a-f), ':' and '.' may appear");
    }
    in_addr v4{};
    if (::inet_pton(AF_INET, std::string(literal).c_str(), &v4) == 1)
        return fail(0, "IPv4 addresses go without brackets: " + std::string(literal)
                           + (afterBracket.starts_with(':') ? std::string(afterBracket)
                                                             : std::string(":8080")));
    in6_addr v6{};
    if (::inet_pton(AF_INET6, std::string(literal).c_str(), &v6) != 1)
        return fail(1, "'" + std::string(literal) + "' is not a valid IPv6 address: it has 8 "
                           "groups of up to 4 hex digits separated by ':', and '::' may stand "
                           "once for a run of zero groups");
    return {};
}

// Returns the numeric scope id, or 0 with `isName` set when the scope is an interface name.
std::expected<std::uint32_t, EndpointParseError> parseScope(std::string_view scope,
                                                            std::size_t start, bool& isName)
{
    if (scope.empty())
        return fail(start, "expected an interface name (like lo or eth0) or an interface "
                           "number after '%'");
    if (allOf(scope, isDigit)) {
        std::uint64_t value = 0;
        for (const char c : scope)
            value = std::min<std::uint64_t>(value * 10 + static_cast<std::uint64_t>(c - '0'),
                                            std::uint64_t{1} << 32);
        if (value > 0xffffffffu)
            return fail(start, "the scope number " + std::string(scope) + " is too large");
        return static_cast<std::uint32_t>(value);
    }
    for (std::size_t i = 0; i < scope.size(); ++i) {
        const auto byte = static_cast<unsigned char>(scope[i]);
        if (byte <= 0x20 || byte >= 0x7f || scope[i] == '/' || scope[i] == ':')
            return fail(start + i, "the interface name after '%' cannot contain "
                                       + describe(scope[i]));
    }
    if (scope.size() > kMaxInterfaceName)
        return fail(start + kMaxInterfaceName, "the interface name '" + std::string(scope)
                                                   + "' is too long: Linux allows at most 15 "
                                                   "characters");
    isName = true;
    return 0;
}

ParseResult parseBracketed(std::string_view text)
{
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos)
        return fail(text.size(), "missing ']' to close the IPv6 address opened by '[' at "
                                 "column 1, like [::1]:8080");
    const std::string_view inner = text.substr(1, close - 1);
    const std::size_t percent = std::min(inner.find('%'), inner.size());
    const std::string literal(inner.substr(0, percent));
    if (auto ok = checkIPv6Literal(literal, text.substr(close + 1)); !ok)
        return std::unexpected(ok.error());
    bool scopeIsName = false;
    std::uint32_t scopeId = 0;
    if (percent < inner.size()) {
        const auto scope = parseScope(inner.substr(percent + 1), percent + 2, scopeIsName);
        if (!scope)
            return std::unexpected(scope.error());
        scopeId = *scope;
    }
    if (close + 1 == text.size())
        return fail(close + 1, "missing ':' and a port after ']', like [::1]:8080");
    if (text[close + 1] != ':')
        return fail(close + 1, "expected ':' after ']', like [::1]:8080");
    const auto port = parsePort(text, close + 2);
    if (!port)
        return std::unexpected(port.error());
    Parsed out;
    auto& sin6 = reinterpret_cast<sockaddr_in6&>(out.addr);
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(*port);
    sin6.sin6_scope_id = scopeId;
    ::inet_pton(AF_INET6, literal.c_str(), &sin6.sin6_addr);
    out.length = sizeof(sockaddr_in6);
    if (scopeIsName) {
        char canonical[INET6_ADDRSTRLEN] = {};
        ::inet_ntop(AF_INET6, &sin6.sin6_addr, canonical, sizeof canonical);
        out.name = std::string(canonical) + "%" + std::string(inner.substr(percent + 1));
        out.namePort = *port;
    }
    return out;
}

Parsed makeUnix(std::string_view bytes, bool abstract)
{
    Parsed out;
    auto& sun = reinterpret_cast<sockaddr_un&>(out.addr);
    sun.sun_family = AF_UNIX;
    const std::size_t skip = abstract ? 1 : 0;
    std::memcpy(sun.sun_path + skip, bytes.data(), bytes.size());
    // A path's length counts its NUL, as getsockname() reports it; an abstract name's
    // length is exact, because every byte of it is part of the name.
    out.length = static_cast<socklen_t>(kUnixPathOffset + skip + bytes.size() + (1 - skip));
    return out;
}

ParseResult parsePath(std::string_view text)
{
    if (text == "." || text == "..")
        return fail(0, "'" + std::string(text) + "' is a directory: give a socket file "
                       "name, like ./app.sock");
    if (text.ends_with('/'))
        return fail(text.size() - 1, "the path ends with '/', so it names a directory: add "
                                     "a socket file name, like " + escapeBytes(text)
                                     + "app.sock");
    if (text.size() > kMaxPathBytes)
        return fail(kMaxPathBytes, "the path is " + std::to_string(text.size())
                                       + " bytes long, but a Unix socket path can have at "
                                       "most " + std::to_string(kMaxPathBytes)
                                       + " bytes (ENAMETOOLONG): use a shorter directory, like /tmp");
    return makeUnix(text, false);
}

ParseResult parseAbstract(std::string_view text)
{
    if (text.size() == 1)
        return fail(1, "expected an abstract socket name after '@', like @sockscope");
    std::string name;
    std::size_t tooLongAt = 0;
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (name.size() == kMaxAbstractBytes && tooLongAt == 0)
            tooLongAt = i;
        // \xNN is what toString() writes for bytes that are not printable.
        if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x'
            && isHexDigit(text[i + 2]) && isHexDigit(text[i + 3])) {
            name += static_cast<char>(std::stoi(std::string(text.substr(i + 2, 2)), nullptr, 16));
            i += 3;
        } else {
            name += text[i];
        }
    }
    if (name.size() > kMaxAbstractBytes)
        return fail(tooLongAt, "the abstract name is " + std::to_string(name.size())
                                   + " bytes long, but at most "
                                   + std::to_string(kMaxAbstractBytes) + " bytes fit");
    return makeUnix(name, true);
}

std::expected<void, EndpointParseError> checkWhole(std::string_view text)
{
    if (text.empty())
        return fail(0, "the endpoint is empty: type an address and port like 127.0.0.1:8080 "
                       "or [::1]:8080, a path like /tmp/app.sock, or @name");
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos)
        return fail(nul, "the endpoint contains a NUL byte, which no address can hold");
    if (isSpace(text.front()))
        return fail(0, "the endpoint starts with " + describe(text.front()) + ": remove it");
    if (isSpace(text.back())) {
        std::size_t first = text.size() - 1;
        while (first > 0 && isSpace(text[first - 1]))
            --first;
        return fail(first, "the endpoint ends with " + describe(text[first]) + ": remove it");
    }
    const std::size_t scheme = text.find("://");
    const auto isSchemeChar = [](char c) noexcept {
        return isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.';
    };
    if (scheme != std::string_view::npos && scheme > 0 && isAlpha(text.front())
        && allOf(text.substr(0, scheme), isSchemeChar)) {
        // file:///tmp/x.sock and unix:///run/app.sock mean a Unix socket path.
        const std::string_view rest = text.substr(scheme + 3);
        return fail(0, "drop the scheme '" + std::string(text.substr(0, scheme + 3)) + "': write only "
                           + (rest.starts_with('/') ? "the path, like " + escapeBytes(rest)
                                                    : std::string("host:port, like 127.0.0.1:8080")));
    }
    if (text.front() == '*') {
        const std::string rest = escapeBytes(text.substr(1));
        return fail(0, "'*' is not supported: use 0.0.0.0" + rest + " for every IPv4 address "
                       "or [::]" + rest + " for every IPv6 address");
    }
    return {};
}

} // namespace

std::string EndpointParseError::toString() const
{
    return "column " + std::to_string(column) + ": " + message;
}

std::expected<Endpoint, EndpointParseError> Endpoint::parse(std::string_view text)
{
    if (auto ok = checkWhole(text); !ok)
        return std::unexpected(ok.error());
    ParseResult parsed;
    if (text.front() == '/' || text.starts_with("./") || text.starts_with("../")
        || text == "." || text == "..")
        parsed = parsePath(text);
    else if (text.front() == '@')
        parsed = parseAbstract(text);
    else if (text.front() == '[')
        parsed = parseBracketed(text);
    else
        parsed = parseHostPort(text);
    if (!parsed)
        return std::unexpected(parsed.error());
    Endpoint endpoint;
    if (parsed->length > 0)
        endpoint = fromSockaddr(reinterpret_cast<const sockaddr*>(&parsed->addr), parsed->length);
    if (!parsed->name.empty()) {
        auto rare = std::make_shared<Rare>(endpoint.m_rare ? *endpoint.m_rare : Rare{});
        rare->name = std::move(parsed->name);
        rare->namePort = parsed->namePort;
        endpoint.m_rare = std::move(rare);
    }
    return endpoint;
}

} // namespace sks
