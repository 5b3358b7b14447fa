#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

// Each sub-command of sockscope-cli: takes the arguments after its name, writes results to
// `out` and diagnostics to `err`, and returns the process exit code (0 ok, 1 a failed
// expectation or operation, 2 bad usage or malformed input).
namespace cli {

using Args = std::span<const std::string_view>;

int socketsCommand(Args args, std::ostream& out, std::ostream& err); // issue: system sockets
int runCommand(Args args, std::ostream& out, std::ostream& err);     // run LESSON.sks
int codegenCommand(Args args, std::ostream& out, std::ostream& err); // codegen --lang c|python

} // namespace cli
