#include "app/systemsocketsmodel.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QPalette>

#include <sys/socket.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace inspect = sks::inspect;

namespace {

using Clock = SystemSocketsModel::Clock;

// Past this many separate runs of removed rows, one model reset is cheaper for the views
// than that many beginRemoveRows (each costs a proxy model a pass over its rows).
constexpr std::size_t kMaxRemovalRuns = 64;

QString fromView(std::string_view text) { return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())); }

QString ipText(const sks::Endpoint& endpoint)
{
    QString text = QString::fromStdString(endpoint.toString());
    if (endpoint.port() == 0 && text.endsWith(QLatin1String(":0")))
        text.back() = QLatin1Char('*');
    return text;
}

QString localText(const inspect::SystemSocket& s)
{
    if (s.family != sks::Family::Unix)
        return ipText(s.local);
    return QString::fromStdString(s.local.toString());
}

QString peerText(const inspect::SystemSocket& s)
{
    if (s.family != sks::Family::Unix)
        return ipText(s.peer);
    if (s.peerInode == 0)
        return {};
    if (s.peer.isUnix() && !s.peer.isUnnamedUnix())
        return QString::fromStdString(s.peer.toString());
    return SystemSocketsModel::tr("unnamed, inode %1").arg(s.peerInode);
}

QString processText(const inspect::SystemSocket& s)
{
    if (!s.owner)
        return {};
    return QStringLiteral("%1/%2 fd %3").arg(s.owner->pid).arg(QString::fromStdString(s.owner->process)).arg(s.owner->fd);
}

// Text that sorts addresses by family, then address bytes, then port.
QString addressSortKey(const sks::Endpoint& endpoint)
{
    if (endpoint.isUnix() || endpoint.isEmpty())
        return QStringLiteral("u:") + QString::fromStdString(endpoint.unixName());
    const sockaddr* address = endpoint.sockaddrPtr();
    QByteArray bytes;
    if (endpoint.family() == sks::Family::IPv4)
        bytes = QByteArray(reinterpret_cast<const char*>(&reinterpret_cast<const sockaddr_in*>(address)->sin_addr), 4);
    else
        bytes = QByteArray(reinterpret_cast<const char*>(&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr), 16);
    const QString family = endpoint.family() == sks::Family::IPv4 ? QStringLiteral("4:") : QStringLiteral("6:");
    return family + QString::fromLatin1(bytes.toHex()) + QStringLiteral(":%1").arg(endpoint.port(), 5, 10, QLatin1Char('0'));
}

bool waitsForPeers(const inspect::SystemSocket& s)
{
    if (s.stateCode == inspect::kStateListen)
        return true;
    if (s.stateCode != inspect::kStateClose)
        return false;
    if (s.family == sks::Family::Unix)
        return s.type == SOCK_DGRAM && !s.local.isUnnamedUnix();
    return s.local.port() != 0;
}

QString tcpToolTip(const inspect::SystemSocket& s)
{
    if (!s.tcp)
        return {};
    return SystemSocketsModel::tr("round trip %1 ms (± %2 ms), %3 retransmitted segments, %4 bytes acknowledged, %5 bytes received")
        .arg(s.tcp->rttUs / 1000.0, 0, 'f', 2)
        .arg(s.tcp->rttVarUs / 1000.0, 0, 'f', 2)
        .arg(s.tcp->retransmits)
        .arg(s.tcp->bytesAcked)
        .arg(s.tcp->bytesReceived);
}

// The order states are counted in: the ones people look for first.
constexpr std::array<std::uint8_t, 13> kCountOrder = {10, 1, 7, 6, 2, 3, 12, 4, 5, 8, 9, 11, 13};

} // namespace

SystemSocketsModel::SystemSocketsModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_ownPid(QCoreApplication::applicationPid())
{
    m_expiryTimer.setSingleShot(true);
    connect(&m_expiryTimer, &QTimer::timeout, this, [this] { expireHighlights(Clock::now()); });
}

SystemSocketsModel::~SystemSocketsModel() = default;

