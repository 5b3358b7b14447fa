#include "core/engine/journalformat.h"

#include "core/sys/errnos.h"

#include <cstdio>

namespace sks {

std::string quoteBytes(std::string_view bytes, std::size_t limit)
{
    std::string out = "\"";
    const std::size_t shown = bytes.size() < limit ? bytes.size() : limit;
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        switch (c) {
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                out += static_cast<char>(c);
            } else {
                char hex[5];
                std::snprintf(hex, sizeof hex, "\\x%02x", c);
                out += hex;
            }
        }
    }
    out += '"';
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
