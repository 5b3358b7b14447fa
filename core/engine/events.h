#pragma once

#include "core/engine/socketstate.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sks {

// One system call the engine made. An entry whose call had to wait (a "blocking" accept,
// connect, recv or send) is first sent with pending == true and later sent again, with
// the same seq, once the call completed.
struct JournalEntry {
    std::uint64_t seq = 0;     // 0, 1, 2, ... : the entry's index in the journal
    std::int64_t timeNs = 0;   // steady clock, since the engine started
    std::int64_t waitedNs = 0; // how long a blocking call waited (0 if it did not)
    SocketId socket = 0;
    int fd = -1;
    std::uint64_t ticket = 0;  // the command that made this call (0: the engine's own)
    SocketId newSocket = 0;    // a socket this call created: accept, socketpair, recvmsg
    std::string call;          // "bind"
    std::string text;          // "bind(5, 127.0.0.1:0) = 0"
    std::int64_t result = 0;   // the call's return value (-1 on failure)
    int error = 0;             // errno when result == -1, else 0
    bool pending = false;      // still waiting in the call

    bool failed() const noexcept { return error != 0; }
};

// Something that is not a system call but the user should read: a resolved name, a
// command refused before reaching the kernel (a malformed endpoint, an unknown socket).
struct Notice {
    enum class Level : std::uint8_t { Info, Warning, Error };
    Level level = Level::Info;
    SocketId socket = 0;
    std::uint64_t ticket = 0;  // the command it is about
    std::string text;
};

// Bytes a recv returned, for the payload viewer. Only calls the user asked for travel
// here; bulk traffic is counted, never copied across threads.
struct Received {
    SocketId socket = 0;
    std::uint64_t journalSeq = 0;
    std::string bytes;
    Endpoint from;             // recvfrom: the sender; empty for recv
    std::size_t fullLength = 0; // a truncated datagram's real length (MSG_TRUNC), else bytes.size()
};

struct Totals {
    std::uint32_t openSockets = 0;
    std::uint64_t bytesIn = 0;  // over every socket the engine ever had
    std::uint64_t bytesOut = 0;
};

// What the engine hands the GUI, at most about once per frame. Socket snapshots are
// coalesced: a socket that changed many times since the last batch appears once, latest.
struct EventBatch {
    std::vector<JournalEntry> journal; // new entries and completed pending ones, in order
    std::vector<SocketInfo> sockets;   // new or changed sockets, ascending id
    std::vector<Notice> notices;
    std::vector<Received> received;
    Totals totals;
};

} // namespace sks