std::string SystemSocketsModel::keyOf(const inspect::SystemSocket& socket)
{
    // Live sockets have an inode unique on the machine; fits the short-string buffer.
    std::string key(1, static_cast<char>(socket.family));
    if (socket.inode != 0) {
        key.push_back('i');
        key.append(reinterpret_cast<const char*>(&socket.inode), sizeof socket.inode);
        return key;
    }
    // TIME-WAIT and SYN-RECV have none: the connection's addresses name it.
    key.push_back(static_cast<char>(socket.protocol));
    key.append(reinterpret_cast<const char*>(socket.local.sockaddrPtr()), socket.local.length());
    key.push_back('|');
    key.append(reinterpret_cast<const char*>(socket.peer.sockaddrPtr()), socket.peer.length());
    return key;
}

bool SystemSocketsModel::sameDisplay(const inspect::SystemSocket& a, const inspect::SystemSocket& b)
{
    const auto ownerTuple = [](const inspect::SystemSocket& s) {
        return s.owner ? std::tuple(s.owner->pid, s.owner->fd, s.owner->process) : std::tuple(0, -1, std::string());
    };
    return a.stateCode == b.stateCode && a.rxQueue == b.rxQueue && a.txQueue == b.txQueue && a.local == b.local
        && a.peer == b.peer && a.peerInode == b.peerInode && a.uid == b.uid && ownerTuple(a) == ownerTuple(b);
}

void SystemSocketsModel::setSnapshot(inspect::SocketSnapshot snapshot, Clock::time_point now)
{
    m_sourceMessage = QString::fromStdString(snapshot.sourceMessage);
    setSnapshot(std::move(snapshot.sockets), now);
}

void SystemSocketsModel::setSnapshot(std::vector<inspect::SystemSocket> sockets, Clock::time_point now)
{
    std::vector<std::string> keys;
    keys.reserve(sockets.size());
    for (const inspect::SystemSocket& socket : sockets)
        keys.push_back(keyOf(socket));
    std::vector<bool> matched(sockets.size(), false);
    emitChangedRuns(matchRows(sockets, keys, matched, now));
    appendRows(sockets, keys, matched, now);
    expireHighlights(now);
    recount();
}

std::vector<int> SystemSocketsModel::matchRows(std::vector<inspect::SystemSocket>& sockets,
                                               const std::vector<std::string>& keys, std::vector<bool>& matched,
                                               Clock::time_point now)
{
    std::unordered_map<std::string_view, std::size_t> incoming;
    incoming.reserve(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i)
        incoming.emplace(keys[i], i); // a duplicate (never seen in practice) keeps the first
    std::vector<int> changedRows;
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        Entry& entry = m_rows[row];
        const auto it = incoming.find(entry.key);
        if (it == incoming.end()) {
            if (entry.change != Change::Vanished) {
                entry.change = Change::Vanished;
                entry.changedAt = now;
                changedRows.push_back(static_cast<int>(row));
            }
            continue;
        }
        matched[it->second] = true;
        inspect::SystemSocket& fresh = sockets[it->second];
        const bool returned = entry.change == Change::Vanished;
        if (returned || entry.socket.stateCode != fresh.stateCode) {
            entry.change = returned ? Change::Appeared : Change::Changed;
            entry.changedAt = now;
            changedRows.push_back(static_cast<int>(row));
        } else if (!sameDisplay(entry.socket, fresh)) {
            changedRows.push_back(static_cast<int>(row));
        }
        entry.socket = std::move(fresh); // tcp_info moves on even when nothing shown changed
    }
    return changedRows;
}

void SystemSocketsModel::appendRows(std::vector<inspect::SystemSocket>& sockets, std::vector<std::string>& keys,
                                    const std::vector<bool>& matched, Clock::time_point now)
{
    const auto count = static_cast<int>(std::count(matched.begin(), matched.end(), false));
    if (count == 0)
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + count - 1);
    m_rows.reserve(m_rows.size() + static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < sockets.size(); ++i)
        if (!matched[i])
            m_rows.push_back(Entry{std::move(sockets[i]), std::move(keys[i]), Change::Appeared, now});
    endInsertRows();
}

