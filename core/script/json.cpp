#include "core/script/json.h"

#include "core/script/printer.h"

#include <cstdio>

namespace sks::script {

std::string jsonString(std::string_view bytes)
{
    const bool utf8 = isValidUtf8(bytes);
    std::string out = "\"";
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; continue;
        case '\\': out += "\\\\"; continue;
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        default: break;
        }
        if (byte < 0x20 || byte == 0x7f || (byte >= 0x80 && !utf8)) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

void JsonObject::key(std::string_view name)
{
    if (!m_body.empty())
        m_body += ", ";
    m_body += jsonString(name) + ": ";
}

JsonObject& JsonObject::add(std::string_view name, std::string_view value)
{
    key(name);
    m_body += jsonString(value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::int64_t value)
{
    key(name);
    m_body += std::to_string(value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, bool value)
{
    key(name);
    m_body += value ? "true" : "false";
    return *this;
}

JsonObject& JsonObject::addNull(std::string_view name)
{
    key(name);
    m_body += "null";
    return *this;
}

JsonObject& JsonObject::addOrNull(std::string_view name, const std::optional<std::string>& value)
{
    return value ? add(name, std::string_view(*value)) : addNull(name);
}

JsonObject& JsonObject::addOrNull(std::string_view name, const std::optional<std::int64_t>& value)
{
    return value ? add(name, *value) : addNull(name);
}

} // namespace sks::script
