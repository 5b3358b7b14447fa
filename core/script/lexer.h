#pragma once
// Character-level reading of one lesson line: the pieces the parser is built from.
// Internal to core/script. Every function is total: any bytes give a value or a ParseError.

#include "core/script/parser.h"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace sks::script {

template <class T>
using Parsed = std::expected<T, ParseError>;

// A position in one line. Columns are 1-based and count characters (UTF-8 sequences), not
// bytes, so an error under a narration with accents still points at the right place.
class Cursor {
public:
    Cursor(std::string_view line, int lineNumber) noexcept : m_line(line), m_lineNumber(lineNumber) {}

    bool atEnd() const noexcept { return m_pos >= m_line.size(); }
    char peek(std::size_t ahead = 0) const noexcept;
    std::size_t pos() const noexcept { return m_pos; }
    void advance(std::size_t n = 1) noexcept;
    void skipSpaces() noexcept;
    bool consume(char c) noexcept; // advances past `c` when it is next
    int lineNumber() const noexcept { return m_lineNumber; }
    std::string_view line() const noexcept { return m_line; }
    std::string_view rest() const noexcept { return m_line.substr(m_pos); }

    // The column of a byte offset in this line (offset may be the line's size: one past the end).
    int column(std::size_t offset) const noexcept;
    ParseError errorAt(std::size_t offset, std::string message) const;
    ParseError error(std::string message) const { return errorAt(m_pos, std::move(message)); }

    // [A-Za-z_][A-Za-z0-9_]* at the cursor, consumed; empty (nothing consumed) when none.
    std::string_view identifier() noexcept;
    bool atIdentifier() const noexcept;
    // The identifier at the cursor without consuming it.
    std::string_view peekIdentifier() const noexcept;

private:
    std::string_view m_line;
    int m_lineNumber = 0;
    std::size_t m_pos = 0;
};

// How a message names what stands at `offset`: "'x'", "a tab", "the byte 0xff", "the end of the line".
std::string describeAt(const Cursor& cursor, std::size_t offset);

// Like describeAt for the cursor's position, but a whole word when one starts there: "'SO_FOO'".
std::string describeHere(const Cursor& cursor);

// A "..." literal with C escapes (\n \r \t \0 \\ \" \' \xNN). The cursor must be at '"'.
Parsed<std::string> readString(Cursor& cursor);

// An optionally negative decimal integer within [min, max]; `what` names it in messages.
Parsed<std::int64_t> readInteger(Cursor& cursor, std::int64_t min, std::int64_t max, std::string_view what);

// Seconds with at most three decimals ("1.5"), as milliseconds within [0, kMaxPauseMs].
Parsed<std::int64_t> readSeconds(Cursor& cursor);

bool isIdentStart(char c) noexcept;
bool isIdentChar(char c) noexcept;
bool isDigitChar(char c) noexcept;

} // namespace sks::script
