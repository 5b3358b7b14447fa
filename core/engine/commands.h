#pragma once

#include "core/engine/socketstate.h"

#include <cstddef>
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
// close(). A call the socket was waiting in ends unfinished.
struct Close {
    SocketId id = 0;
};

} // namespace sks::cmd

namespace sks {

using Command = std::variant<cmd::Create, cmd::Bind, cmd::Listen, cmd::Accept, cmd::SetAutoAccept,
                             cmd::SetBlocking, cmd::Connect, cmd::Send, cmd::Recv, cmd::Shutdown,
                             cmd::Close>;

SocketId commandSocket(const Command& command) noexcept;

} // namespace sks
