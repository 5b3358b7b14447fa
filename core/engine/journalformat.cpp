#include "core/engine/journalformat.h"

#include "core/sys/errnos.h"
#include "core/sys/payload.h"


namespace sks {

std::string quoteBytes(std::string_view bytes, std::size_t limit)
{
    const std::size_t shown = bytes.size() < limit ? bytes.size() : limit;
    std::string out = "\"" + escapeBytes(bytes.substr(0, shown)) + "\"";
    if (shown < bytes.size())
        out += "...";
    return out;
}

std::string resultText(std::int64_t result, int error)
{
    if (error != 0)
        return " = -1 " + errnoName(error);
    return " = " + std::to_string(result);
}

std::string joinText(std::initializer_list<std::string_view> pieces)
{
    std::size_t size = 0;
    for (const std::string_view piece : pieces)
        size += piece.size();
    std::string text;
    text.reserve(size);
    for (const std::string_view piece : pieces)
        text += piece;
    return text;
}

std::string_view addressFamilyName(Family family) noexcept
{
    switch (family) {
    case Family::IPv4: return "AF_INET";
    case Family::IPv6: return "AF_INET6";
    case Family::Unix: return "AF_UNIX";
    case Family::Unspecified: break;
    }
    return "AF_UNSPEC";
}

} // namespace sks
