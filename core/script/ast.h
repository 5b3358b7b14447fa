#pragma once
// The lesson language (.sks) as values: what the parser produces, the printer writes, the
// runner executes and the code generators translate. Plain data; no system calls.

#include "core/engine/socketstate.h"
#include "core/sys/endpoint.h"

#include <cstdint>
#include <string>
#include <vector>

namespace sks::script {

// The calls a lesson can make. The first group are system calls (journaled by the engine);
// the second only change how the engine treats a socket and journal nothing.
enum class Op : std::uint8_t {
    Socket, SocketPair, Bind, Listen, Accept, Connect, Send, SendTo, Recv, RecvFrom,
    SetOption, GetOption, Shutdown, Close, SendFd, RecvFd,
    Blocking, NonBlocking, AutoAccept, KeepFile,
};

// An address argument: either a socket's name, standing for the address that socket was
// last bound to (`connect(cli, srv)`), or a literal endpoint (`127.0.0.1:0`, `./x.sock`).
// A relative Unix path is placed in the runner's private directory at run time.
struct Address {
    std::string socket; // non-empty: the named socket's address
    Endpoint endpoint;  // used when `socket` is empty

    friend bool operator==(const Address&, const Address&) = default;
};

// What a call must return for the lesson to go on. Without one (Kind::None) the call must
// simply succeed: a call that fails with an errno nobody expected fails the lesson.
struct Expectation {
    enum class Kind : std::uint8_t {
        None,
        Result,    // `expect 0`: the return value (getsockopt: the option's value)
        Errno,     // `expect EINVAL`: failed with this errno (getsockopt SO_ERROR: or its value)
        Bytes,     // `expect "hello\n"`: a receive returned exactly these bytes
        ByteCount, // `expect 6 bytes`: a send or receive moved this many bytes
    };
    Kind kind = Kind::None;
    std::int64_t value = 0; // Result, ByteCount
    int error = 0;          // Errno
    std::string bytes;      // Bytes

    friend bool operator==(const Expectation&, const Expectation&) = default;
};

// One call with its arguments. Which members matter depends on `op` (see README.md).
struct Call {
    Op op = Op::Close;
    std::vector<std::string> names; // assigned: socket/accept/recvfd one, socketpair two
    std::string socket;             // the socket the call is made on (not for socket/socketpair)
    std::string passed;             // sendfd: the socket whose descriptor travels
    Family family = Family::IPv4;   // socket, socketpair (always Unix)
    SockType type = SockType::Stream;
    Address address;                // bind, connect, sendto
    std::string bytes;              // send, sendto, sendfd
    std::int64_t count = 0;         // listen: backlog; recv, recvfrom, recvfd: max bytes
    SockOption option = SockOption::ReuseAddr;
    int value = 0;                  // setsockopt; SO_LINGER: l_onoff
    int value2 = 0;                 // SO_LINGER: l_linger seconds
    ShutdownHow how = ShutdownHow::Write;
    bool on = false;                // autoaccept, keepfile

    friend bool operator==(const Call&, const Call&) = default;
};

// Where a statement starts: 1-based line and column (columns count characters).
struct Location {
    int line = 0;
    int column = 0;

    friend bool operator==(const Location&, const Location&) = default;
};

// One line of a lesson.
struct Statement {
    enum class Kind : std::uint8_t { Blank, Comment, Call, Say, Pause };
    Kind kind = Kind::Blank;
    Location at;
    Call call;              // Kind::Call
    Expectation expect;     // Kind::Call
    std::string text;       // Say: the narration; Comment: what follows '#'
    std::int64_t pauseMs = 0; // Pause
    std::string comment;    // a comment after a statement on the same line, without '#'
    bool hasComment = false;

    friend bool operator==(const Statement&, const Statement&) = default;
};

struct Program {
    std::vector<Statement> statements;

    friend bool operator==(const Program&, const Program&) = default;
};

// Limits the parser enforces, so a lesson can never ask for something unbounded.
inline constexpr std::int64_t kMaxPauseMs = 600'000;
inline constexpr std::int64_t kMaxReceiveBytes = 16 << 20;
inline constexpr std::int64_t kDefaultRecvFdBytes = 4096;
inline constexpr const char* kDefaultSendFdBytes = "F";

} // namespace sks::script
