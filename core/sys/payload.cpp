#include "core/sys/payload.h"

#include <cstdio>

namespace sks {
namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// 1-based character column of byte offset `at` in UTF-8 text (continuation bytes do not count).
std::size_t columnOf(std::string_view text, std::size_t at)
{
    std::size_t column = 1;
    for (std::size_t i = 0; i < at && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)
            ++column;
    return column;
}

std::unexpected<PayloadError> fail(std::string_view text, std::size_t at, std::string message)
{
    return std::unexpected(PayloadError{columnOf(text, at), std::move(message)});
}

bool isSeparator(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == '-'; }

// A printable rendering of one input character for messages (never a raw control byte).
std::string shown(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f)
        return std::string(1, c);
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", u);
    return buf;
}

} // namespace

std::string PayloadError::toString() const { return "column " + std::to_string(column) + ": " + message; }

std::expected<std::string, PayloadError> parseEscapedText(std::string_view text)
{
    std::string bytes;
    bytes.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\') {
            bytes += text[i];
            continue;
        }
        if (i + 1 >= text.size())
            return fail(text, i, "a lone \\ at the end: write \\\\ for a backslash");
        switch (text[i + 1]) {
        case 'n': bytes += '\n'; break;
        case 'r': bytes += '\r'; break;
        case 't': bytes += '\t'; break;
        case '\\': bytes += '\\'; break;
        case '"': bytes += '"'; break;
        case '\'': bytes += '\''; break; // as in lesson strings, so text pastes across
        case '0': bytes += '\0'; break;
        case 'x': {
            const int high = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
            const int low = i + 3 < text.size() ? hexValue(text[i + 3]) : -1;
            if (high < 0 || low < 0)
                return fail(text, i, "\\x needs exactly two hex digits, as in \\x0a");
            bytes += static_cast<char>(high * 16 + low);
            i += 2;
            break;
        }
        default:
            return fail(text, i, "unknown escape \\" + shown(text[i + 1]) + ": use \\n \\r \\t \\\\ \\\" \\' \\0 or \\xNN");
        }
        ++i;
    }
    return bytes;
}

std::expected<std::string, PayloadError> parseHexBytes(std::string_view text)
{
    std::string bytes;
    std::size_t i = 0;
    while (i < text.size()) {
        if (isSeparator(text[i])) {
            ++i;
            continue;
        }
        const std::size_t groupStart = i;
        if (text[i] == '0' && i + 1 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X'))
            i += 2;
        const std::size_t digitsStart = i;
        while (i < text.size() && !isSeparator(text[i])) {
            if (hexValue(text[i]) < 0)
                return fail(text, i, "'" + shown(text[i]) + "' is not a hex digit: use 0-9 and a-f");
            ++i;
        }
        const std::size_t digits = i - digitsStart;
        if (digits == 0)
            return fail(text, groupStart, "0x must be followed by hex digits, as in 0x0a");
        if (digits % 2 != 0)
            return fail(text, groupStart, "'" + std::string(text.substr(groupStart, i - groupStart))
                                              + "' has an odd number of hex digits: each byte needs two, as in 0a");
        for (std::size_t d = digitsStart; d < i; d += 2)
            bytes += static_cast<char>(hexValue(text[d]) * 16 + hexValue(text[d + 1]));
    }
    if (bytes.empty())
        return fail(text, 0, "no hex digits: type bytes such as de ad be ef");
    return bytes;
}

std::string escapeBytes(std::string_view bytes)
{
    std::string out;
    for (char c : bytes) {
        switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        default: {
            const auto u = static_cast<unsigned char>(c);
            if (u >= 0x20 && u < 0x7f) {
                out += c;
            } else {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", u);
                out += buf;
            }
        }
        }
    }
    return out;
}

} // namespace sks
