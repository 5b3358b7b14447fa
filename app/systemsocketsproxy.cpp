#include "app/systemsocketsproxy.h"

#include "app/systemsocketsmodel.h"

#include <QCoreApplication>
#include <QFont>

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>
#include <utility>

namespace inspect = sks::inspect;
using Change = SystemSocketsModel::Change;

namespace {

QString tr(const char* text) { return QCoreApplication::translate("SystemSocketsProxy", text); }

unsigned kindOf(const inspect::SystemSocket& s)
{
    if (s.family == sks::Family::Unix)
        return SystemSocketsProxy::Unix;
    return s.protocol == IPPROTO_UDP ? SystemSocketsProxy::Udp : SystemSocketsProxy::Tcp;
}

QString changeMarker(Change change)
{
    switch (change) {
    case Change::Appeared: return QStringLiteral("+ ");
    case Change::Changed: return QStringLiteral("~ ");
    case Change::Vanished: return QStringLiteral("× ");
    case Change::None: break;
    }
    return {};
}

QString changeText(Change change)
{
    switch (change) {
    case Change::Appeared: return tr("+ Appeared since the previous refresh.");
    case Change::Changed: return tr("~ Changed state since the previous refresh.");
    case Change::Vanished: return tr("× Gone: the socket was closed. The row leaves in a moment.");
    case Change::None: break;
    }
    return {};
}

// The model's address sort order (addressSortKey): IPv4, then IPv6, each by address
// bytes then port; then Unix names and empty addresses.
int compareEndpoints(const sks::Endpoint& a, const sks::Endpoint& b)
{
    const auto rank = [](const sks::Endpoint& e) {
        return e.family() == sks::Family::IPv4 ? 0 : e.family() == sks::Family::IPv6 ? 1 : 2;
    };
    if (const int r = rank(a) - rank(b); r != 0)
        return r;
    if (rank(a) == 2)
        return a.unixName().compare(b.unixName());
    const auto bytes = [](const sks::Endpoint& e) -> std::pair<const void*, std::size_t> {
        const sockaddr* address = e.sockaddrPtr();
        if (e.family() == sks::Family::IPv4)
            return {&reinterpret_cast<const sockaddr_in*>(address)->sin_addr, 4};
        return {&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, 16};
    };
    if (const int c = std::memcmp(bytes(a).first, bytes(b).first, bytes(a).second); c != 0)
        return c;
    return int(a.port()) - int(b.port());
}

} // namespace

SystemSocketsProxy::SystemSocketsProxy(SystemSocketsModel& model, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_model(model)
{
    setSourceModel(&m_model);
    setSortRole(SystemSocketsModel::SortRole);
    setFilterRole(SystemSocketsModel::FilterRole);
    setDynamicSortFilter(true);
}

SystemSocketsProxy::~SystemSocketsProxy() = default;

void SystemSocketsProxy::setFilterWords(const QString& text)
{
    QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = std::move(words);
    invalidateRowsFilter();
}

void SystemSocketsProxy::setKinds(unsigned kinds)
{
    if (kinds == m_kinds)
        return;
    m_kinds = kinds;
    invalidateRowsFilter();
}

void SystemSocketsProxy::setListeningOnly(bool on)
{
    if (on == m_listeningOnly)
        return;
    m_listeningOnly = on;
    invalidateRowsFilter();
}

void SystemSocketsProxy::setOwnOnly(bool on)
{
    if (on == m_ownOnly)
        return;
    m_ownOnly = on;
    invalidateRowsFilter();
}

void SystemSocketsProxy::setAppSockets(QHash<quint64, sks::SocketId> byInode)
{
    if (byInode == m_appSockets)
        return;
    m_appSockets = std::move(byInode);
    if (const int rows = rowCount(); rows > 0)
        Q_EMIT dataChanged(index(0, SystemSocketsModel::Process), index(rows - 1, SystemSocketsModel::Process));
}

sks::SocketId SystemSocketsProxy::appSocketOfSourceRow(int sourceRow) const
{
    const inspect::SystemSocket* s = m_model.socketAt(sourceRow);
    if (s == nullptr || s->inode == 0)
        return 0;
    return m_appSockets.value(s->inode, 0);
}

sks::SocketId SystemSocketsProxy::appSocketAt(const QModelIndex& proxyIndex) const
{
    return proxyIndex.isValid() ? appSocketOfSourceRow(mapToSource(proxyIndex).row()) : 0;
}

bool SystemSocketsProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const inspect::SystemSocket* s = m_model.socketAt(sourceRow);
    if (s == nullptr)
        return false;
    if (m_kinds != 0 && (kindOf(*s) & m_kinds) == 0)
        return false;
    const QModelIndex index = m_model.index(sourceRow, 0, sourceParent);
    if (m_listeningOnly && !index.data(SystemSocketsModel::ListeningRole).toBool())
        return false;
    if (m_ownOnly && !index.data(SystemSocketsModel::OwnSocketRole).toBool())
        return false;
    if (m_words.isEmpty())
        return true;
    const QString text = index.data(SystemSocketsModel::FilterRole).toString();
    for (const QString& word : m_words)
        if (!text.contains(word, Qt::CaseInsensitive))
            return false;
    return true;
}

