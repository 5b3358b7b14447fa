#pragma once

#include "core/engine/socketstate.h"

#include <QString>

// Words and ranges for the socket-options panel: what each option does (in a teacher's
// voice), why it does not apply to a socket, how to print the kernel's value, and which
// editor and range fits it. Pure functions, no widgets.
namespace optionhelp {

enum class Editor { Flag, Number, Linger, ReadOnly };

Editor editorOf(sks::SockOption option);

struct Range {
    int minimum = 0;
    int maximum = 0;
    QString suffix; // " s", " probes"; empty for byte counts
    bool countsBytes = false; // " byte" / " bytes" by value (byteunits::useByteSuffix)
};
// The range the kernel accepts (Number options; Linger: its seconds). The minimum is kept
// at 0 where 0 is a value the kernel refuses with EINVAL, so the refusal can be seen.
Range rangeOf(sks::SockOption option);

// What it does, when to use it and the common errors; several lines.
QString toolTip(sks::SockOption option);

// Why `option` does not apply to `socket` (its value is -1): "TCP_NODELAY is a TCP
// option (IPPROTO_TCP); this is a UDP/IPv4 socket."
QString notApplicable(sks::SockOption option, const sks::SocketInfo& socket);

// The kernel's value as a person reads it: "on", "8192 bytes", "SOCK_DGRAM (2)",
// "ECONNREFUSED (111)", "on, 0 s"; "n/a" for -1.
QString valueText(sks::SockOption option, const sks::SocketInfo& socket);

// A note when the kernel applied something other than `requested`, e.g. SO_RCVBUF
// doubled; empty when they agree.
QString differenceNote(sks::SockOption option, int requested, int applied);

} // namespace optionhelp
