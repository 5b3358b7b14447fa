#include "core/inspect/jsonwriter.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>

namespace sks::json {
namespace {

// The length of the well-formed UTF-8 sequence starting at `p` (Unicode's table 3-7:
// no overlong forms, no surrogates, nothing past U+10FFFF), or 0 when it is malformed.
std::size_t utf8SequenceLength(const unsigned char* p, std::size_t available) noexcept
{
    const unsigned char b = p[0];
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        length = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        length = 3;
        low = b == 0xE0 ? 0xA0 : 0x80;
        high = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
        length = 4;
        low = b == 0xF0 ? 0x90 : 0x80;
        high = b == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (available < length || p[1] < low || p[1] > high)
        return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return length;
}

void appendEscaped(std::string& out, unsigned char c)
{
    switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    default: break;
    }
    static constexpr std::string_view hex = "0123456789abcdef";
    out += "\\u00";
    out += hex[c >> 4];
    out += hex[c & 0xF];
}

} // namespace

void appendString(std::string& out, std::string_view text)
{
    out += '"';
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t i = 0;
    while (i < text.size()) {
        const unsigned char c = bytes[i];
        if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F) {
            appendEscaped(out, c);
            ++i;
            continue;
        }
        const std::size_t length = utf8SequenceLength(bytes + i, text.size() - i);
        if (length == 0) {
            out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
            ++i;
            continue;
        }
        out.append(text.data() + i, length);
        i += length;
    }
    out += '"';
}

void Writer::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    assert(m_inObject.empty() || !m_inObject.back()); // inside an object, key() comes first
    if (!m_empty)
        m_out += ',';
    m_empty = false;
}

Writer& Writer::beginObject()
{
    beforeValue();
    m_out += '{';
    m_inObject.push_back(true);
    m_empty = true;
    return *this;
}

Writer& Writer::endObject()
{
    assert(!m_inObject.empty() && m_inObject.back() && !m_afterKey);
    m_out += '}';
    m_inObject.pop_back();
    m_empty = false;
    return *this;
}

Writer& Writer::beginArray()
{
    beforeValue();
    m_out += '[';
    m_inObject.push_back(false);
    m_empty = true;
    return *this;
}

Writer& Writer::endArray()
{
    assert(!m_inObject.empty() && !m_inObject.back());
    m_out += ']';
    m_inObject.pop_back();
    m_empty = false;
    return *this;
}

Writer& Writer::key(std::string_view name)
{
    assert(!m_inObject.empty() && m_inObject.back() && !m_afterKey);
    if (!m_empty)
        m_out += ',';
    m_empty = false;
    appendString(m_out, name);
    m_out += ':';
    m_afterKey = true;
    return *this;
}

Writer& Writer::value(std::string_view text)
{
    beforeValue();
    appendString(m_out, text);
    return *this;
}

Writer& Writer::value(bool flag)
{
    beforeValue();
    m_out += flag ? "true" : "false";
    return *this;
}

Writer& Writer::value(double number)
{
    if (!std::isfinite(number))
        return null();
    beforeValue();
    std::array<char, 32> text{};
    const auto [end, ec] = std::to_chars(text.data(), text.data() + text.size(), number);
    m_out.append(text.data(), ec == std::errc{} ? end : text.data());
    return *this;
}

Writer& Writer::signedNumber(long long number)
{
    beforeValue();
    m_out += std::to_string(number);
    return *this;
}

Writer& Writer::unsignedNumber(unsigned long long number)
{
    beforeValue();
    m_out += std::to_string(number);
    return *this;
}

Writer& Writer::null()
{
    beforeValue();
    m_out += "null";
    return *this;
}

} // namespace sks::json