bool SystemSocketsProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const inspect::SystemSocket* a = m_model.socketAt(left.row());
    const inspect::SystemSocket* b = m_model.socketAt(right.row());
    if (a != nullptr && b != nullptr && left.column() == SystemSocketsModel::Local)
        return compareEndpoints(a->local, b->local) < 0;
    if (a != nullptr && b != nullptr && left.column() == SystemSocketsModel::Peer)
        return compareEndpoints(a->peer, b->peer) < 0;
    return QSortFilterProxyModel::lessThan(left, right);
}

QVariant SystemSocketsProxy::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid));
    switch (role) {
    case Qt::DisplayRole: return displayData(index);
    case Qt::FontRole: return fontData(index);
    case Qt::ToolTipRole: return toolTipData(index);
    case SocketIdRole: return QVariant::fromValue(appSocketAt(index));
    default: return QSortFilterProxyModel::data(index, role);
    }
}

QVariant SystemSocketsProxy::displayData(const QModelIndex& index) const
{
    const QVariant text = QSortFilterProxyModel::data(index, Qt::DisplayRole);
    const auto change = static_cast<Change>(index.data(SystemSocketsModel::ChangeRole).toInt());
    if (index.column() == SystemSocketsModel::Netid)
        return changeMarker(change) + text.toString();
    if (index.column() != SystemSocketsModel::Process || !index.data(SystemSocketsModel::OwnSocketRole).toBool())
        return text;
    const sks::SocketId id = appSocketAt(index);
    if (id == 0)
        return QStringLiteral("★ ") + text.toString();
    return QStringLiteral("★ #%1 · %2").arg(id).arg(text.toString());
}

QVariant SystemSocketsProxy::fontData(const QModelIndex& index) const
{
    const auto change = static_cast<Change>(index.data(SystemSocketsModel::ChangeRole).toInt());
    if (change == Change::None)
        return {};
    QFont font;
    font.setBold(change == Change::Appeared);
    font.setItalic(change == Change::Changed || change == Change::Vanished);
    font.setStrikeOut(change == Change::Vanished);
    return font;
}

QString SystemSocketsProxy::toolTipData(const QModelIndex& index) const
{
    const inspect::SystemSocket* s = m_model.socketAt(mapToSource(index).row());
    if (s == nullptr)
        return {};
    QStringList lines;
    const auto change = static_cast<Change>(index.data(SystemSocketsModel::ChangeRole).toInt());
    if (change != Change::None)
        lines << changeText(change);
    const int column = index.column();
    if (column == SystemSocketsModel::Local || column == SystemSocketsModel::Peer) {
        const QString address = QSortFilterProxyModel::data(index, Qt::DisplayRole).toString();
        if (!address.isEmpty())
            lines << address;
    }
    if (column == SystemSocketsModel::State)
        lines << stateExplanation(QString::fromUtf8(s->state.data(), static_cast<qsizetype>(s->state.size())));
    if ((column == SystemSocketsModel::RecvQ || column == SystemSocketsModel::SendQ) && s->isListening())
        lines << tr("%1 connection(s) wait in the accept queue; the backlog allows %2.").arg(s->rxQueue).arg(s->txQueue);
    if (const sks::SocketId id = appSocketAt(index); id != 0)
        lines << tr("★ Sockscope's socket #%1: double-click to select it in the Sockets panel.").arg(id);
    else if (index.data(SystemSocketsModel::OwnSocketRole).toBool())
        lines << tr("★ A socket of this process, not one made in the Sockets panel.");
    if (index.data(SystemSocketsModel::ListeningRole).toBool())
        lines << tr("Waits for peers: right-click → “Connect a client here” to talk to it.");
    const QString tcp = QSortFilterProxyModel::data(index, Qt::ToolTipRole).toString();
    if (!tcp.isEmpty())
        lines << tr("TCP: %1").arg(tcp);
    return lines.join(QLatin1Char('\n'));
}

