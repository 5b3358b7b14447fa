#include "app/optionhelp.h"

#include "core/sys/errnos.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <QCoreApplication>

#include <climits>

namespace optionhelp {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("optionhelp", text);
}

QString onOff(int value)
{
    return value != 0 ? tr("on") : tr("off");
}

QString typeName(int type)
{
    switch (type) {
    case SOCK_STREAM: return QStringLiteral("SOCK_STREAM");
    case SOCK_DGRAM: return QStringLiteral("SOCK_DGRAM");
    case SOCK_SEQPACKET: return QStringLiteral("SOCK_SEQPACKET");
    case SOCK_RAW: return QStringLiteral("SOCK_RAW");
    default: return QStringLiteral("?");
    }
}

QString domainName(int domain)
{
    switch (domain) {
    case AF_UNIX: return QStringLiteral("AF_UNIX");
    case AF_INET: return QStringLiteral("AF_INET");
    case AF_INET6: return QStringLiteral("AF_INET6");
    default: return QStringLiteral("?");
    }
}

QString protocolName(int protocol)
{
    switch (protocol) {
    case 0: return tr("default");
    case IPPROTO_TCP: return QStringLiteral("IPPROTO_TCP");
    case IPPROTO_UDP: return QStringLiteral("IPPROTO_UDP");
    case IPPROTO_SCTP: return QStringLiteral("IPPROTO_SCTP");
    default: return QStringLiteral("?");
    }
}

QString named(const QString& name, int value)
{
    return QStringLiteral("%1 (%2)").arg(name).arg(value);
}

} // namespace

Editor editorOf(sks::SockOption option)
{
    using O = sks::SockOption;
    switch (option) {
    case O::ReuseAddr: case O::ReusePort: case O::KeepAlive: case O::NoDelay: case O::Cork:
    case O::V6Only: case O::Broadcast:
        return Editor::Flag;
    case O::KeepIdle: case O::KeepIntvl: case O::KeepCnt: case O::RcvBuf: case O::SndBuf:
    case O::RcvLowat:
        return Editor::Number;
    case O::Linger:
        return Editor::Linger;
    case O::Type: case O::Domain: case O::Protocol: case O::AcceptConn: case O::Error:
        return Editor::ReadOnly;
    }
    return Editor::ReadOnly;
}

Range rangeOf(sks::SockOption option)
{
    using O = sks::SockOption;
    // Upper limits are the kernel's own (MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL, MAX_TCP_KEEPCNT).
    switch (option) {
    case O::KeepIdle: return {0, 32767, tr(" s")};
    case O::KeepIntvl: return {0, 32767, tr(" s")};
    case O::KeepCnt: return {0, 127, tr(" probes")};
    case O::RcvBuf:
    case O::SndBuf: return {0, INT_MAX / 2, {}, true};
    case O::RcvLowat: return {0, INT_MAX, {}, true};
    case O::Linger: return {0, 86400, tr(" s")};
    default: return {0, 1, {}};
    }
}

