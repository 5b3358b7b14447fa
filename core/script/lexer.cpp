#include "core/script/lexer.h"

#include <cstdio>

namespace sks::script {

bool isIdentStart(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isIdentChar(char c) noexcept { return isIdentStart(c) || isDigitChar(c); }
bool isDigitChar(char c) noexcept { return c >= '0' && c <= '9'; }

namespace {

bool isHex(char c) noexcept
{
    return isDigitChar(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hexValue(char c) noexcept
{
    if (isDigitChar(c))
        return c - '0';
    return (c >= 'a' ? c - 'a' : c - 'A') + 10;
}

} // namespace

char Cursor::peek(std::size_t ahead) const noexcept
{
    const std::size_t at = m_pos + ahead;
    return at < m_line.size() ? m_line[at] : '\0';
}

void Cursor::advance(std::size_t n) noexcept
{
    m_pos = m_pos + n > m_line.size() ? m_line.size() : m_pos + n;
}

void Cursor::skipSpaces() noexcept
{
    while (!atEnd() && (m_line[m_pos] == ' ' || m_line[m_pos] == '\t'))
        ++m_pos;
}

bool Cursor::consume(char c) noexcept
{
    if (atEnd() || m_line[m_pos] != c)
        return false;
    ++m_pos;
    return true;
}

int Cursor::column(std::size_t offset) const noexcept
{
    int column = 1;
    const std::size_t end = offset < m_line.size() ? offset : m_line.size();
    for (std::size_t i = 0; i < end; ++i)
        if ((static_cast<unsigned char>(m_line[i]) & 0xC0) != 0x80) // not a UTF-8 continuation byte
            ++column;
    if (offset > m_line.size())
        column += static_cast<int>(offset - m_line.size());
    return column;
}

ParseError Cursor::errorAt(std::size_t offset, std::string message) const
{
    return ParseError{m_lineNumber, column(offset), std::move(message)};
}

bool Cursor::atIdentifier() const noexcept { return !atEnd() && isIdentStart(m_line[m_pos]); }

std::string_view Cursor::peekIdentifier() const noexcept
{
    if (!atIdentifier())
        return {};
    std::size_t end = m_pos;
    while (end < m_line.size() && isIdentChar(m_line[end]))
        ++end;
    return m_line.substr(m_pos, end - m_pos);
}

std::string_view Cursor::identifier() noexcept
{
    const std::string_view word = peekIdentifier();
    m_pos += word.size();
    return word;
}

std::string describeAt(const Cursor& cursor, std::size_t offset)
{
    if (offset >= cursor.line().size())
        return "the end of the line";
    const char c = cursor.line()[offset];
    switch (c) {
    case ' ': return "a space";
    case '\t': return "a tab";
    case '\r': return "a carriage return";
    case '\0': return "a NUL byte";
    default: break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
        char text[16];
        std::snprintf(text, sizeof text, "the byte 0x%02x", byte);
        return text;
    }
    return std::string("'") + c + "'";
}

std::string describeHere(const Cursor& cursor)
{
    const std::string_view word = cursor.peekIdentifier();
    if (!word.empty())
        return "'" + std::string(word.substr(0, 40)) + (word.size() > 40 ? "...'" : "'");
    return describeAt(cursor, cursor.pos());
}

namespace {

// One escape after a backslash at cursor.pos(); appends the byte to `out`.
Parsed<void> readEscape(Cursor& cursor, std::string& out)
{
    const std::size_t at = cursor.pos();
    cursor.advance(); // the backslash
    const char c = cursor.peek();
    if (cursor.atEnd())
        return std::unexpected(cursor.errorAt(at, "the line ends after '\\': expected an escape like \\n or \\x41, and '\"' to close the string"));
    switch (c) {
    case 'n': out += '\n'; break;
    case 'r': out += '\r'; break;
    case 't': out += '\t'; break;
    case '0': out += '\0'; break;
    case '\\': out += '\\'; break;
    case '"': out += '"'; break;
    case '\'': out += '\''; break;
    case 'x':
        if (!isHex(cursor.peek(1)) || !isHex(cursor.peek(2)))
            return std::unexpected(cursor.errorAt(at, "expected two hex digits after \\x, like \\x0a"));
        out += static_cast<char>(hexValue(cursor.peek(1)) * 16 + hexValue(cursor.peek(2)));
        cursor.advance(2);
        break;
    default:
        return std::unexpected(cursor.errorAt(at, "unknown escape '\\" + (static_cast<unsigned char>(c) < 0x80 && c >= 0x20 ? std::string(1, c) : std::string("?"))
                                                      + "': use \\n \\r \\t \\0 \\\\ \\\" or \\xNN"));
    }
    cursor.advance();
    return {};
}

} // namespace

Parsed<std::string> readString(Cursor& cursor)
{
    const std::size_t start = cursor.pos();
    cursor.advance(); // the opening quote
    std::string out;
    while (!cursor.atEnd()) {
        const char c = cursor.peek();
        if (c == '"') {
            cursor.advance();
            return out;
        }
        if (c == '\\') {
            if (auto ok = readEscape(cursor, out); !ok)
                return std::unexpected(ok.error());
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && c != '\t')
            return std::unexpected(cursor.error("a string cannot contain " + describeAt(cursor, cursor.pos()) + ": write it as an escape like \\x01"));
        out += c;
        cursor.advance();
    }
    return std::unexpected(cursor.errorAt(cursor.line().size(), "expected '\"' to close the string that starts at column "
                                                                    + std::to_string(cursor.column(start))));
}

Parsed<std::int64_t> readInteger(Cursor& cursor, std::int64_t min, std::int64_t max, std::string_view what)
{
    const std::size_t start = cursor.pos();
    const bool negative = cursor.consume('-');
    if (!isDigitChar(cursor.peek()))
        return std::unexpected(cursor.errorAt(start, "expected " + std::string(what) + " (a number), found " + describeAt(cursor, start)));
    constexpr std::int64_t kSaturate = std::int64_t{1} << 62;
    std::int64_t value = 0;
    while (isDigitChar(cursor.peek())) {
        value = value > kSaturate / 10 ? kSaturate : value * 10 + (cursor.peek() - '0');
        cursor.advance();
    }
    if (isIdentChar(cursor.peek()) || cursor.peek() == '.')
        return std::unexpected(cursor.error("unexpected " + describeAt(cursor, cursor.pos()) + " in " + std::string(what)
                                            + ": expected a whole number"));
    if (negative)
        value = -value;
    if (value < min || value > max)
        return std::unexpected(cursor.errorAt(start, std::string(what) + " must be from " + std::to_string(min) + " to "
                                                         + std::to_string(max)));
    return value;
}

Parsed<std::int64_t> readSeconds(Cursor& cursor)
{
    const std::size_t start = cursor.pos();
    if (!isDigitChar(cursor.peek()))
        return std::unexpected(cursor.error("expected how long to pause, in seconds (like 1.5), found " + describeAt(cursor, start)));
    std::int64_t whole = 0;
    while (isDigitChar(cursor.peek())) {
        whole = whole > kMaxPauseMs ? whole : whole * 10 + (cursor.peek() - '0');
        cursor.advance();
    }
    std::int64_t millis = 0;
    if (cursor.consume('.')) {
        int digits = 0;
        while (isDigitChar(cursor.peek())) {
            if (++digits > 3)
                return std::unexpected(cursor.error("a pause has at most three decimals (milliseconds)"));
            millis = millis * 10 + (cursor.peek() - '0');
            cursor.advance();
        }
        if (digits == 0)
            return std::unexpected(cursor.error("expected digits after the decimal point"));
        for (; digits < 3; ++digits)
            millis *= 10;
    }
    if (cursor.peek() == 's' && !isIdentChar(cursor.peek(1)))
        cursor.advance(); // "pause 2s" reads naturally too
    if (isIdentChar(cursor.peek()))
        return std::unexpected(cursor.error("unexpected " + describeAt(cursor, cursor.pos()) + " after the pause's seconds"));
    const std::int64_t total = whole > kMaxPauseMs ? kMaxPauseMs + 1 : whole * 1000 + millis;
    if (total > kMaxPauseMs)
        return std::unexpected(cursor.errorAt(start, "a pause lasts at most " + std::to_string(kMaxPauseMs / 1000) + " seconds"));
    return total;
}

} // namespace sks::script
