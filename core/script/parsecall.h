#pragma once
// Internal to core/script: the arguments of each call, and the names in scope.

#include "core/script/lexer.h"

#include <map>
#include <string>

namespace sks::script {

// The socket names a lesson has made so far, and which of them it has closed.
class Scope {
public:
    void define(const std::string& name) { m_closedOnLine[name] = 0; }
    void close(const std::string& name) { m_closedOnLine[name] = m_line; }
    void setLine(int line) noexcept { m_line = line; }
    bool known(const std::string& name) const { return m_closedOnLine.contains(name); }
    // The line that closed `name`, 0 while it is open (or unknown).
    int closedOn(const std::string& name) const;
    // "srv, cli, conn" for messages (at most a few names).
    std::string listed() const;

private:
    std::map<std::string, int> m_closedOnLine;
    int m_line = 0;
};

// Reads "(args...)" for `call.op` with the cursor at '(' and fills `call`. Checks that the
// sockets it names are in scope (and open, except where they stand for an address).
Parsed<void> parseArguments(Cursor& cursor, Call& call, const Scope& scope);

} // namespace sks::script
