// Lines and statements: say, pause, comments, assignments, calls and their expectations.
// One line is one statement, read left to right without recursion, so no input can nest
// deeply enough to matter.
#include "core/script/parser.h"

#include "core/script/parsecall.h"
#include "core/script/vocabulary.h"

namespace sks::script {

std::string ParseError::toString() const
{
    return std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

namespace {

constexpr std::size_t kMaxNameLength = 64;

bool looksLikeConstant(std::string_view word) noexcept
{
    for (char c : word)
        if (c >= 'a' && c <= 'z')
            return false;
    return true;
}

Parsed<std::string> readNewName(Cursor& cursor)
{
    const std::size_t start = cursor.pos();
    const std::string name(cursor.identifier());
    if (name.empty())
        return std::unexpected(cursor.error("expected a name for the new socket, found " + describeAt(cursor, start)));
    if (name.size() > kMaxNameLength)
        return std::unexpected(cursor.errorAt(start, "a socket name has at most " + std::to_string(kMaxNameLength) + " characters"));
    if (isReservedWord(name))
        return std::unexpected(cursor.errorAt(start, "'" + name + "' is a word of the language: name the socket something else, like srv or cli"));
    if (looksLikeConstant(name))
        return std::unexpected(cursor.errorAt(start, "'" + name + "' looks like a constant: socket names have lower-case letters, like srv or cli"));
    return name;
}

// "a, b =" before a call; the cursor is at the first name.
Parsed<std::vector<std::string>> readTargets(Cursor& cursor)
{
    std::vector<std::string> names;
    for (int i = 0; i < 2; ++i) {
        const std::size_t at = cursor.pos();
        auto name = readNewName(cursor);
        if (!name)
            return std::unexpected(name.error());
        for (const std::string& other : names)
            if (other == *name)
                return std::unexpected(cursor.errorAt(at, "'" + *name + "' is named twice: the two sockets need two names"));
        names.push_back(std::move(*name));
        cursor.skipSpaces();
        if (cursor.consume('=')) {
            cursor.skipSpaces();
            return names;
        }
        if (i == 1 || !cursor.consume(','))
            return std::unexpected(cursor.error(std::string(i == 0 ? "expected '=' or ','" : "expected '='") + " after the name, found "
                                                + describeHere(cursor)));
        cursor.skipSpaces();
    }
    return names;
}

Parsed<void> checkTargets(const Cursor& cursor, const Call& call, std::size_t callAt, std::size_t namesAt)
{
    const int made = socketsMade(call.op);
    const int named = static_cast<int>(call.names.size());
    const std::string op(opName(call.op));
    if (made == 0 && named > 0)
        return std::unexpected(cursor.errorAt(namesAt, op + "() makes no socket: remove the '" + call.names.front() + " ='"));
    if (call.op == Op::Socket && named == 0)
        return std::unexpected(cursor.errorAt(callAt, "socket() makes a socket: give it a name, like srv = socket(AF_INET, SOCK_STREAM)"));
    if (call.op == Op::SocketPair && named != 2)
        return std::unexpected(cursor.errorAt(named == 0 ? callAt : namesAt,
                                              "socketpair() makes two sockets: name both, like a, b = socketpair(AF_UNIX, SOCK_STREAM)"));
    if (made == 1 && named > 1)
        return std::unexpected(cursor.errorAt(namesAt, op + "() makes one socket: give it one name"));
    return {};
}

Parsed<Expectation> readExpectation(Cursor& cursor, const Call& call, std::size_t expectAt)
{
    const std::string op(opName(call.op));
    if (isModeOp(call.op))
        return std::unexpected(cursor.errorAt(expectAt, op + "() makes no system call, so there is no result to expect"));
    cursor.skipSpaces();
    Expectation e;
    const std::size_t at = cursor.pos();
    if (cursor.peek() == '"') {
        if (!isReceive(call.op))
            return std::unexpected(cursor.error("only a receive (recv, recvfrom, recvfd) returns bytes to compare: expect a number or an errno after "
                                                + op + "()"));
        auto bytes = readString(cursor);
        if (!bytes)
            return std::unexpected(bytes.error());
        e.kind = Expectation::Kind::Bytes;
        e.bytes = std::move(*bytes);
        return e;
    }
    if (isDigitChar(cursor.peek()) || cursor.peek() == '-') {
        auto value = readInteger(cursor, -1, std::int64_t{1} << 40, "the expected result");
        if (!value)
            return std::unexpected(value.error());
        e.kind = Expectation::Kind::Result;
        e.value = *value;
        cursor.skipSpaces();
        const std::string_view unit = cursor.peekIdentifier();
        if (unit == "bytes" || unit == "byte") {
            if (!movesBytes(call.op))
                return std::unexpected(cursor.error(op + "() moves no bytes: write the expected result without 'bytes'"));
            cursor.identifier();
            e.kind = Expectation::Kind::ByteCount;
        }
        return e;
    }
    const std::string_view word = cursor.peekIdentifier();
    if (auto code = errnoFromName(word)) {
        cursor.identifier();
        e.kind = Expectation::Kind::Errno;
        e.error = *code;
        return e;
    }
    if (!word.empty() && word.front() == 'E' && looksLikeConstant(word))
        return std::unexpected(cursor.errorAt(at, "unknown errno name '" + std::string(word.substr(0, 40)) + "': like EINVAL or ECONNREFUSED"));
    return std::unexpected(cursor.errorAt(at, "expected a number, an errno name like EINVAL, or a string after 'expect', found "
                                                  + (word.empty() ? describeAt(cursor, at) : "'" + std::string(word.substr(0, 40)) + "'")));
}

// A comment's text without trailing carriage returns: the one before '\n' is the line end
// (CRLF), and more are invisible debris the printer could not write back as they were.
std::string commentText(std::string_view rest)
{
    while (rest.ends_with('\r'))
        rest.remove_suffix(1);
    return std::string(rest);
}

// What may follow a statement: a comment or nothing.
Parsed<void> readLineEnd(Cursor& cursor, Statement& st, std::string_view after)
{
    cursor.skipSpaces();
    if (cursor.consume('#')) {
        st.hasComment = true;
        st.comment = commentText(cursor.rest());
        return {};
    }
    if (!cursor.atEnd())
        return std::unexpected(cursor.error("expected the end of the line (or a # comment) " + std::string(after) + ", found "
                                            + describeHere(cursor)));
    return {};
}

Parsed<void> readCallStatement(Cursor& cursor, Statement& st, const Scope& scope)
{
    st.kind = Statement::Kind::Call;
    const std::size_t namesAt = cursor.pos();
    Cursor probe = cursor;
    probe.identifier();
    probe.skipSpaces();
    if (probe.peek() == '=' || probe.peek() == ',') {
        auto names = readTargets(cursor);
        if (!names)
            return std::unexpected(names.error());
        st.call.names = std::move(*names);
    }
    const std::size_t callAt = cursor.pos();
    const std::string word(cursor.identifier());
    const auto op = opFromName(word);
    if (!op) {
        const std::string shown = word.empty() ? describeAt(cursor, callAt) : "'" + word.substr(0, 40) + "'";
        return std::unexpected(cursor.errorAt(callAt, "expected a call like bind(...), 'say' or 'pause', found " + shown));
    }
    st.call.op = *op;
    cursor.skipSpaces();
    if (auto ok = parseArguments(cursor, st.call, scope); !ok)
        return ok;
    if (auto ok = checkTargets(cursor, st.call, callAt, namesAt); !ok)
        return ok;
    cursor.skipSpaces();
    if (cursor.peekIdentifier() == "expect") {
        const std::size_t expectAt = cursor.pos();
        cursor.identifier();
        auto e = readExpectation(cursor, st.call, expectAt);
        if (!e)
            return std::unexpected(e.error());
        st.expect = std::move(*e);
        return readLineEnd(cursor, st, "after the expectation");
    }
    return readLineEnd(cursor, st, "after ')': only 'expect ...' may follow a call");
}

Parsed<void> readSay(Cursor& cursor, Statement& st)
{
    st.kind = Statement::Kind::Say;
    cursor.skipSpaces();
    if (cursor.peek() != '"')
        return std::unexpected(cursor.error("expected the narration as a string after 'say', like say \"Now a client connects.\", found "
                                            + describeAt(cursor, cursor.pos())));
    auto text = readString(cursor);
    if (!text)
        return std::unexpected(text.error());
    st.text = std::move(*text);
    return readLineEnd(cursor, st, "after the narration");
}

Parsed<void> readPause(Cursor& cursor, Statement& st)
{
    st.kind = Statement::Kind::Pause;
    cursor.skipSpaces();
    auto ms = readSeconds(cursor);
    if (!ms)
        return std::unexpected(ms.error());
    st.pauseMs = *ms;
    return readLineEnd(cursor, st, "after the pause");
}

Parsed<Statement> readStatement(Cursor& cursor, const Scope& scope)
{
    Statement st;
    cursor.skipSpaces();
    st.at = Location{cursor.lineNumber(), cursor.column(cursor.pos())};
    if (cursor.atEnd())
        return st; // Blank
    if (cursor.consume('#')) {
        st.kind = Statement::Kind::Comment;
        st.text = commentText(cursor.rest());
        return st;
    }
    const std::string_view word = cursor.peekIdentifier();
    Parsed<void> ok;
    if (word == "say" || word == "pause") {
        cursor.identifier();
        ok = word == "say" ? readSay(cursor, st) : readPause(cursor, st);
    } else if (word == "expect") {
        ok = std::unexpected(cursor.error("'expect' goes after a call on the same line, like recv(conn, 1024) expect \"hi\""));
    } else if (word.empty()) {
        ok = std::unexpected(cursor.error("expected a call like bind(...), a name for a new socket, 'say' or 'pause', found "
                                          + describeAt(cursor, cursor.pos())));
    } else {
        ok = readCallStatement(cursor, st, scope);
    }
    if (!ok)
        return std::unexpected(ok.error());
    return st;
}

void updateScope(Scope& scope, const Statement& st)
{
    if (st.kind != Statement::Kind::Call)
        return;
    for (const std::string& name : st.call.names)
        scope.define(name);
    if (st.call.op == Op::Close)
        scope.close(st.call.socket);
}

} // namespace

std::expected<Program, ParseError> parseLesson(std::string_view text)
{
    if (text.size() > kMaxLessonBytes)
        return std::unexpected(ParseError{1, 1, "the lesson is larger than " + std::to_string(kMaxLessonBytes >> 20) + " MiB"});
    Program program;
    Scope scope;
    int lineNumber = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        ++lineNumber;
        scope.setLine(lineNumber);
        Cursor cursor(line, lineNumber);
        auto st = readStatement(cursor, scope);
        if (!st)
            return std::unexpected(st.error());
        updateScope(scope, *st);
        program.statements.push_back(std::move(*st));
        start = end + 1;
    }
    return program;
}

} // namespace sks::script
