#pragma once
// A small JSON writer for one flat object per line (the runner's --json output).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sks::script {

// Builds {"key": value, ...} in insertion order. Keys are written as given (callers pass
// plain ASCII); string values are escaped. Not thread-safe; a value type.
class JsonObject {
public:
    JsonObject& add(std::string_view key, std::string_view value);
    JsonObject& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
    JsonObject& add(std::string_view key, std::int64_t value);
    JsonObject& add(std::string_view key, bool value);
    JsonObject& addNull(std::string_view key);
    // A string, or null when empty.
    JsonObject& addOrNull(std::string_view key, const std::optional<std::string>& value);
    // A number, or null.
    JsonObject& addOrNull(std::string_view key, const std::optional<std::int64_t>& value);

    // The object's text, without a line break.
    std::string str() const { return "{" + m_body + "}"; }

private:
    void key(std::string_view name);
    std::string m_body;
};

// A JSON string literal. Valid UTF-8 is kept; when the bytes are not valid UTF-8, each byte
// >= 0x80 is written as \u00XX (read back as Latin-1), so the output is always valid JSON.
std::string jsonString(std::string_view bytes);

} // namespace sks::script
