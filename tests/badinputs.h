#pragma once
// The bad-input catalogue's tables (badinputs_rows.cpp), one per category. tst_badinputs
// turns each into _data() rows and asserts the total, so the README's figure stays true.

#include "core/engine/socketstate.h"

#include <span>
#include <string_view>

namespace badinputs {

// Text parsed by a core parser (endpoint, payload). `column` is the 1-based column the
// error must point at (0: not checked); `message` must appear in the error the user sees.
struct TextCase {
    const char* name;
    std::string_view input;
    int column;
    const char* message;
};

// A malformed lesson: where the parser must point (line:column) and what it must say.
struct LessonCase {
    const char* name;
    std::string_view text;
    int line;
    int column;
    const char* message;
};

// sockscope-cli arguments separated by '|' ({lesson} becomes a valid lesson file's path);
// the CLI must exit with status 2 and print `message` on stderr.
struct CliCase {
    const char* name;
    const char* args;
    const char* message;
};

// A setsockopt() value the kernel refuses: the journal must show `error` by name.
struct OptionCase {
    const char* name;
    sks::Family family;
    sks::SockType type;
    sks::SockOption option;
    int value;
    int value2;
    bool bindFirst;
    int error;
};

std::span<const TextCase> endpointCases();
std::span<const TextCase> portCases();
std::span<const TextCase> unixPathCases();
std::span<const TextCase> hexCases();
std::span<const TextCase> escapeCases();
std::span<const LessonCase> lessonCases();
std::span<const CliCase> cliCases();
std::span<const OptionCase> optionCases();

} // namespace badinputs
