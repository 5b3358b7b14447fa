#include "app/portsmodel.h"

#include "app/socketchangefeed.h"
#include "app/socketsmodel.h"

#include <QColor>
#include <QFile>
#include <QFont>
#include <QLocale>
#include <QTimer>

#include <algorithm>
#include <tuple>

namespace {

constexpr int minRefreshMs = 250;
constexpr int costFactor = 10; // never spend more than a tenth of the time refreshing
constexpr int maxUsesShown = 6;

QString columnToolTip(int column)
{
    switch (column) {
    case PortsModel::Port:
        return QObject::tr("A port number one of the app's open sockets uses, as its own "
                           "(local) port or as the port of the other end (peer).");
    case PortsModel::Protocol:
        return QObject::tr("TCP and UDP have separate port spaces: TCP port 5000 and UDP port "
                           "5000 are different ports.");
    case PortsModel::Kind:
        return QObject::tr("★ listening: a server accepts connections on it.\nephemeral: inside "
                           "the kernel's ephemeral range — the kernel picked it for a connect() "
                           "or a bind() to port 0.\nfixed: chosen explicitly, outside the range."
                           "\npeer only: none of the app's sockets owns it; it is the other "
                           "end's port.");
    case PortsModel::Range:
        return QObject::tr("Where the port lies in 0–65535. The hatched band is the ephemeral "
                           "range the kernel hands out automatically "
                           "(/proc/sys/net/ipv4/ip_local_port_range).");
    case PortsModel::UsedBy:
        return QObject::tr("The sockets using the port, and whether it is their local port or "
                           "their peer's. A connection shows up twice: once on each side's "
                           "local port.");
    default:
        return {};
    }
}

QString roleName(sks::Role role, bool listening)
{
    if (listening)
        return QObject::tr("listening");
    switch (role) {
    case sks::Role::Client: return QObject::tr("client");
    case sks::Role::Server: return QObject::tr("server");
    case sks::Role::Accepted: return QObject::tr("accepted");
    }
    return {};
}

} // namespace

PortsModel::PortsModel(const SocketsModel& sockets, std::pair<int, int> range, QObject* parent)
    : SortedTableModel(parent)
    , m_sockets(sockets)
    , m_range(range)
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &PortsModel::refresh);
    auto* feed = new SocketChangeFeed(sockets, this);
    connect(feed, &SocketChangeFeed::socketsAdded, this, &PortsModel::scheduleRefresh);
    connect(feed, &SocketChangeFeed::socketsUpdated, this, &PortsModel::onSocketsUpdated);
}

PortsModel::~PortsModel() = default;

std::pair<int, int> PortsModel::readEphemeralRange()
{
    QFile file(QStringLiteral("/proc/sys/net/ipv4/ip_local_port_range"));
    if (file.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> parts = file.readAll().simplified().split(' ');
        bool lowOk = false;
        bool highOk = false;
        const int low = parts.value(0).toInt(&lowOk);
        const int high = parts.value(1).toInt(&highOk);
        if (lowOk && highOk && low > 0 && low <= high && high <= 65535)
            return {low, high};
    }
    return {32768, 60999};
}

void PortsModel::setActive(bool active)
{
    m_active = active;
    if (active && m_dirty)
        refresh();
}

void PortsModel::onSocketsUpdated(const std::vector<sks::SocketId>& ids)
{
    bool changed = false;
    for (const sks::SocketId id : ids) {
        const sks::SocketInfo* s = m_sockets.info(id);
        if (!s)
            continue;
        const std::uint64_t signature = (std::uint64_t(s->local.port()) << 32) | (std::uint64_t(s->peer.port()) << 16)
            | (s->state == sks::SocketState::Closed ? 2u : 0u) | (s->state == sks::SocketState::Listening ? 1u : 0u);
        if (id >= m_signatures.size())
            m_signatures.resize(std::size_t(id) + 1, 0);
        changed = changed || m_signatures[id] != signature;
        m_signatures[id] = signature;
    }
    if (changed)
        scheduleRefresh();
}

void PortsModel::scheduleRefresh()
{
    m_dirty = true;
    if (!m_active || m_timer->isActive())
        return;
    const qint64 interval = std::max<qint64>(minRefreshMs, m_lastCostMs * costFactor);
    const qint64 since = m_sinceRefresh.isValid() ? m_sinceRefresh.elapsed() : interval;
    m_timer->start(static_cast<int>(std::max<qint64>(0, interval - since)));
}

