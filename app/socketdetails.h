#pragma once

#include "core/engine/socketstate.h"

#include <QString>
#include <QStringList>

// Words that tell socket kinds apart: the Unix file and its mode, the peer's credentials,
// socketpair links, passed descriptors, the socket's own inode. Pure functions over a
// SocketInfo snapshot; no widgets, no system calls.
namespace socketdetails {

// "srwxr-xr-x" from st_mode (type letter: s socket, d directory, - other).
QString modeText(std::uint32_t mode);

// "socket:[123456]", as /proc/<pid>/fd shows it; empty while the inode is unknown.
QString inodeText(const sks::SocketInfo& info);

// The details shown under the selected socket's header, one short line each: the Unix
// file (path, mode, inode) or abstract name, the peer's pid/uid/gid, "linked to #N
// (socketpair)", "same open socket as #N (inode I)", datagram counts and the inode.
QStringList detailLines(const sks::SocketInfo& info);

// The Peer column: "↔ #5 (socketpair)" for a socketpair end, "≡ #3 (passed)" (plus the
// peer address, if any) for a received descriptor, else the peer address.
QString peerColumnText(const sks::SocketInfo& info);

// Extra tooltip lines for the Peer and Local columns (may be empty).
QString peerToolTip(const sks::SocketInfo& info);
QString localToolTip(const sks::SocketInfo& info);

} // namespace socketdetails
