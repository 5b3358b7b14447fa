#include "app/learnsteps.h"

#include <QCoreApplication>

#include <algorithm>

namespace learn {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("learn", text);
}

bool contains(const std::vector<Step>& steps, Step step)
{
    return std::ranges::find(steps, step) != steps.end();
}

Step stepOf(sks::Call call)
{
    using C = sks::Call;
    switch (call) {
    case C::Bind: return Step::Bind;
    case C::Listen: return Step::Listen;
    case C::Accept: return Step::Accept;
    case C::Connect: return Step::Connect;
    case C::Close: return Step::Close;
    case C::Send:
    case C::Recv:
    case C::SendTo:
    case C::RecvFrom:
    case C::SendFd:
    case C::RecvFd:
    case C::Shutdown: // half of the way out of the conversation
        return Step::Transfer;
    }
    return Step::Transfer;
}

// The step a socket is in, from its state (connected sockets that moved bytes are past
// connect()/accept(): they are talking).
Step currentStep(const sks::SocketInfo& s, bool linked)
{
    using S = sks::SocketState;
    const bool talked = s.bytesIn + s.bytesOut + s.messagesIn + s.messagesOut > 0;
    switch (s.state) {
    case S::Created: return Step::Socket;
    case S::Bound: return Step::Bind;
    case S::Listening: return s.waiting == sks::Waiting::Accept ? Step::Accept : Step::Listen;
    case S::Connecting:
    case S::Error: return Step::Connect;
    case S::Connected:
        if (linked)
            return talked ? Step::Transfer : Step::Socket;
        return talked ? Step::Transfer : Step::Connect;
    case S::Accepted: return talked ? Step::Transfer : Step::Accept;
    case S::HalfClosedRead:
    case S::HalfClosedWrite:
    case S::ShutDown: return Step::Transfer;
    case S::Closed: return Step::Close;
    }
    return Step::Socket;
}

} // namespace

LifeCycle lifeCycle(const sks::SocketInfo& socket)
{
    LifeCycle cycle;
    cycle.unixDomain = socket.family == sks::Family::Unix;
    if (socket.linked != 0) {
        cycle.variant = Variant::SocketPair;
        cycle.server = {Step::Socket, Step::Transfer, Step::Close};
        cycle.client = cycle.server;
    } else if (socket.type == sks::SockType::Datagram) {
        cycle.variant = Variant::Datagram;
        cycle.server = {Step::Socket, Step::Bind, Step::Transfer, Step::Close};
        cycle.client = {Step::Socket, Step::Bind, Step::Connect, Step::Transfer, Step::Close};
    } else {
        cycle.server = {Step::Socket, Step::Bind, Step::Listen, Step::Accept, Step::Transfer, Step::Close};
        cycle.client = {Step::Socket, Step::Bind, Step::Connect, Step::Transfer, Step::Close};
    }
    return cycle;
}

Position locate(const sks::SocketInfo& socket)
{
    const LifeCycle cycle = lifeCycle(socket);
    Position pos;
    pos.side = socket.role == sks::Role::Client ? Side::Client : Side::Server;
    pos.current = currentStep(socket, cycle.variant == Variant::SocketPair);
    pos.waiting = socket.waiting != sks::Waiting::None;
    const std::vector<Step>& column = pos.side == Side::Server ? cycle.server : cycle.client;
    if (!contains(column, pos.current)) // e.g. a client that called listen()
        pos.side = pos.side == Side::Server ? Side::Client : Side::Server;
    const std::vector<Step>& steps = pos.side == Side::Server ? cycle.server : cycle.client;
    for (const sks::Call call : sks::legalNextCalls(socket)) {
        const Step step = stepOf(call);
        if (contains(steps, step) && !contains(pos.next, step))
            pos.next.push_back(step);
    }
    std::ranges::sort(pos.next, [&steps](Step a, Step b) {
        return std::ranges::find(steps, a) < std::ranges::find(steps, b);
    });
    return pos;
}

QString stepId(Step step)
{
    switch (step) {
    case Step::Socket: return QStringLiteral("socket");
    case Step::Bind: return QStringLiteral("bind");
    case Step::Listen: return QStringLiteral("listen");
    case Step::Accept: return QStringLiteral("accept");
    case Step::Connect: return QStringLiteral("connect");
    case Step::Transfer: return QStringLiteral("transfer");
    case Step::Close: return QStringLiteral("close");
    }
    return {};
}

