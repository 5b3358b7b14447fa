#include "core/script/printer.h"

#include "core/engine/journalformat.h"
#include "core/script/vocabulary.h"
#include "core/sys/errnos.h"

#include <cstdio>

namespace sks::script {

bool isValidUtf8(std::string_view s) noexcept
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        if (c < 0x80)
            extra = 0;
        else if (c >= 0xC2 && c <= 0xDF)
            extra = 1;
        else if (c >= 0xE0 && c <= 0xEF)
            extra = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            extra = 3;
        else
            return false;
        if (extra > 0 && i + extra >= s.size())
            return false;
        // No overlong forms, no UTF-16 surrogates, nothing above U+10FFFF.
        const auto second = static_cast<unsigned char>(extra > 0 ? s[i + 1] : 0);
        if ((c == 0xE0 && second < 0xA0) || (c == 0xED && second > 0x9F) || (c == 0xF0 && second < 0x90)
            || (c == 0xF4 && second > 0x8F))
            return false;
        for (std::size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return false;
        i += extra + 1;
    }
    return true;
}

namespace {

std::string argsOf(const Call& c)
{
    const std::string s = c.socket;
    switch (c.op) {
    case Op::Socket:
    case Op::SocketPair: return std::string(addressFamilyName(c.family)) + ", " + std::string(sockTypeName(c.type));
    case Op::Bind:
    case Op::Connect: return s + ", " + printAddress(c.address);
    case Op::Listen:
    case Op::Recv:
    case Op::RecvFrom: return s + ", " + std::to_string(c.count);
    case Op::Send: return s + ", " + quoteLessonString(c.bytes);
    case Op::SendTo: return s + ", " + quoteLessonString(c.bytes) + ", " + printAddress(c.address);
    case Op::SetOption: {
        std::string out = s + ", " + std::string(sockOptionInfo(c.option).name) + ", " + std::to_string(c.value);
        return c.option == SockOption::Linger ? out + ", " + std::to_string(c.value2) : out;
    }
    case Op::GetOption: return s + ", " + std::string(sockOptionInfo(c.option).name);
    case Op::Shutdown: return s + ", " + std::string(shutdownHowName(c.how));
    case Op::SendFd: return s + ", " + c.passed + (c.bytes == kDefaultSendFdBytes ? "" : ", " + quoteLessonString(c.bytes));
    case Op::RecvFd: return c.count == kDefaultRecvFdBytes ? s : s + ", " + std::to_string(c.count);
    case Op::AutoAccept:
    case Op::KeepFile: return s + (c.on ? ", on" : ", off");
    case Op::Accept:
    case Op::Close:
    case Op::Blocking:
    case Op::NonBlocking: break;
    }
    return s;
}

} // namespace

std::string quoteLessonString(std::string_view bytes)
{
    const bool keepHigh = isValidUtf8(bytes);
    std::string out = "\"";
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '\n': out += "\\n"; continue;
        case '\r': out += "\\r"; continue;
        case '\t': out += "\\t"; continue;
        case '\0': out += "\\0"; continue;
        case '\\': out += "\\\\"; continue;
        case '"': out += "\\\""; continue;
        default: break;
        }
        if ((byte >= 0x20 && byte < 0x7f) || (byte >= 0x80 && keepHigh)) {
            out += c;
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", byte);
            out += hex;
        }
    }
    return out + "\"";
}

std::string printSeconds(std::int64_t ms)
{
    std::string out = std::to_string(ms / 1000);
    if (const std::int64_t frac = ms % 1000; frac != 0) {
        char digits[8];
        std::snprintf(digits, sizeof digits, "%03d", static_cast<int>(frac));
        std::string decimals(digits);
        while (decimals.ends_with('0'))
            decimals.pop_back();
        out += "." + decimals;
    }
    return out;
}

std::string printAddress(const Address& address)
{
    if (!address.socket.empty())
        return address.socket;
    const std::string text = address.endpoint.toString();
    bool bare = !text.empty();
    for (const char c : text)
        bare = bare && c != ' ' && c != ',' && c != ')' && c != '#' && c != '"' && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
    return bare ? text : quoteLessonString(text);
}

std::string printCall(const Call& call, bool withNames)
{
    std::string out;
    if (withNames && !call.names.empty()) {
        for (std::size_t i = 0; i < call.names.size(); ++i)
            out += (i ? ", " : "") + call.names[i];
        out += " = ";
    }
    return out + std::string(opName(call.op)) + "(" + argsOf(call) + ")";
}

std::string printExpectation(const Expectation& e)
{
    switch (e.kind) {
    case Expectation::Kind::None: return {};
    case Expectation::Kind::Result: return " expect " + std::to_string(e.value);
    case Expectation::Kind::Errno: return " expect " + errnoName(e.error);
    case Expectation::Kind::Bytes: return " expect " + quoteLessonString(e.bytes);
    case Expectation::Kind::ByteCount: return " expect " + std::to_string(e.value) + " bytes";
    }
    return {};
}

std::string printStatement(const Statement& st)
{
    std::string out;
    switch (st.kind) {
    case Statement::Kind::Blank: return {};
    case Statement::Kind::Comment: return "#" + st.text;
    case Statement::Kind::Call: out = printCall(st.call) + printExpectation(st.expect); break;
    case Statement::Kind::Say: out = "say " + quoteLessonString(st.text); break;
    case Statement::Kind::Pause: out = "pause " + printSeconds(st.pauseMs); break;
    }
    if (st.hasComment)
        out += "  #" + st.comment;
    return out;
}

std::string printLesson(const Program& program)
{
    std::string out;
    for (const Statement& st : program.statements)
        out += printStatement(st) + "\n";
    return out;
}

} // namespace sks::script
