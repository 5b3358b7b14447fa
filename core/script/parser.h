#pragma once
// Reading .sks text into a Program. The grammar is in resources/lessons/README.md.

#include "core/script/ast.h"

#include <expected>
#include <string>
#include <string_view>

namespace sks::script {

// Why a text is not a lesson: where (1-based line and column; columns count characters)
// and what was expected there.
struct ParseError {
    int line = 1;
    int column = 1;
    std::string message;

    // "3:14: expected ',' or ')' after the address"
    std::string toString() const;
};

// Parses a whole lesson and checks its names: every socket a call uses was named by an
// earlier line and not closed since (a closed socket's name may still stand for its
// address). Total over any input: arbitrary bytes, very long lines, nonsense of any depth
// give the first error, never a crash or an exception (except std::bad_alloc). No system
// calls; any thread. Texts over kMaxLessonBytes are refused.
std::expected<Program, ParseError> parseLesson(std::string_view text);

inline constexpr std::size_t kMaxLessonBytes = 8u << 20;

} // namespace sks::script
