// Endpoint::parse on arbitrary bytes: never crashes, errors point inside (or just past)
// the input, and whatever parses prints to text that parses back to the same endpoint.
#include "core/sys/endpoint.h"

#include <sys/un.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = sks::Endpoint::parse(text);
    if (!parsed) {
        if (parsed.error().column < 1 || parsed.error().column > size + 1 || parsed.error().message.empty())
            std::abort();
        return 0;
    }
    const std::string printed = parsed->toString();
    auto again = sks::Endpoint::parse(printed);
    if (!again || !(*again == *parsed) || again->toString() != printed)
        std::abort();

    // The same bytes as a kernel-filled address: fromSockaddr must accept anything.
    sockaddr_storage ss{};
    const std::size_t n = size < sizeof ss ? size : sizeof ss;
    std::memcpy(&ss, data, n);
    const auto fromKernel = sks::Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&ss), static_cast<socklen_t>(n));
    (void)fromKernel.toString();
    return 0;
}
