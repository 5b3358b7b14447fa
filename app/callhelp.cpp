#include "app/callhelp.h"

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

namespace {

int hexValue(QChar c)
{
    if (c >= u'0' && c <= u'9')
        return c.unicode() - u'0';
    if (c >= u'a' && c <= u'f')
        return c.unicode() - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c.unicode() - u'A' + 10;
    return -1;
}

} // namespace

std::expected<std::string, EscapeError> parseEscapedBytes(const QString& text)
{
    std::string bytes;
    qsizetype plainStart = 0;
    qsizetype i = 0;
    const auto flushPlain = [&](qsizetype end) {
        bytes += text.mid(plainStart, end - plainStart).toStdString();
    };
    while (i < text.size()) {
        if (text[i] != u'\\') {
            ++i;
            continue;
        }
        flushPlain(i);
        const int column = static_cast<int>(i) + 1;
        if (i + 1 >= text.size())
            return std::unexpected(EscapeError{column, tr("a lone \\ at the end: write \\\\ for a backslash")});
        const QChar c = text[i + 1];
        qsizetype length = 2;
        switch (c.unicode()) {
        case u'n': bytes += '\n'; break;
        case u'r': bytes += '\r'; break;
        case u't': bytes += '\t'; break;
        case u'\\': bytes += '\\'; break;
        case u'0': bytes += '\0'; break;
        case u'x': {
            const int high = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
            const int low = i + 3 < text.size() ? hexValue(text[i + 3]) : -1;
            if (high < 0 || low < 0)
                return std::unexpected(EscapeError{column, tr("\\x needs exactly two hex digits, as in \\x0a")});
            bytes += static_cast<char>(high * 16 + low);
            length = 4;
            break;
        }
        default:
            return std::unexpected(EscapeError{
                column, tr("unknown escape \\%1: use \\n \\r \\t \\\\ \\0 or \\xNN").arg(c)});
        }
        i += length;
        plainStart = i;
    }
    flushPlain(i);
    return bytes;
}

} // namespace callhelp
