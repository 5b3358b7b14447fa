#pragma once
// Writing a Program back as .sks text, in the canonical layout: what parseLesson() reads
// back to an equal Program (statement locations aside). No system calls; any thread.

#include "core/script/ast.h"

#include <string>
#include <string_view>

namespace sks::script {

// The whole lesson, one statement per line, each line ending in '\n'.
std::string printLesson(const Program& program);

// One statement without its line break: "recv(conn, 1024) expect \"hello\\n\"  # ...".
std::string printStatement(const Statement& statement);

// A call as written in a lesson: "conn = accept(srv)", or without the assigned names
// ("accept(srv)") for messages.
std::string printCall(const Call& call, bool withNames = true);

// " expect 0", " expect EINVAL", ...; empty for Expectation::Kind::None.
std::string printExpectation(const Expectation& expect);

// A socket's name, or the endpoint (quoted when it holds a character that ends a bare
// address: space, ',', ')', '#', '"').
std::string printAddress(const Address& address);

// Bytes as a lesson string literal: "hello\n". Printable ASCII stays, control bytes use
// \n \r \t \0 or \xNN; bytes >= 0x80 stay when the whole text is valid UTF-8 (narration),
// otherwise they are written \xNN.
std::string quoteLessonString(std::string_view bytes);

// Whether `bytes` is well-formed UTF-8 (no overlong forms, no surrogates).
bool isValidUtf8(std::string_view bytes) noexcept;

// 1500 -> "1.5", 2000 -> "2", 250 -> "0.25".
std::string printSeconds(std::int64_t ms);

} // namespace sks::script
