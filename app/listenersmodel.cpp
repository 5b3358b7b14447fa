#include "app/listenersmodel.h"

#include "app/socketchangefeed.h"
#include "app/socketsmodel.h"

#include <QFont>

#include <algorithm>

namespace {

QString columnToolTip(int column)
{
    switch (column) {
    case ListenersModel::Socket:
        return QObject::tr("The listening socket: its id (double-click to select it in the "
                           "Sockets tree) and its descriptor.");
    case ListenersModel::Address:
        return QObject::tr("The address it listens on. Clients connect() to exactly this "
                           "address and port.");
    case ListenersModel::Backlog:
        return QObject::tr("The backlog passed to listen(): how many finished connections "
                           "the kernel may hold for this socket before accept() takes them. "
                           "The kernel caps it at net.core.somaxconn.");
    case ListenersModel::Accepting:
        return QObject::tr("Manual: connections wait in the queue until you press accept(). "
                           "Auto: Sockscope calls accept() as each one arrives, so the queue "
                           "stays empty.");
    case ListenersModel::Accepted:
        return QObject::tr("How many connections accept() has returned so far; each became a "
                           "new socket under this listener in the Sockets tree.");
    case ListenersModel::Queue:
        return QObject::tr("The accept queue, read from the kernel ten times a second "
                           "(TCP_INFO): clients whose handshake is complete — their connect() "
                           "already returned — but that nobody has accepted yet. When it is "
                           "full the kernel drops new SYNs and clients retry, slowly.");
    default:
        return {};
    }
}

} // namespace

ListenersModel::ListenersModel(const SocketsModel& sockets, QObject* parent)
    : SortedTableModel(parent)
    , m_sockets(sockets)
{
    auto* feed = new SocketChangeFeed(sockets, this);
    connect(feed, &SocketChangeFeed::socketsAdded, this, &ListenersModel::onSocketsChanged);
    connect(feed, &SocketChangeFeed::socketsUpdated, this, &ListenersModel::onSocketsChanged);
    std::vector<Listener> initial;
    for (const sks::SocketInfo* info : sockets.allSockets())
        if (isListener(info))
            initial.push_back(fromInfo(*info));
    m_rows = std::move(initial);
}

ListenersModel::~ListenersModel() = default;

bool ListenersModel::isListener(const sks::SocketInfo* info)
{
    // A passed descriptor of a listener is the same listener: one row, the original's.
    return info && info->state == sks::SocketState::Listening && info->sameSocketAs == 0;
}

ListenersModel::Listener ListenersModel::fromInfo(const sks::SocketInfo& info)
{
    Listener l;
    l.id = info.id;
    l.fd = info.fd;
    l.kind = QString::fromStdString(info.kindText());
    l.address = QString::fromStdString(info.local.toString());
    l.backlog = info.backlog;
    l.autoAccept = info.autoAccept;
    l.waitingInAccept = info.waiting == sks::Waiting::Accept;
    l.accepted = info.acceptedCount;
    l.queue = info.acceptQueue;
    l.limit = info.acceptQueueLimit;
    l.overflowedEarlier = info.queueOverflowed;
    return l;
}

ListenersModel::Overflow ListenersModel::Listener::overflow() const
{
    // Linux lets the queue hold one more than the limit; past the limit it drops SYNs.
    if (limit > 0 && queue > limit)
        return OverflowingNow;
    return overflowedEarlier ? OverflowedEarlier : NoOverflow;
}

void ListenersModel::onSocketsChanged(const std::vector<sks::SocketId>& ids)
{
    std::vector<int> changed;
    bool membershipChanged = false;
    for (const sks::SocketId id : ids) {
        const sks::SocketInfo* info = m_sockets.info(id);
        const int row = rowOf(id);
        if (row < 0 || !isListener(info)) {
            membershipChanged = membershipChanged || (row >= 0) != isListener(info);
            continue;
        }
        Listener fresh = fromInfo(*info);
        Listener& current = m_rows[static_cast<std::size_t>(row)];
        if (!(fresh == current)) {
            current = std::move(fresh);
            changed.push_back(row);
        }
    }
    std::ranges::sort(changed);
    changed.erase(std::ranges::unique(changed).begin(), changed.end());
    emitRowsChanged(changed);
    if (!membershipChanged)
        return;
    // Listeners come and go rarely (listen(), close()): rebuild the list and let
    // replaceRows() insert or remove just those rows.
    std::vector<Listener> fresh;
    for (const Listener& l : m_rows)
        if (isListener(m_sockets.info(l.id)))
            fresh.push_back(l);
    for (const sks::SocketId id : ids)
        if (const sks::SocketInfo* info = m_sockets.info(id); isListener(info) && rowOf(id) < 0)
            fresh.push_back(fromInfo(*info));
    std::ranges::sort(fresh, {}, &Listener::id);
    fresh.erase(std::ranges::unique(fresh, {}, &Listener::id).begin(), fresh.end());
    replaceRows(m_rows, std::move(fresh), [](const Listener& l) { return l.id; });
}