void PortsModel::refresh()
{
    QElapsedTimer cost;
    cost.start();
    std::vector<std::pair<std::uint32_t, Use>> uses;
    for (const sks::SocketInfo* s : m_sockets.allSockets()) {
        if (s->state == sks::SocketState::Closed || s->family == sks::Family::Unix
            || s->family == sks::Family::Unspecified)
            continue;
        const bool udp = s->type == sks::SockType::Datagram;
        const bool listening = s->state == sks::SocketState::Listening;
        const auto add = [&](int port, bool local) {
            if (port != 0)
                uses.emplace_back((std::uint32_t(port) << 1) | (udp ? 1u : 0u),
                                  Use{s->id, local, listening && local, s->role});
        };
        add(s->local.port(), true);
        add(s->peer.port(), false);
    }
    std::ranges::sort(uses, [](const auto& a, const auto& b) {
        return std::tuple(a.first, !a.second.local, a.second.id)
            < std::tuple(b.first, !b.second.local, b.second.id);
    });
    std::vector<Row> fresh;
    for (const auto& [key, use] : uses) {
        if (fresh.empty() || fresh.back().key() != key)
            fresh.push_back(Row{static_cast<int>(key >> 1), (key & 1u) != 0, {}});
        fresh.back().uses.push_back(use);
    }
    replaceRows(m_rows, std::move(fresh), [](const Row& r) { return r.key(); });
    m_dirty = false;
    m_lastCostMs = cost.elapsed();
    m_sinceRefresh.start();
}

bool PortsModel::Row::listening() const
{
    return std::ranges::any_of(uses, &Use::listening);
}

bool PortsModel::Row::anyLocal() const
{
    return std::ranges::any_of(uses, &Use::local);
}

int PortsModel::rowOf(int port, bool udp) const
{
    const std::uint32_t key = (std::uint32_t(port) << 1) | (udp ? 1u : 0u);
    const auto it = std::ranges::lower_bound(m_rows, key, {}, &Row::key);
    return it != m_rows.end() && it->key() == key ? static_cast<int>(it - m_rows.begin()) : -1;
}

int PortsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int PortsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant PortsModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, column);
    case SortRole:
        if (column == Port || column == Range)
            return row.port;
        return displayData(row, column);
    case PortRole:
        return row.port;
    case ListeningRole:
        return row.listening();
    case EphemeralRole:
        return inRange(row.port);
    case SocketIdRole:
        return QVariant::fromValue(row.uses.empty() ? sks::SocketId(0) : row.uses.front().id);
    case Qt::ToolTipRole:
        return toolTipData(row, column);
    case Qt::FontRole:
        if (row.listening() && (column == Port || column == Kind)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::BackgroundRole:
        // A calm tint for listening ports; the bold "★ listening" says the same in text.
        return row.listening() ? QVariant(QColor(46, 139, 87, 45)) : QVariant();
    case Qt::TextAlignmentRole:
        if (column == Port)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QString PortsModel::kindText(const Row& row) const
{
    QStringList parts;
    if (row.listening())
        parts << tr("★ listening");
    if (!row.anyLocal())
        parts << tr("peer only");
    else if (inRange(row.port))
        parts << tr("ephemeral");
    else if (!row.listening())
        parts << tr("fixed");
    return parts.join(QStringLiteral(" · "));
}

QString PortsModel::usedByText(const Row& row) const
{
    QStringList parts;
    for (const Use& use : row.uses) {
        if (parts.size() == maxUsesShown)
            break;
        parts << tr("#%1 %2 (%3)")
                     .arg(use.id)
                     .arg(roleName(use.role, use.listening), use.local ? tr("local") : tr("peer"));
    }
    QString text = parts.join(QStringLiteral(" · "));
    if (row.uses.size() > maxUsesShown)
        text += tr(" … and %1 more").arg(QLocale().toString(qulonglong(row.uses.size() - maxUsesShown)));
    return text;
}

QVariant PortsModel::displayData(const Row& row, int column) const
{
    switch (column) {
    case Port:
        return row.port;
    case Protocol:
        return row.udp ? tr("UDP") : tr("TCP");
    case Kind:
        return kindText(row);
    case Range:
        if (row.port < m_range.first)
            return tr("below the range");
        if (row.port > m_range.second)
            return tr("above the range");
        return tr("in range, %1 %")
            .arg(qRound(100.0 * (row.port - m_range.first) / std::max(1, m_range.second - m_range.first)));
    case UsedBy:
        return usedByText(row);
    default:
        return {};
    }
}

QVariant PortsModel::toolTipData(const Row& row, int column) const
{
    QString tip = columnToolTip(column);
    if (column == Kind && inRange(row.port) && row.anyLocal())
        tip = tr("Port %1 lies in the ephemeral range %2–%3: the kernel chose it (connect() "
                 "without bind(), or bind() to port 0).\n\n")
                  .arg(row.port).arg(m_range.first).arg(m_range.second) + tip;
    if (column == UsedBy && row.uses.size() > maxUsesShown)
        tip = tr("%1 sockets use this port.\n\n").arg(row.uses.size()) + tip;
    return tip;
}

QVariant PortsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= Count)
        return {};
    if (role == Qt::ToolTipRole)
        return columnToolTip(section);
    if (role != Qt::DisplayRole)
        return {};
    static const char* const titles[Count] = {
        QT_TR_NOOP("Port"), QT_TR_NOOP("Protocol"), QT_TR_NOOP("Kind"),
        QT_TR_NOOP("Position in 0–65535"), QT_TR_NOOP("Used by"),
    };
    return tr(titles[section]);
}

QHash<int, QByteArray> PortsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(PortRole, "port");
    names.insert(ListeningRole, "listening");
    names.insert(EphemeralRole, "ephemeral");
    names.insert(SocketIdRole, "socketId");
    return names;
}
