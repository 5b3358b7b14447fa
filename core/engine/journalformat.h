#pragma once

#include "core/sys/endpoint.h"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace sks {

// Bytes as a C string literal, the way strace prints them: "hello\n", "\x00\xff".
// At most `limit` input bytes are shown; more is marked with "..." after the quote.
std::string quoteBytes(std::string_view bytes, std::size_t limit = 32);

// " = 0", " = 7", " = -1 ECONNREFUSED": the tail of a journal line.
std::string resultText(std::int64_t result, int error);

// The pieces of a journal line joined with one allocation. Lines are built on the engine
// thread for every call; a chain of operator+ grew (and moved) the string at each piece.
std::string joinText(std::initializer_list<std::string_view> pieces);

// "AF_INET", "AF_INET6", "AF_UNIX".
std::string_view addressFamilyName(Family family) noexcept;

} // namespace sks