QString stepLabel(Step step, const LifeCycle& cycle, Side side)
{
    const bool datagram = cycle.variant == Variant::Datagram;
    switch (step) {
    case Step::Socket:
        return cycle.variant == Variant::SocketPair ? tr("socketpair()") : tr("socket()");
    case Step::Bind:
        if (side == Side::Client)
            return cycle.unixDomain ? tr("bind() to a path (optional)") : tr("bind() (optional)");
        return cycle.unixDomain ? tr("bind() to a path") : tr("bind()");
    case Step::Listen: return tr("listen()");
    case Step::Accept: return tr("accept()");
    case Step::Connect:
        if (datagram)
            return tr("connect() (optional: fixes the peer)");
        return cycle.unixDomain ? tr("connect() to a path") : tr("connect()");
    case Step::Transfer:
        if (datagram)
            return tr("sendto() / recvfrom()");
        if (cycle.unixDomain)
            return tr("send() / recv(), pass descriptors");
        return side == Side::Server ? tr("recv() / send()") : tr("send() / recv()");
    case Step::Close: return tr("close()");
    }
    return {};
}

QString stepExplanation(Step step, const LifeCycle& cycle, Side side)
{
    const bool datagram = cycle.variant == Variant::Datagram;
    switch (step) {
    case Step::Socket:
        if (cycle.variant == Variant::SocketPair)
            return tr("socketpair() made two connected sockets at once, with no address and no "
                      "listen/accept: whatever one end sends, the other end reads.");
        return tr("socket() asks the kernel for a new socket and returns a descriptor: a small "
                  "number that names it in this process, like a number for an open file.");
    case Step::Bind:
        if (side == Side::Client)
            return tr("A client rarely needs bind(): connect() or the first sendto() picks a free "
                      "ephemeral port for it. Bind only to choose the source address or port.");
        return cycle.unixDomain
            ? tr("bind() gives the socket a name: a path. The kernel creates a socket file "
                 "there; clients connect to that path.")
            : tr("bind() gives the socket its local address and port, so clients know where to "
                 "find it. Port 0 lets the kernel pick one.");
    case Step::Listen:
        return tr("listen() turns the socket into a listener. The kernel now completes handshakes "
                  "by itself and queues finished connections, up to the backlog, until you accept().");
    case Step::Accept:
        return tr("accept() takes one finished connection from the queue and returns a NEW "
                  "descriptor for it. The listener keeps listening for the next client.");
    case Step::Connect:
        if (datagram)
            return tr("connect() on a datagram socket sends nothing: it only fixes the peer, so "
                      "send()/recv() work and datagrams from others are ignored.");
        return tr("connect() reaches the server's address. The kernel binds the client to an "
                  "ephemeral port first, so replies can find their way back.");
    case Step::Transfer:
        if (datagram)
            return tr("Each sendto() sends one datagram with its own address; each recvfrom() "
                      "returns one whole datagram and who sent it. Boundaries are kept.");
        return tr("send() copies bytes into the kernel's send queue; recv() takes what has "
                  "arrived. A stream keeps no message boundaries: two sends may arrive as one recv.");
    case Step::Close:
        return tr("close() gives the descriptor back. For a connected stream the kernel sends a "
                  "FIN; the peer's recv() then returns 0 (end of stream).");
    }
    return {};
}

QString topicsHtml()
{
    const auto topic = [](const char* title, const char* text) {
        return QStringLiteral("<p><b>%1</b><br>%2</p>").arg(tr(title), tr(text));
    };
    return topic("What is a descriptor?",
                 "Everything is a file: the kernel hands your process a small number (0, 1, 2 are "
                 "stdin, stdout, stderr) for each open file, pipe or socket. read, write and "
                 "close work on all of them.")
        + topic("What does bind do?",
                "It gives a socket its local address (IP and port, or a path). Servers bind so "
                "clients can find them; clients usually let connect() choose.")
        + topic("Why does accept return a new descriptor?",
                "One connection per client: each accepted socket talks to exactly one peer, while "
                "the listening socket stays free to accept the next one.")
        + topic("What is the backlog?",
                "How many finished connections the kernel may queue for a listener before you "
                "accept() them. When it is full, new clients wait or are refused.")
        + topic("Why does the client get an ephemeral port?",
                "Every connection needs two ends with an address each. The kernel picks a free "
                "temporary port for the client, so many clients can reach one server port.")
        + topic("Stream or datagram?",
                "A stream (TCP, SOCK_STREAM) is one ordered flow of bytes between two ends, with "
                "no message boundaries. Datagrams (UDP, SOCK_DGRAM) are separate messages, each "
                "with an address; they may be lost or reordered, but never merged.")
        + topic("socketpair or pipe?",
                "A pipe goes one way: a read end and a write end. socketpair() gives two "
                "connected sockets that both read and write, and can pass descriptors.")
        + topic("What does passing a descriptor mean?",
                "Over a Unix socket, sendmsg() with SCM_RIGHTS hands an open descriptor to another "
                "process. The receiver gets its own number for the same open socket or file.");
}

} // namespace learn