QString SystemSocketsProxy::stateExplanation(const QString& state)
{
    static const QHash<QString, const char*> explanations = {
        {QStringLiteral("LISTEN"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "LISTEN: a server socket waiting for connections (listen() was called).")},
        {QStringLiteral("ESTAB"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "ESTAB: a connection both sides can send on.")},
        {QStringLiteral("UNCONN"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "UNCONN: not connected: a bound datagram socket, or a Unix socket without a peer.")},
        {QStringLiteral("TIME-WAIT"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "TIME-WAIT: closed by this side first; the kernel keeps the address a minute so late packets die out.")},
        {QStringLiteral("SYN-SENT"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "SYN-SENT: connect() sent its SYN and waits for the answer.")},
        {QStringLiteral("SYN-RECV"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "SYN-RECV: a connection half-way through the handshake on a listener.")},
        {QStringLiteral("FIN-WAIT-1"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "FIN-WAIT-1: this side closed (sent FIN) and waits for the peer to acknowledge.")},
        {QStringLiteral("FIN-WAIT-2"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "FIN-WAIT-2: this side closed; waiting for the peer to close too.")},
        {QStringLiteral("CLOSE-WAIT"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "CLOSE-WAIT: the peer closed; this program has not closed its side yet.")},
        {QStringLiteral("LAST-ACK"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "LAST-ACK: both sides closed; waiting for the final acknowledgement.")},
        {QStringLiteral("CLOSING"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "CLOSING: both sides closed at the same moment.")},
        {QStringLiteral("BOUND-INACTIVE"), QT_TRANSLATE_NOOP("SystemSocketsProxy", "BOUND-INACTIVE: a TCP socket bound to a port but neither listening nor connected; it holds the port all the same.")},
    };
    const char* text = explanations.value(state, nullptr);
    return text ? tr(text) : state;
}

QVariant SystemSocketsProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::ToolTipRole)
        return QSortFilterProxyModel::headerData(section, orientation, role);
    switch (section) {
    case SystemSocketsModel::Netid: return tr("The kind of socket, as ss names it: tcp, udp, u_str (Unix stream), u_dgr (Unix datagram), u_seq (Unix seqpacket).\nA marker shows what happened lately: + appeared, ~ changed state, × gone.");
    case SystemSocketsModel::State: return tr("The kernel's state for the socket: LISTEN waits for connections, ESTAB is connected, UNCONN is a datagram or unconnected socket, TIME-WAIT is a closed connection the kernel still remembers.");
    case SystemSocketsModel::RecvQ: return tr("Bytes received and waiting for the program to read them.\nFor a listener: connections waiting in the accept queue for accept().");
    case SystemSocketsModel::SendQ: return tr("Bytes sent but not yet acknowledged by the peer.\nFor a listener: the backlog, the most connections the accept queue holds.");
    case SystemSocketsModel::Local: return tr("The address the socket is bound to (bind() or chosen by the kernel); * is any port, 0.0.0.0 and [::] are every interface. Unix sockets: the path, or @name for an abstract name.");
    case SystemSocketsModel::Peer: return tr("The other end of a connection; empty or * while not connected. Unix sockets: the peer's name or inode.");
    case SystemSocketsModel::Process: return tr("pid/command fd: the process holding the socket and the descriptor number it has there, from /proc/<pid>/fd (another user's processes only as root).\n★ marks this app's own sockets, with their id in the Sockets panel.");
    case SystemSocketsModel::Inode: return tr("The socket's inode: the number in the socket:[inode] links of /proc/<pid>/fd, which is how its process is found.");
    case SystemSocketsModel::Uid: return tr("The user id that created the socket.");
    default: return {};
    }
}