sks::SocketId ListenersModel::socketAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_rows[static_cast<std::size_t>(row)].id : 0;
}

int ListenersModel::rowOf(sks::SocketId id) const
{
    const auto it = std::ranges::lower_bound(m_rows, id, {}, &Listener::id);
    return it != m_rows.end() && it->id == id ? static_cast<int>(it - m_rows.begin()) : -1;
}

int ListenersModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ListenersModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant ListenersModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Listener& l = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(l, column);
    case SortRole:
        return sortData(l, column);
    case SocketIdRole:
        return QVariant::fromValue(l.id);
    case QueueLengthRole:
        return QVariant::fromValue(l.queue);
    case QueueLimitRole:
        return QVariant::fromValue(l.limit);
    case OverflowRole:
        return static_cast<int>(l.overflow());
    case Qt::ToolTipRole:
        return toolTipData(l, column);
    case Qt::FontRole:
        if (column == Queue && l.overflow() == OverflowingNow) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (column == Backlog || column == Accepted)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant ListenersModel::displayData(const Listener& l, int column) const
{
    switch (column) {
    case Socket:
        return l.fd >= 0 ? tr("#%1 · fd %2").arg(l.id).arg(l.fd) : QStringLiteral("#%1").arg(l.id);
    case Address:
        return l.address;
    case Backlog:
        return l.backlog;
    case Accepting:
        if (l.waitingInAccept)
            return tr("waiting in accept()");
        return l.autoAccept ? tr("auto") : tr("manual");
    case Accepted:
        return QVariant::fromValue(l.accepted);
    case Queue:
        if (l.limit == 0)
            return tr("%1 · not sampled").arg(l.kind);
        switch (l.overflow()) {
        case OverflowingNow:
            return tr("⚠ %1 / %2 · full, dropping").arg(l.queue).arg(l.limit);
        case OverflowedEarlier:
            return tr("%1 / %2 · ⚠ was full").arg(l.queue).arg(l.limit);
        case NoOverflow:
            break;
        }
        return tr("%1 / %2 waiting").arg(l.queue).arg(l.limit);
    default:
        return {};
    }
}

QVariant ListenersModel::sortData(const Listener& l, int column) const
{
    switch (column) {
    case Socket:
        return QVariant::fromValue(l.id);
    case Backlog:
        return l.backlog;
    case Accepted:
        return QVariant::fromValue(l.accepted);
    case Queue:
        return QVariant::fromValue(l.queue);
    default:
        return displayData(l, column);
    }
}

QVariant ListenersModel::toolTipData(const Listener& l, int column) const
{
    QString tip = columnToolTip(column);
    if (column != Queue)
        return tip;
    if (l.limit == 0)
        return tr("The engine reads the accept queue of TCP listeners only; for a %1 "
                  "listener the kernel reports it through sock_diag (see System sockets).")
                   .arg(l.kind)
            + QStringLiteral("\n\n") + tip;
    if (l.overflow() == OverflowingNow)
        tip = tr("Full: %1 connections wait but the limit is %2. The kernel now drops "
                 "every new SYN; clients see connect() hang and retry after 1 s, 3 s, 7 s… "
                 "Accept some connections (or raise the backlog) to make room.\n\n")
                  .arg(l.queue).arg(l.limit) + tip;
    else if (l.overflow() == OverflowedEarlier)
        tip = tr("The queue was seen full earlier, so some SYNs were dropped then.\n\n") + tip;
    return tip;
}

QVariant ListenersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= Count)
        return {};
    if (role == Qt::ToolTipRole)
        return columnToolTip(section);
    if (role != Qt::DisplayRole)
        return {};
    static const char* const titles[Count] = {
        QT_TR_NOOP("Socket"), QT_TR_NOOP("Address"), QT_TR_NOOP("Accept queue"),
        QT_TR_NOOP("Accepted"), QT_TR_NOOP("Backlog"), QT_TR_NOOP("Accepting"),
    };
    return tr(titles[section]);
}

QHash<int, QByteArray> ListenersModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(SocketIdRole, "socketId");
    names.insert(QueueLengthRole, "queueLength");
    names.insert(QueueLimitRole, "queueLimit");
    names.insert(OverflowRole, "overflow");
    return names;
}
