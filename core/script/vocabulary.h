#pragma once
// The words of the lesson language: call names, constants and errno names, both ways.
// Pure lookups; no system calls; any thread.

#include "core/script/ast.h"

#include <optional>
#include <string_view>

namespace sks::script {

// "socket", "socketpair", "bind", ..., "sendfd", "nonblocking", "autoaccept", "keepfile".
std::string_view opName(Op op) noexcept;
std::optional<Op> opFromName(std::string_view name) noexcept;

// The `call` the engine journals for this op ("sendmsg" for sendfd, "recvmsg" for recvfd);
// empty for the ops that make no system call (isModeOp).
std::string_view journalCallName(Op op) noexcept;

// blocking, nonblocking, autoaccept, keepfile: they change how the engine treats a socket,
// make no system call and journal nothing.
bool isModeOp(Op op) noexcept;
// How many sockets a call makes (and names): socket/accept/recvfd 1, socketpair 2, else 0.
int socketsMade(Op op) noexcept;
// Whether the op is a receive that returns bytes (recv, recvfrom, recvfd).
bool isReceive(Op op) noexcept;
// Whether the op moves bytes (the receives and send, sendto, sendfd).
bool movesBytes(Op op) noexcept;

// AF_INET, AF_INET6, AF_UNIX (AF_LOCAL is read as AF_UNIX).
std::optional<Family> familyFromName(std::string_view name) noexcept;
// SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET.
std::optional<SockType> sockTypeFromName(std::string_view name) noexcept;
// SO_REUSEADDR ... as sockOptions() names them.
std::optional<SockOption> sockOptionFromName(std::string_view name) noexcept;
// SHUT_RD, SHUT_WR, SHUT_RDWR.
std::optional<ShutdownHow> shutdownFromName(std::string_view name) noexcept;
// Any errno name the C library knows ("ECONNREFUSED"), plus EWOULDBLOCK and ENOTSUP.
std::optional<int> errnoFromName(std::string_view name) noexcept;
// "SOL_SOCKET", "IPPROTO_TCP", "IPPROTO_IPV6" for a SockOptionInfo::level.
std::string_view levelName(int level) noexcept;

// Words a socket may not be named: call names and keywords (say, pause, expect, bytes...).
bool isReservedWord(std::string_view word) noexcept;

} // namespace sks::script
