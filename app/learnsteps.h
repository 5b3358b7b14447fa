#pragma once

#include "core/engine/socketstate.h"

#include <QString>

#include <cstdint>
#include <vector>

// The life cycle the Learn panel draws: which steps a server and a client go through, and
// where one socket stands in them. Pure functions over sks::SocketInfo, no widgets.
namespace learn {

// One step of a life cycle. Transfer is send()/recv() (sendto()/recvfrom() for datagrams).
enum class Step : std::uint8_t { Socket, Bind, Listen, Accept, Connect, Transfer, Close };

enum class Side : std::uint8_t { Server, Client };

// Which drawing fits the socket: TCP-like streams, datagrams, or a socketpair() end.
enum class Variant : std::uint8_t { Stream, Datagram, SocketPair };

struct LifeCycle {
    Variant variant = Variant::Stream;
    bool unixDomain = false;
    std::vector<Step> server; // in order
    std::vector<Step> client; // in order
};

// Where a socket stands: its side, the step it is in (just completed, or waiting in),
// and the steps it may take next on its side (from sks::legalNextCalls, in order; may
// include `current` again, e.g. another send()).
struct Position {
    Side side = Side::Client;
    Step current = Step::Socket;
    bool waiting = false; // blocked in the current step (accept(), connect())
    std::vector<Step> next;
};

// The two columns for a socket of this kind.
LifeCycle lifeCycle(const sks::SocketInfo& socket);
// The socket's place in lifeCycle(socket).
Position locate(const sks::SocketInfo& socket);

// "listen()", "send() / recv()", "bind() to a path" ...: the step as shown in a column.
QString stepLabel(Step step, const LifeCycle& cycle, Side side);
// Stable id for object names and tests: "socket", "bind", ..., "transfer", "close".
QString stepId(Step step);
// Plain words on what the step does, for this kind of socket.
QString stepExplanation(Step step, const LifeCycle& cycle, Side side);
// The background topics (descriptors, bind, accept, backlog, ephemeral ports, stream vs
// datagram, socketpair vs pipe, passing a descriptor) as HTML.
QString topicsHtml();

} // namespace learn
