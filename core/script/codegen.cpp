// What the C and Python generators share.
#include "core/script/codegen.h"

#include "core/script/printer.h"

#include <algorithm>

namespace sks::script {

std::vector<std::string> socketNames(const Program& program)
{
    std::vector<std::string> names;
    for (const Statement& st : program.statements)
        if (st.kind == Statement::Kind::Call)
            for (const std::string& name : st.call.names)
                if (std::find(names.begin(), names.end(), name) == names.end())
                    names.push_back(name);
    return names;
}

std::int64_t largestReceive(const Program& program)
{
    std::int64_t largest = 1;
    for (const Statement& st : program.statements)
        if (st.kind == Statement::Kind::Call
            && (st.call.op == Op::Recv || st.call.op == Op::RecvFrom || st.call.op == Op::RecvFd))
            largest = std::max(largest, st.call.count);
    return largest;
}

std::string statementNote(const Statement& statement)
{
    return commentSafe("line " + std::to_string(statement.at.line) + ": " + printCall(statement.call)
                       + printExpectation(statement.expect));
}

std::string commentSafe(std::string_view text)
{
    std::string out;
    for (const char c : text) {
        if ((c == '/' && out.ends_with('*')) || (c == '*' && out.ends_with('/')))
            out += ' ';
        out += (c == '\n' || c == '\r') ? ' ' : c;
    }
    return out;
}

std::string expectationText(const Expectation& expect)
{
    if (expect.kind == Expectation::Kind::None)
        return "success";
    std::string text = printExpectation(expect);
    return text.substr(std::string(" expect ").size());
}

} // namespace sks::script
