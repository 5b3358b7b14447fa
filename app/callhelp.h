#pragma once

#include "core/engine/socketstate.h"

#include <QString>

#include <expected>
#include <string>

// Words for the actions panel: what each call does (in a teacher's voice) and why a call
// that is not a usual next step will probably fail. Pure functions, no widgets.
namespace callhelp {

// What the call does, what it returns and its common errors.
QString toolTip(sks::Call call);

// "Not a usual next step for a listening socket — the kernel will likely refuse it
// (EINVAL); click to see."
QString unusualStepWarning(sks::Call call, const sks::SocketInfo& socket);

struct EscapeError {
    int column = 1; // 1-based, the backslash that starts the bad escape
    QString message;
};

// Turns "hello\n" (as typed) into bytes with sks::parseEscapedText: the text as UTF-8 with
// the C escapes \n \r \t \\ \" \' \0 and \xNN (exactly two hex digits) replaced. The column
// counts UTF-16 units, as QLineEdit's cursor does.
std::expected<std::string, EscapeError> parseEscapedBytes(const QString& text);

} // namespace callhelp
