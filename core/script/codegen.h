#pragma once
// Lessons as stand-alone programs: the same calls on ordinary blocking sockets, each call's
// result printed in the runner's line format ("bind(3, 127.0.0.1:0) = 0", "# narration"),
// each expectation checked (a failed one prints "line N: ..." on stderr and exits 1).
// fd numbers and ephemeral ports may differ from a run in the app.

#include "core/script/ast.h"

#include <string>
#include <string_view>
#include <vector>

namespace sks::script {

// A C (C11 + POSIX, Linux) program: `cc -o lesson lesson.c`. `lessonName` only goes into
// the header comment.
std::string generateC(const Program& program, std::string_view lessonName);

// A Python 3.9+ program (standard library only): `python3 lesson.py`.
std::string generatePython(const Program& program, std::string_view lessonName);

// ---- shared by the two generators ----

// Every name the lesson gives a socket, in order of first appearance.
std::vector<std::string> socketNames(const Program& program);
// The largest receive buffer the lesson asks for (at least 1).
std::int64_t largestReceive(const Program& program);
// The statement as a one-line comment body: "line 4: bind(srv, 127.0.0.1:0)" (commentSafe).
std::string statementNote(const Statement& statement);
// Text that can sit on one line inside a C /* comment */ or after a Python '#': line
// breaks become spaces, "*/" and "/*" are broken up.
std::string commentSafe(std::string_view text);
// What an expectation wants, for the generated program's failure message: "EINVAL".
std::string expectationText(const Expectation& expect);

} // namespace sks::script
