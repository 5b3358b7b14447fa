// The lesson parser on arbitrary bytes: never crashes, errors carry a line and column, and
// whatever parses prints to a lesson that parses again and prints the same (a fixed point).
#include "core/script/parser.h"
#include "core/script/printer.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto program = sks::script::parseLesson(text);
    if (!program) {
        if (program.error().line < 1 || program.error().column < 1 || program.error().message.empty())
            std::abort();
        return 0;
    }
    const std::string printed = sks::script::printLesson(*program);
    auto again = sks::script::parseLesson(printed);
    if (!again || sks::script::printLesson(*again) != printed)
        std::abort();
    return 0;
}
