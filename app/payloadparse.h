#pragma once

#include <QString>

#include <cstddef>
#include <expected>
#include <string>

// Turning what a person types into the bytes a send() carries. Pure functions, no widgets.
namespace payload {

enum class Format { Text, Hex };

// Hex bytes, spaces optional: "de ad BE EF" and "deadbeef" are the same four bytes. Each
// space-separated group must have an even number of digits; no 0x prefix. The message
// names the column and says how to fix it ("abc", "zz", "0x" are refused).
std::expected<std::string, QString> parseHex(const QString& text);

// Text with the C escapes \n \r \t \0 \\ \" \' \xNN (callhelp::parseEscapedBytes), or hex.
std::expected<std::string, QString> parse(Format format, const QString& text);

// "4 bytes: de ad be ef" — the first `shown` bytes in hex, "…" after them.
QString preview(const std::string& bytes, std::size_t shown = 16);

} // namespace payload