void SystemSocketsModel::expireHighlights(Clock::time_point now)
{
    const Clock::time_point cutoff = now - kHighlightDuration;
    std::vector<int> cleared;
    std::vector<int> removed;
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        Entry& entry = m_rows[row];
        if (entry.change == Change::None || entry.changedAt > cutoff)
            continue;
        if (entry.change == Change::Vanished) {
            removed.push_back(static_cast<int>(row));
        } else {
            entry.change = Change::None;
            cleared.push_back(static_cast<int>(row));
        }
    }
    emitChangedRuns(std::move(cleared));
    removeRows(std::move(removed));
    scheduleExpiry(now);
}

void SystemSocketsModel::removeRows(std::vector<int> rows)
{
    if (rows.empty())
        return;
    std::size_t runs = 1;
    for (std::size_t i = 1; i < rows.size(); ++i)
        runs += rows[i] != rows[i - 1] + 1 ? 1 : 0;
    const auto erase = [this](const std::vector<int>& gone) {
        std::size_t kept = 0;
        std::size_t next = 0; // into `gone`, ascending
        for (std::size_t row = 0; row < m_rows.size(); ++row) {
            if (next < gone.size() && static_cast<std::size_t>(gone[next]) == row) {
                ++next;
                continue;
            }
            if (kept != row)
                m_rows[kept] = std::move(m_rows[row]);
            ++kept;
        }
        m_rows.erase(m_rows.begin() + static_cast<std::ptrdiff_t>(kept), m_rows.end());
    };
    if (runs > kMaxRemovalRuns) {
        beginResetModel();
        erase(rows);
        endResetModel();
    } else {
        // Last run first, so the rows of the runs still to go keep their numbers.
        for (std::size_t end = rows.size(); end > 0;) {
            std::size_t begin = end - 1;
            while (begin > 0 && rows[begin - 1] == rows[begin] - 1)
                --begin;
            beginRemoveRows({}, rows[begin], rows[end - 1]);
            m_rows.erase(m_rows.begin() + rows[begin], m_rows.begin() + rows[end - 1] + 1);
            endRemoveRows();
            end = begin;
        }
    }
}

void SystemSocketsModel::emitChangedRuns(std::vector<int> rows)
{
    std::sort(rows.begin(), rows.end());
    for (std::size_t begin = 0; begin < rows.size();) {
        std::size_t end = begin + 1;
        while (end < rows.size() && rows[end] == rows[end - 1] + 1)
            ++end;
        Q_EMIT dataChanged(index(rows[begin], 0), index(rows[end - 1], Count - 1));
        begin = end;
    }
}

void SystemSocketsModel::recount()
{
    std::array<int, 256> perState{};
    for (const Entry& entry : m_rows)
        if (entry.change != Change::Vanished)
            ++perState[entry.socket.stateCode];
    QList<QPair<QString, int>> counts;
    for (const std::uint8_t state : kCountOrder)
        if (perState[state] > 0)
            counts.append({fromView(inspect::stateName(state)), perState[state]});
    if (counts != m_counts) {
        m_counts = std::move(counts);
        Q_EMIT countsChanged();
    }
}

void SystemSocketsModel::scheduleExpiry(Clock::time_point now)
{
    std::optional<Clock::time_point> earliest;
    for (const Entry& entry : m_rows)
        if (entry.change != Change::None && (!earliest || entry.changedAt < *earliest))
            earliest = entry.changedAt;
    if (!earliest) {
        m_expiryTimer.stop();
        return;
    }
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(*earliest + kHighlightDuration - now);
    m_expiryTimer.start(std::max<std::chrono::milliseconds>(wait, std::chrono::milliseconds(0)));
}

const inspect::SystemSocket* SystemSocketsModel::socketAt(int row) const
{
    return row >= 0 && row < rowCount() ? &m_rows[static_cast<std::size_t>(row)].socket : nullptr;
}

SystemSocketsModel::Change SystemSocketsModel::changeAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[static_cast<std::size_t>(row)].change : Change::None;
}

