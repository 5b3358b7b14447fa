// The bad-input catalogue: one table per category. Rows already in tst_endpoint,
// tst_payload and tst_lessons are not repeated here; these are the inputs people type by
// mistake (URLs, shell habits, C habits, copy-paste debris) and the edges of each range.
#include "badinputs.h"

#include <netinet/in.h>

#include <cerrno>
#include <string_view>

namespace badinputs {

using namespace std::string_view_literals;

namespace {

// ---- endpoints (Endpoint::parse) -------------------------------------------------------
const TextCase kEndpoints[] = {
    {"name without port", "example.com", 12, "missing ':' and a port number"},
    {"address without port", "192.168.1.20", 13, "like 192.168.1.20:8080"},
    {"udp url", "udp://127.0.0.1:53", 1, "drop the scheme 'udp://'"},
    {"ftp url", "ftp://x", 1, "drop the scheme 'ftp://'"},
    {"https url with path", "https://example.com:443/index.html", 1, "drop the scheme 'https://'"},
    {"star alone", "*", 1, "'*' is not supported"},
    {"star star", "*:*", 1, "use 0.0.0.0:* for every IPv4 address"},
    {"ipv4 with two ports", "1.2.3.4:80:90", 11, "unexpected second ':'"},
    {"name with two ports", "db.local:5432:1", 14, "write host:port with one ':'"},
    {"bare ipv6 documentation", "2001:db8::1", 1, "need brackets and a port: [2001:db8::1]:8080"},
    {"bare any", "::", 1, "[::]:8080"},
    {"bare colons", "::::", 1, "IPv6 addresses need brackets, like [::1]:8080"},
    {"bare ipv6 hex pairs", "a:b:c", 1, "IPv6 addresses need brackets"},
    {"bare mapped", "::ffff:10.0.0.1:80", 1, "[::ffff:10.0.0.1]:80"},
    {"only colon", ":", 1, "expected a host name or an IPv4 address before ':'"},
    {"only brackets", "[]", 2, "expected an IPv6 address between '[' and ']'"},
    {"only open bracket", "[", 2, "missing ']' to close the IPv6 address opened by '['"},
    {"double brackets", "[[::1]]:80", 2, "IPv6 address cannot contain '['"},
    {"space in brackets", "[ ::1]:80", 2, "cannot contain a space"},
    {"scope unclosed", "[fe80::1%lo", 12, "missing ']' to close the IPv6 address"},
    {"close bracket only", "]:80", 1, "host name cannot contain ']'"},
    {"ipv6 group too long", "[12345::1]:80", 2, "is not a valid IPv6 address"},
    {"ipv6 triple colon", "[:::1]:80", 2, "'::' may stand once"},
    {"ipv6 seven groups", "[1:2:3:4:5:6:7]:80", 2, "8 groups of up to 4 hex digits"},
    {"ipv6 short mapped", "[::ffff:1.2.3]:80", 2, "is not a valid IPv6 address"},
    {"ipv6 scope with colon", "[fe80::1%lo:0]:80", 12, "interface name after '%' cannot contain ':'"},
    {"ipv6 dash after bracket", "[::1]-80", 6, "expected ':' after ']'"},
    {"ipv4 octet 300 first", "300.1.1.1:80", 1, "300 is too large for an IPv4 address"},
    {"ipv4 huge octet", "1.2.3.99999999999:80", 7, "is too large for an IPv4 address"},
    {"ipv4 six parts", "1.2.3.4.5.6:80", 8, "exactly 4 numbers"},
    {"ipv4 empty last part", "1.2.3.:80", 7, "between the dots"},
    {"ipv4 empty first part", ".1.2.3:80", 1, "between the dots"},
    {"ipv4 octal last", "1.2.3.04:80", 7, "leading zero"},
    {"ipv4 octal zeros", "00.0.0.0:80", 1, "leading zero"},
    {"ipv4 one big number", "2130706433:80", 1, "each of the 4 numbers must be 0 to 255"},
    {"ipv4 two parts", "127.1:80", 6, "'127.1' has 2"},
    {"name with bang", "host!:80", 5, "cannot contain '!'"},
    {"name with slash", "host/x:80", 5, "cannot contain '/'"},
    {"user at host", "user@host:22", 5, "cannot contain '@'"},
    {"name with dash label", "a.-b.com:80", 3, "cannot start with '-'"},
    {"name two trailing dots", "host..:80", 6, "two dots in a row"},
    {"name with underscore label", "_srv.example:80", 1, "cannot contain '_'"},
    {"name with percent", "host%lo:80", 5, "cannot contain '%'"},
    {"name with comma", "a,b:80", 2, "cannot contain ','"},
    {"name with quote", "\"host\":80", 1, "cannot contain '\"'"},
    {"byte order mark", "\xef\xbb\xbf" "127.0.0.1:80", 1, "the byte 0xef"},
    {"fullwidth colon", "127.0.0.1\xef\xbc\x9a" "80", 10, "the byte 0xef, which is not ASCII"},
    {"leading line break", "\n127.0.0.1:80", 1, "starts with a line break"},
    {"trailing carriage return", "127.0.0.1:80\r", 13, "ends with a line break"},
    {"trailing spaces after ipv6", "[::1]:80  ", 9, "ends with a space"},
    {"trailing tab after path", "/tmp/x.sock\t", 12, "ends with a tab"},
    {"leading nul", "\0" "127.0.0.1:80"sv, 1, "NUL byte"},
    {"nul in ipv6", "[::1\0]:80"sv, 5, "NUL byte"},
    {"delete byte in name", "ho\x7fst:80", 3, "the byte 0x7f"},
};

// ---- ports (the part after ':') ---------------------------------------------------------
const TextCase kPorts[] = {
    {"plus sign", "127.0.0.1:+80", 11, "port cannot contain '+'"},
    {"hex port", "127.0.0.1:0x1f90", 12, "port cannot contain 'x'"},
    {"decimal point", "127.0.0.1:80.0", 13, "port cannot contain '.'"},
    {"underscore separator", "127.0.0.1:8_080", 12, "port cannot contain '_'"},
    {"exponent", "127.0.0.1:1e3", 12, "port cannot contain 'e'"},
    {"service name", "127.0.0.1:http", 11, "port cannot contain 'h'"},
    {"port list", "127.0.0.1:80,81", 13, "port cannot contain ','"},
    {"port range", "127.0.0.1:8000-8010", 15, "port cannot contain '-'"},
    {"slash after port", "localhost:80/", 13, "port cannot contain '/'"},
    {"tab before port", "0.0.0.0:\t80", 9, "port cannot contain a tab"},
    {"negative ipv6 port", "[::1]:-80", 7, "port cannot contain '-'"},
    {"second colon after bracket", "[::1]::80", 7, "port cannot contain ':'"},
    {"two ports after bracket", "[::1]:80:90", 9, "port cannot contain ':'"},
    {"fullwidth digits", "127.0.0.1:\xef\xbc\x98\xef\xbc\x90", 11, "port cannot contain the byte 0xef"},
    {"arabic digit", "127.0.0.1:\xd9\xa3", 11, "port cannot contain the byte 0xd9"},
    {"ipv6 65536", "[::1]:65536", 7, "port 65536 is too large: ports go from 0 to 65535"},
    {"name 100000", "localhost:100000", 11, "port 100000 is too large"},
    {"two to the 32", "10.0.0.1:4294967296", 10, "port 4294967296 is too large"},
    {"two to the 64 plus one", "10.0.0.1:18446744073709551617", 10, "is too large"},
    {"zero padded too large", "1.2.3.4:000000070000", 9, "port 000000070000 is too large"},
    {"any 99999", "[::]:99999", 6, "port 99999 is too large"},
    {"empty after name", "localhost:", 11, "expected a port number (0-65535) after ':'"},
    {"empty after scope", "[fe80::1%lo]:", 14, "expected a port number"},
    {"empty after ipv4 any", "0.0.0.0:", 9, "expected a port number"},
    {"star port", "127.0.0.1:*", 11, "port cannot contain '*'"},
};

// ---- Unix socket paths and abstract names ------------------------------------------------
const TextCase kUnixPaths[] = {
    {"absolute 201 bytes", "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
     108, "200 bytes long, but a Unix socket path can have at most 107 bytes"},
    {"relative 108 bytes", "./xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
     108, "108 bytes long"},
    {"parent 108 bytes", "../yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
     108, "(ENAMETOOLONG): use a shorter directory"},
    {"abstract 201 bytes", "@nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn",
     109, "201 bytes long, but at most 107 bytes fit"},
    {"directory with slash", "/tmp/sock/", 10, "names a directory: add a socket file name, like /tmp/sock/app.sock"},
    {"dot slash", "./", 2, "names a directory"},
    {"dot dot slash", "../", 3, "names a directory"},
    {"double slash end", "/run//", 6, "names a directory"},
    {"relative without dot", "run/app.sock", 1, "must start with './', like ./run/app.sock"},
    {"home tilde", "~/app.sock", 1, "'~' is a shell shortcut"},
    {"home tilde user", "~root/app.sock", 1, "'~' is a shell shortcut"},
    {"file url", "file:///tmp/x.sock", 1, "write only the path, like /tmp/x.sock"},
    {"unix url", "unix:///run/app.sock", 1, "write only the path, like /run/app.sock"},
    {"nul first", "\0/tmp/x"sv, 1, "NUL byte"},
    {"nul last", "/tmp/x\0"sv, 7, "NUL byte"},
    {"nul in abstract", "@abs\0tract"sv, 5, "contains a NUL byte"},
    {"nul in relative", "./a\0"sv, 4, "NUL byte"},
    {"leading space path", " /tmp/x.sock", 1, "starts with a space"},
    {"trailing newline path", "/tmp/x.sock\n", 12, "ends with a line break"},
    {"abstract leading space", " @name", 1, "starts with a space"},
    {"abstract trailing space", "@name ", 6, "ends with a space"},
};

// ---- hex bytes (parseHexBytes) -----------------------------------------------------------
const TextCase kHex[] = {
    {"upper 0X alone", "0X", 1, "0x must be followed by hex digits"},
    {"0x then space", "0x 0a", 1, "0x must be followed"},
    {"0x at the end", "de ad 0x", 7, "0x must be followed"},
    {"single g", "g", 1, "'g' is not a hex digit: use 0-9 and a-f"},
    {"0x then g", "0xg1", 3, "'g' is not a hex digit"},
    {"comma separated", "de,ad", 3, "',' is not a hex digit"},
    {"semicolon separated", "de;ad", 3, "';' is not a hex digit"},
    {"c escape", "\\xde", 1, "'\\' is not a hex digit"},
    {"upper G", "DE AD BE EG", 11, "'G' is not a hex digit"},
    {"two 0x in a group", "0xde0xad", 6, "'x' is not a hex digit"},
    {"0x0x", "0x0x00", 4, "'x' is not a hex digit"},
    {"plus", "+de", 1, "'+' is not a hex digit"},
    {"dot", "de ad .", 7, "'.' is not a hex digit"},
    {"underscore", "de_ad", 3, "'_' is not a hex digit"},
    {"word", "h e x", 1, "'h' is not a hex digit"},
    {"utf8 letter", "d\xc3\xa9", 2, "'\\xc3' is not a hex digit"},
    {"no-break space", "de ad\xc2\xa0" "be", 6, "'\\xc2' is not a hex digit"},
    {"delete byte", "de\x7f", 3, "'\\x7f' is not a hex digit"},
    {"nul byte", "de\0ad"sv, 3, "'\\x00' is not a hex digit"},
    {"odd last group", "de ad be e", 10, "'e' has an odd number of hex digits"},
    {"0x0", "0x0", 1, "'0x0' has an odd number"},
    {"seven digits", "deadbee", 1, "odd number of hex digits: each byte needs two"},
    {"odd after even", "ff ff fff", 7, "'fff' has an odd number"},
    {"odd after dash", "12-34-5", 7, "'5' has an odd number"},
    {"only colons", "::::", 1, "no hex digits"},
    {"only dashes", "- - -", 1, "no hex digits"},
    {"only line breaks", "\n\t\r", 1, "no hex digits: type bytes such as de ad be ef"},
    {"spaces then 0x", "  0x", 3, "0x must be followed"},
};

// ---- escaped text (parseEscapedText) -----------------------------------------------------
const TextCase kEscapes[] = {
    {"backslash alone", "\\", 1, "lone \\ at the end: write \\\\ for a backslash"},
    {"odd backslashes", "abc\\\\\\", 6, "lone \\ at the end"},
    {"bell", "\\a", 1, "unknown escape \\a: use \\n \\r \\t \\\\ \\\" \\' \\0 or \\xNN"},
    {"backspace", "x\\b", 2, "unknown escape \\b"},
    {"escape char", "\\e[0m", 1, "unknown escape \\e"},
    {"vertical tab", "\\v", 1, "unknown escape \\v"},
    {"form feed", "\\f", 1, "unknown escape \\f"},
    {"question mark", "what\\?", 5, "unknown escape \\?"},
    {"unicode u", "\\u00e9", 1, "unknown escape \\u"},
    {"unicode U", "\\U0001F600", 1, "unknown escape \\U"},
    {"octal one", "\\1", 1, "unknown escape \\1"},
    {"digit eight", "\\8", 1, "unknown escape \\8"},
    {"bad after single quote", "\\'\\z", 3, "unknown escape \\z"},
    {"upper X", "\\X41", 1, "unknown escape \\X"},
    {"upper N", "\\N", 1, "unknown escape \\N"},
    {"percent", "100\\%", 4, "unknown escape \\%"},
    {"backslash space", "a\\ b", 2, "unknown escape \\ "},
    {"backslash newline", "a\\\nb", 2, "unknown escape \\\\x0a"},
    {"x then letters", "\\xZZ", 1, "\\x needs exactly two hex digits, as in \\x0a"},
    {"x then space", "\\x 1", 1, "two hex digits"},
    {"x one digit at end", "ab\\x1", 3, "two hex digits"},
    {"x one digit then g", "\\x1g", 1, "two hex digits"},
    {"x with sign", "\\x-1", 1, "two hex digits"},
    {"x with utf8", "\\x\xc3\xa9", 1, "two hex digits"},
    {"utf8 before bad escape", "\xc3\xa9\\q", 2, "unknown escape \\q"},
    {"third escape bad", "\\n\\r\\q", 5, "unknown escape \\q"},
    {"trailing after tab", "tab\\t\\", 6, "lone \\ at the end"},
};

} // namespace

std::span<const TextCase> endpointCases() { return kEndpoints; }
std::span<const TextCase> portCases() { return kPorts; }
std::span<const TextCase> unixPathCases() { return kUnixPaths; }
std::span<const TextCase> hexCases() { return kHex; }
std::span<const TextCase> escapeCases() { return kEscapes; }

} // namespace badinputs
