#pragma once

#include "core/engine/socketstate.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>

namespace sks::cmd {

// Commands the GUI (or a test, or the lesson runner) posts to the engine. Each one runs
// as real system calls on the engine thread, in the order posted, and is journaled.

// socket(family, type, 0). `id` comes from Engine::newSocketId() so the caller knows
// the new socket's id before the engine has run the call.
struct Create {
    SocketId id = 0;
    Family family = Family::IPv4;
    SockType type = SockType::Stream;
    Role role = Role::Client;
};
struct Bind {
    SocketId id = 0;
    Endpoint endpoint; // a name endpoint is resolved on the engine thread first
};
struct Listen {
    SocketId id = 0;
    int backlog = 5;
};
// One accept(). Blocking socket with nothing pending: shown waiting in accept() until a
// connection arrives. Non-blocking: -1 EAGAIN.
struct Accept {
    SocketId id = 0;
};
// Accept connections as soon as they arrive (auto) or only on Accept (manual, default):
// manual mode leaves them in the kernel's accept queue so the backlog can be watched.
struct SetAutoAccept {
    SocketId id = 0;
    bool on = false;
};
// Blocking (default): calls that cannot complete are shown waiting. Non-blocking: they
// return EAGAIN / EINPROGRESS. The real descriptor is always O_NONBLOCK.
struct SetBlocking {
    SocketId id = 0;
    bool on = true;
};
struct Connect {
    SocketId id = 0;
    Endpoint endpoint;
};
struct Send {
    SocketId id = 0;
    std::string bytes;
};
struct Recv {
    SocketId id = 0;
    std::size_t maxBytes = 4096;
};
struct Shutdown {
    SocketId id = 0;
    ShutdownHow how = ShutdownHow::Write;
};
// close(). A call the socket was waiting in ends unfinished. A Unix socket's file is
// removed when the bound socket closes, unless keepFile was set (cmd::SetKeepFile).
struct Close {
    SocketId id = 0;
};

// socketpair(AF_UNIX, type, 0): two connected sockets with ids `id` and `second`.
struct SocketPair {
    SocketId id = 0;
    SocketId second = 0;
    SockType type = SockType::Stream;
};
// sendto(): a datagram (or stream bytes) to an explicit address.
struct SendTo {
    SocketId id = 0;
    Endpoint endpoint;
    std::string bytes;
};
// recvfrom(): like Recv, and names the sender of each datagram. A datagram longer than
// maxBytes is reported truncated (MSG_TRUNC) with its real length.
struct RecvFrom {
    SocketId id = 0;
    std::size_t maxBytes = 65536;
};
// setsockopt() then getsockopt() of the value the kernel applied. `value2` is used by
// SO_LINGER only (value = l_onoff, value2 = l_linger seconds).
struct SetOption {
    SocketId id = 0;
    SockOption option = SockOption::ReuseAddr;
    int value = 1;
    int value2 = 0;
};
struct GetOption {
    SocketId id = 0;
    SockOption option = SockOption::Error;
};
// Keep socket `id`'s option values (SocketInfo::options) current: read them (about 19
// getsockopt calls) for its next snapshot and again after every call that can change
// them. Only sockets someone looks at pay for that: the options panel posts it for the
// socket it shows; SetOption and GetOption imply it. Not journaled: no user call.
struct WatchOptions {
    SocketId id = 0;
};
// sendmsg() with SCM_RIGHTS carrying socket `passed`'s descriptor over Unix socket `id`,
// with `bytes` as the ordinary payload (at least one byte is sent).
struct SendFd {
    SocketId id = 0;
    SocketId passed = 0;
    std::string bytes = "F";
};
// recvmsg() expecting SCM_RIGHTS: a received descriptor becomes a new socket in the tree.
struct RecvFd {
    SocketId id = 0;
    std::size_t maxBytes = 4096;
};
// Whether the socket's Unix path is kept on disk after close (default: removed).
struct SetKeepFile {
    SocketId id = 0;
    bool on = false;
};

// Receive everything as it arrives (on) instead of only on Recv (off, the default). The
// bytes go to the socket's ReceiveLog and the counters; the journal sums up each burst
// in one line instead of one line per recv.
struct SetAutoRecv {
    SocketId id = 0;
    bool on = false;
};
// The traffic generator: send a byte pattern from socket `id` as fast as the kernel takes
// it (bytesPerSecond == 0) or at that rate, until totalBytes are sent or `seconds` pass
// (0 = no limit for either; both 0 runs until StopGenerator or close). One journal line,
// completed with totals when the run ends.
struct Generate {
    SocketId id = 0;
    std::uint64_t totalBytes = 0;
    double seconds = 0;
    std::uint64_t bytesPerSecond = 0;
};
struct StopGenerator {
    SocketId id = 0;
};

} // namespace sks::cmd

namespace sks {

using Command = std::variant<cmd::Create, cmd::Bind, cmd::Listen, cmd::Accept, cmd::SetAutoAccept,
                             cmd::SetBlocking, cmd::Connect, cmd::Send, cmd::Recv, cmd::Shutdown,
                             cmd::Close, cmd::SocketPair, cmd::SendTo, cmd::RecvFrom, cmd::SetOption,
                             cmd::GetOption, cmd::SendFd, cmd::RecvFd, cmd::SetKeepFile, cmd::SetAutoRecv,
                             cmd::Generate, cmd::StopGenerator, cmd::WatchOptions>;

// Identifies one posted command. Every journal entry and notice produced while running it
// carries its ticket, so a caller can find the outcome of its own command. 0: none.
using Ticket = std::uint64_t;

SocketId commandSocket(const Command& command) noexcept;

} // namespace sks