QList<QPair<QString, int>> SystemSocketsModel::stateCounts() const { return m_counts; }

int SystemSocketsModel::countInState(const QString& state) const
{
    for (const auto& [name, count] : m_counts)
        if (name == state)
            return count;
    return 0;
}

int SystemSocketsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SystemSocketsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : Count; }

QVariant SystemSocketsModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Entry& entry = m_rows[static_cast<std::size_t>(index.row())];
    const inspect::SystemSocket& s = entry.socket;
    switch (role) {
    case Qt::DisplayRole: return displayData(s, index.column());
    case SortRole: return sortData(s, index.column());
    case ChangeRole: return static_cast<int>(entry.change);
    case InodeRole: return QVariant::fromValue<qulonglong>(s.inode);
    case OwnSocketRole: return s.owner && s.owner->pid == m_ownPid;
    case ListeningRole: return waitsForPeers(s);
    case Qt::BackgroundRole: return backgroundData(entry.change);
    case Qt::ToolTipRole: return tcpToolTip(s);
    case Qt::ForegroundRole:
        if (entry.change == Change::Vanished)
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::TextAlignmentRole: {
        const int c = index.column();
        const bool numeric = c == RecvQ || c == SendQ || c == Inode || c == Uid;
        return QVariant::fromValue(Qt::Alignment(numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter));
    }
    case FilterRole:
        return QStringList{fromView(inspect::netidName(s)), fromView(sks::familyName(s.family)), fromView(s.state),
                           localText(s), peerText(s), processText(s)}
            .join(QLatin1Char(' '));
    default: return {};
    }
}

QVariant SystemSocketsModel::displayData(const inspect::SystemSocket& s, int column) const
{
    switch (column) {
    case Netid: return fromView(inspect::netidName(s));
    case State: return fromView(s.state);
    case RecvQ: return QString::number(s.rxQueue);
    case SendQ: return QString::number(s.txQueue);
    case Local: return localText(s);
    case Peer: return peerText(s);
    case Process: return processText(s);
    case Inode: return s.inode == 0 ? QString() : QString::number(s.inode);
    case Uid: return s.uid ? QString::number(*s.uid) : QString();
    default: return {};
    }
}

QVariant SystemSocketsModel::sortData(const inspect::SystemSocket& s, int column) const
{
    switch (column) {
    case Netid: return fromView(inspect::netidName(s));
    case State: return static_cast<int>(s.stateCode);
    case RecvQ: return static_cast<qulonglong>(s.rxQueue);
    case SendQ: return static_cast<qulonglong>(s.txQueue);
    case Local: return addressSortKey(s.local);
    case Peer: return addressSortKey(s.peer);
    case Process: return s.owner ? static_cast<qlonglong>(s.owner->pid) : qlonglong(-1);
    case Inode: return static_cast<qulonglong>(s.inode);
    case Uid: return s.uid ? static_cast<qlonglong>(*s.uid) : qlonglong(-1);
    default: return {};
    }
}

QVariant SystemSocketsModel::backgroundData(Change change) const
{
    // Translucent, so they read on light and dark palettes alike.
    switch (change) {
    case Change::Appeared: return QBrush(QColor(76, 175, 80, 80));
    case Change::Changed: return QBrush(QColor(255, 193, 7, 90));
    case Change::Vanished: return QBrush(QColor(244, 67, 54, 70));
    case Change::None: break;
    }
    return {};
}

QVariant SystemSocketsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Netid: return tr("Netid");
    case State: return tr("State");
    case RecvQ: return tr("Recv-Q");
    case SendQ: return tr("Send-Q");
    case Local: return tr("Local");
    case Peer: return tr("Peer");
    case Process: return tr("Process");
    case Inode: return tr("Inode");
    case Uid: return tr("UID");
    default: return {};
    }
}

QHash<int, QByteArray> SystemSocketsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(ChangeRole, "change");
    names.insert(FilterRole, "filterText");
    names.insert(InodeRole, "inode");
    names.insert(OwnSocketRole, "ownSocket");
    names.insert(ListeningRole, "listening");
    return names;
}
