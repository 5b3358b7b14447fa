// The payload composer's parsers on arbitrary bytes: escaped text and hex. Errors carry a
// column inside the input; escaping any bytes and parsing them back is the identity.
#include "core/sys/payload.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (auto r : {sks::parseEscapedText(text), sks::parseHexBytes(text)}) {
        if (!r && (r.error().column < 1 || r.error().column > size + 1 || r.error().message.empty()))
            std::abort();
    }
    auto back = sks::parseEscapedText(sks::escapeBytes(text));
    if (!back || *back != text)
        std::abort();
    return 0;
}
