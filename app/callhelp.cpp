#include "app/callhelp.h"

#include "core/sys/payload.h"

#include <QCoreApplication>

namespace callhelp {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("callhelp", text);
}

// The errno a call usually gets when it is made in the wrong state.
const char* likelyErrno(sks::Call call, const sks::SocketInfo& s)
{
    using C = sks::Call;
    using S = sks::SocketState;
    const bool established = s.state == S::Connected || s.state == S::Accepted
        || s.state == S::HalfClosedRead || s.state == S::HalfClosedWrite;
    const bool datagram = s.type == sks::SockType::Datagram;
    switch (call) {
    case C::Listen:
    case C::Accept:
        return datagram ? "EOPNOTSUPP" : "EINVAL";
    case C::SendTo:
        return established ? "EISCONN" : "EPIPE";
    case C::RecvFrom:
    case C::RecvFd:
        return datagram ? "EAGAIN" : "ENOTCONN";
    case C::Connect:
        return established || s.state == S::Listening ? "EISCONN"
            : s.state == S::Connecting                  ? "EALREADY"
                                                        : "EINVAL";
    case C::Send:
        return s.state == S::HalfClosedWrite || s.state == S::ShutDown ? "EPIPE" : "ENOTCONN";
    case C::Recv:
    case C::Shutdown:
        return "ENOTCONN";
    default:
        return "EINVAL";
    }
}

} // namespace

QString toolTip(sks::Call call)
{
    switch (call) {
    case sks::Call::Bind:
        return tr("bind(fd, address) gives the socket its local address and port.\n"
                  "Port 0 asks the kernel to pick a free port; the Local column shows which.\n"
                  "Returns 0, or -1 with EADDRINUSE (someone holds that port), EACCES (ports "
                  "below 1024 need privileges) or EINVAL (already bound).");
    case sks::Call::Listen:
        return tr("listen(fd, backlog) turns a bound socket into a server socket.\n"
                  "The kernel now answers handshakes by itself and queues finished "
                  "connections, up to about backlog of them, until you accept().\n"
                  "Returns 0, or -1 with EINVAL if the socket is connected.");
    case sks::Call::Accept:
        return tr("accept(fd) takes one finished connection off the listener's queue and "
                  "returns a NEW descriptor for it; the listener keeps listening.\n"
                  "With nothing queued a blocking socket waits here; a non-blocking one "
                  "returns -1 EAGAIN.\nOn a socket that is not listening: EINVAL.");
    case sks::Call::Connect:
        return tr("connect(fd, address) starts the TCP handshake with a server.\n"
                  "Returns 0 when connected; non-blocking sockets get -1 EINPROGRESS first.\n"
                  "Common errors: ECONNREFUSED (nobody listens there), ETIMEDOUT, EISCONN.");
    case sks::Call::Send:
        return tr("send(fd, bytes) copies bytes into the kernel's send buffer and returns "
                  "how many it took — possibly fewer than you gave.\n"
                  "Errors: EPIPE after shutdown(SHUT_WR) or when the peer is gone, ENOTCONN "
                  "before connect(), EAGAIN when the buffer is full (non-blocking).");
    case sks::Call::Recv:
        return tr("recv(fd, size) returns up to size bytes that have arrived.\n"
                  "It returns 0 when the peer has shut down its side (end of stream).\n"
                  "With nothing to read a blocking socket waits; a non-blocking one returns "
                  "-1 EAGAIN. Before connect(): ENOTCONN.");
    case sks::Call::Shutdown:
        return tr("shutdown(fd, how) ends one direction without closing the descriptor.\n"
                  "SHUT_WR sends FIN: the peer's recv() returns 0 but it can still answer.\n"
                  "SHUT_RD stops reading, SHUT_RDWR both. Unconnected sockets: ENOTCONN.");
    case sks::Call::Close:
        return tr("close(fd) releases the descriptor; the kernel may reuse its number at "
                  "once.\nA connected socket sends FIN (or RST if unread data remains).\n"
                  "The row stays in the tree, greyed, so the journal still makes sense.");
    case sks::Call::SendTo:
        return tr("sendto(fd, bytes, address) sends one datagram to the given address; "
                  "no connection is needed.\nReturns the bytes sent, or -1 with EMSGSIZE "
                  "(too big for one datagram) or EDESTADDRREQ (no address).");
    case sks::Call::RecvFrom:
        return tr("recvfrom(fd, size) returns one datagram and the address it came from.\n"
                  "A datagram longer than size is cut short and the rest is lost: the "
                  "Received panel marks it truncated (MSG_TRUNC) with its real length.\n"
                  "After connect() on UDP, an ICMP “port unreachable” shows up here as "
                  "ECONNREFUSED.");
    case sks::Call::SendFd:
        return tr("sendmsg() with SCM_RIGHTS passes an open descriptor to the process at "
                  "the other end of a Unix socket.\nThe kernel duplicates it into the "
                  "receiver; at least one ordinary byte travels with it.\nA closed "
                  "descriptor gives EBADF; a TCP or UDP socket cannot carry one.");
    case sks::Call::RecvFd:
        return tr("recvmsg() with SCM_RIGHTS receives a descriptor: a new fd number for "
                  "the same open socket (same inode), shown as a new row marked ≡.");
    }
    return {};
}

QString unusualStepWarning(sks::Call call, const sks::SocketInfo& socket)
{
    return tr("Not a usual next step for a %1 socket — the kernel will likely refuse it (%2); "
              "click to see.")
        .arg(QString::fromStdString(socket.stateText()), QString::fromLatin1(likelyErrno(call, socket)));
}

// One parser for typed bytes everywhere (core/sys/payload.h): the GUI, lessons and the
// fuzzer then agree on every escape. The core counts code points; QLineEdit counts UTF-16.
std::expected<std::string, EscapeError> parseEscapedBytes(const QString& text)
{
    auto bytes = sks::parseEscapedText(text.toStdString());
    if (bytes)
        return std::move(*bytes);
    int column = 1;
    for (std::size_t points = 1; points < bytes.error().column && column <= text.size(); ++points)
        column += QChar::isHighSurrogate(text[column - 1].unicode()) ? 2 : 1;
    return std::unexpected(EscapeError{column, QString::fromStdString(bytes.error().message)});
}

} // namespace callhelp
