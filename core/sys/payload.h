#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

namespace sks {

// Why typed payload text is not bytes. `column` is 1-based and counts characters (UTF-8
// code points), pointing at the start of the bad escape or digit group.
struct PayloadError {
    std::size_t column = 1;
    std::string message;

    std::string toString() const; // "column 7: \x needs exactly two hex digits, as in \x0a"
};

// Text with C escapes to bytes: the UTF-8 text as is, with \n \r \t \\ \" \' \0 and \xNN
// (exactly two hex digits) replaced; \0 is NUL even before digits (no octal). Pure: no
// system call, any thread. The GUI's payload fields and lesson strings read the same escapes.
std::expected<std::string, PayloadError> parseEscapedText(std::string_view utf8);

// Hex to bytes: "de ad BE EF", "deadbeef", "0xde 0xad", "de:ad:be:ef". Groups are separated
// by spaces, tabs, newlines, ':' or '-'; each group has an even number of digits and an
// optional 0x prefix. Empty input, a lone "0x", an odd digit count or a non-hex character
// is an error that says which and where. Pure: no system call, any thread.
std::expected<std::string, PayloadError> parseHexBytes(std::string_view text);

// Bytes back to the escaped form parseEscapedText() reads ("hello\n", "\x00\xff").
std::string escapeBytes(std::string_view bytes);

} // namespace sks