QString toolTip(sks::SockOption option)
{
    using O = sks::SockOption;
    switch (option) {
    case O::ReuseAddr:
        return tr("SO_REUSEADDR lets bind() take an address whose old connections are still "
                  "in TIME_WAIT.\nSet it on a server before bind(), or a quick restart fails "
                  "with EADDRINUSE for a minute or two.\nIt does not let two live listeners "
                  "share a port: that is SO_REUSEPORT.");
    case O::ReusePort:
        return tr("SO_REUSEPORT lets several sockets (all with it set, same user) bind the "
                  "same address and port.\nThe kernel spreads new connections or datagrams "
                  "across them: one listener per worker thread.\nSet it before bind(); a "
                  "socket without it still gets EADDRINUSE.");
    case O::KeepAlive:
        return tr("SO_KEEPALIVE makes TCP send probes on an idle connection, to notice a peer "
                  "that vanished without a FIN (power loss, cable pulled).\nA dead peer then "
                  "shows up as ETIMEDOUT on the next call. Tune it with TCP_KEEPIDLE, "
                  "TCP_KEEPINTVL and TCP_KEEPCNT.");
    case O::KeepIdle:
        return tr("TCP_KEEPIDLE: seconds of silence before the first keepalive probe "
                  "(Linux default 7200, two hours).\nOnly matters with SO_KEEPALIVE on. "
                  "Must be 1 to 32767: 0 is refused with EINVAL — try it.");
    case O::KeepIntvl:
        return tr("TCP_KEEPINTVL: seconds between keepalive probes that get no answer "
                  "(default 75).\nMust be 1 to 32767: 0 gives EINVAL.");
    case O::KeepCnt:
        return tr("TCP_KEEPCNT: how many unanswered probes before the connection is declared "
                  "dead (default 9).\nMust be 1 to 127: 0 gives EINVAL.");
    case O::Linger:
        return tr("SO_LINGER decides what close() does with data not yet sent.\nOff (default): "
                  "close() returns at once, the kernel keeps sending in the background.\n"
                  "On with 0 seconds: close() throws the data away and sends RST — the peer "
                  "sees ECONNRESET, and no TIME_WAIT remains.\nOn with N seconds: a blocking "
                  "close() waits up to N seconds for the data to be acknowledged.");
    case O::RcvBuf:
        return tr("SO_RCVBUF: the kernel's receive buffer for this socket, in bytes.\nLinux "
                  "doubles what you ask (half is for its own bookkeeping) and caps it at "
                  "net.core.rmem_max; read back the value to see what it applied.\nOn TCP it "
                  "bounds the window the peer may send; set it before connect()/listen().");
    case O::SndBuf:
        return tr("SO_SNDBUF: the kernel's send buffer, in bytes. send() blocks (or gives "
                  "EAGAIN) when it is full.\nLinux doubles what you ask and caps it at "
                  "net.core.wmem_max.");
    case O::RcvLowat:
        return tr("SO_RCVLOWAT: the fewest bytes that make the socket readable (default 1).\n"
                  "select()/poll() and a blocking recv() wait until that much has arrived. "
                  "Settable on TCP and Unix stream; datagram sockets refuse changes.");
    case O::NoDelay:
        return tr("TCP_NODELAY turns off Nagle's algorithm: small writes go out at once "
                  "instead of waiting to be merged with the next ones.\nUse it for "
                  "request/response protocols with small messages (games, RPC, terminals), "
                  "where latency matters more than packet count.");
    case O::Cork:
        return tr("TCP_CORK holds back partial segments until you remove the cork (or 200 ms "
                  "pass), so a header and a body written separately leave in one packet.\n"
                  "The opposite intent of TCP_NODELAY; Linux only.");
    case O::V6Only:
        return tr("IPV6_V6ONLY: an IPv6 socket with it off is dual-stack — it also takes IPv4 "
                  "peers, shown as ::ffff:127.0.0.1.\nOn: IPv6 only, so an IPv4 socket can "
                  "bind the same port. Set it before bind(); afterwards: EINVAL.");
    case O::Broadcast:
        return tr("SO_BROADCAST allows sending datagrams to a broadcast address such as "
                  "255.255.255.255.\nWithout it sendto() to one fails with EACCES — a guard "
                  "against broadcasting by mistake.");
    case O::Type:
        return tr("SO_TYPE (read-only): the type given to socket(): SOCK_STREAM, SOCK_DGRAM "
                  "or SOCK_SEQPACKET.\nUseful for code that receives a descriptor and must "
                  "find out what it is.");
    case O::Domain:
        return tr("SO_DOMAIN (read-only): the address family: AF_INET, AF_INET6 or AF_UNIX.");
    case O::Protocol:
        return tr("SO_PROTOCOL (read-only): the protocol the kernel picked for socket(…, 0): "
                  "IPPROTO_TCP for IP streams, IPPROTO_UDP for IP datagrams, 0 for Unix.");
    case O::AcceptConn:
        return tr("SO_ACCEPTCONN (read-only): 1 once listen() succeeded — the socket is a "
                  "listener, and accept() is its only way to get data.");
    case O::Error:
        return tr("SO_ERROR: the error waiting on the socket, e.g. the result of a "
                  "non-blocking connect() or an ICMP error on UDP.\nReading it clears it, so "
                  "it is only read when you press “read”.");
    }
    return {};
}

QString notApplicable(sks::SockOption option, const sks::SocketInfo& s)
{
    const QString name = QString::fromUtf8(sks::sockOptionInfo(option).name.data(),
                                           static_cast<qsizetype>(sks::sockOptionInfo(option).name.size()));
    const QString kind = QString::fromStdString(s.kindText());
    switch (sks::sockOptionInfo(option).level) {
    case IPPROTO_TCP:
        return tr("%1 is a TCP option (level IPPROTO_TCP); this is a %2 socket, so the kernel "
                  "answers getsockopt() with an error (ENOPROTOOPT or EOPNOTSUPP).").arg(name, kind);
    case IPPROTO_IPV6:
        return tr("%1 is an IPv6 option (level IPPROTO_IPV6); this is a %2 socket.").arg(name, kind);
    default:
        return tr("The kernel does not report %1 for this %2 socket.").arg(name, kind);
    }
}

QString valueText(sks::SockOption option, const sks::SocketInfo& s)
{
    using O = sks::SockOption;
    const int value = s.option(option);
    if (value < 0)
        return tr("n/a");
    switch (editorOf(option)) {
    case Editor::Flag:
        return onOff(value);
    case Editor::Linger:
        return value != 0 ? tr("on, %1 s").arg(s.lingerSeconds()) : tr("off");
    case Editor::Number:
        if (rangeOf(option).countsBytes)
            return value == 1 ? tr("1 byte") : tr("%1 bytes").arg(value);
        return QString::number(value) + rangeOf(option).suffix;
    case Editor::ReadOnly:
        break;
    }
    switch (option) {
    case O::Type: return named(typeName(value), value);
    case O::Domain: return named(domainName(value), value);
    case O::Protocol: return named(protocolName(value), value);
    case O::AcceptConn: return value != 0 ? tr("yes (1)") : tr("no (0)");
    case O::Error:
        return value == 0 ? tr("0 (no error)") : named(QString::fromStdString(sks::errnoName(value)), value);
    default: return QString::number(value);
    }
}

QString differenceNote(sks::SockOption option, int requested, int applied)
{
    using O = sks::SockOption;
    if (applied < 0 || requested == applied)
        return {};
    if (editorOf(option) == Editor::Flag && (requested != 0) == (applied != 0))
        return {};
    if ((option == O::RcvBuf || option == O::SndBuf) && applied == 2 * requested)
        return tr("asked %1, the kernel applied %2: Linux doubles it").arg(requested).arg(applied);
    if (option == O::RcvBuf || option == O::SndBuf)
        return tr("asked %1, the kernel applied %2: doubled, then held within its limits "
                  "(net.core.*mem_max, a minimum)").arg(requested).arg(applied);
    return tr("asked %1, the kernel kept %2").arg(requested).arg(applied);
}

} // namespace optionhelp
