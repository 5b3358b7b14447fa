#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

// A small JSON writer, enough for the command-line tool and the benchmark: no parsing, no
// dependencies. The output is always valid JSON (RFC 8259) as long as calls are balanced.
namespace sks::json {

// Appends `text` to `out` as a JSON string, quotes included. '"', '\\' and control
// characters are escaped; bytes that are not valid UTF-8 (a Unix socket path may hold any
// byte) become U+FFFD, so the result is valid UTF-8 whatever the input.
void appendString(std::string& out, std::string_view text);

// Writes compact JSON into a string it does not own. Commas are placed automatically; the
// caller balances begin/end and gives a key() before each value inside an object.
// Misuse (a value without a key in an object...) is a programming error, caught by assert.
class Writer {
public:
    explicit Writer(std::string& out) : m_out(out) {}

    Writer& beginObject();
    Writer& endObject();
    Writer& beginArray();
    Writer& endArray();
    Writer& key(std::string_view name);

    Writer& value(std::string_view text);
    Writer& value(const char* text) { return value(std::string_view(text)); }
    Writer& value(const std::string& text) { return value(std::string_view(text)); }
    Writer& value(bool flag);
    Writer& value(double number); // NaN and infinities are written as null
    template <class T>
        requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
    Writer& value(T number)
    {
        if constexpr (std::is_signed_v<T>)
            return signedNumber(number);
        else
            return unsignedNumber(number);
    }
    template <class T>
    Writer& value(const std::optional<T>& maybe) { return maybe ? value(*maybe) : null(); }
    Writer& null();

    // key(name) then value(v).
    template <class T>
    Writer& member(std::string_view name, const T& v) { key(name); return value(v); }

private:
    void beforeValue();
    Writer& signedNumber(long long number);
    Writer& unsignedNumber(unsigned long long number);

    std::string& m_out;
    std::vector<bool> m_inObject; // one entry per open container
    bool m_empty = true;          // the innermost container has nothing yet
    bool m_afterKey = false;
};

} // namespace sks::json
