#include "app/descriptorsmodel.h"

#include "app/socketchangefeed.h"
#include "app/socketsmodel.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>
#include <QTimer>

#include <algorithm>

namespace {

constexpr qint64 minScanGapMs = 250;    // after a socket opened or closed
constexpr qint64 idleScanGapMs = 2000;  // for descriptors nobody told us about
constexpr qint64 busyFactor = 4;        // scan at most a quarter of the time
constexpr qint64 idleFactor = 20;

QString columnToolTip(int column)
{
    switch (column) {
    case DescriptorsModel::Fd:
        return QObject::tr("The descriptor number: an index into this process's table of open "
                           "files. socket(), accept() and open() return the lowest free one.");
    case DescriptorsModel::Target:
        return QObject::tr("What the kernel says the descriptor refers to, exactly as "
                           "readlink(\"/proc/self/fd/N\") returns it. For a socket the number "
                           "in brackets is its inode.");
    case DescriptorsModel::Socket:
        return QObject::tr("The Sockscope socket this descriptor belongs to. Double-click to "
                           "select it in the Sockets tree.");
    case DescriptorsModel::State:
        return QObject::tr("That socket's state, as in the Sockets tree.");
    case DescriptorsModel::About:
        return QObject::tr("Who opened it and why: your sockets, the engine's own event loop "
                           "(epoll, eventfds, a timerfd) and Qt's.");
    default:
        return {};
    }
}

} // namespace

DescriptorsModel::DescriptorsModel(const SocketsModel& sockets, int engineNotifyFd, QObject* parent)
    : SortedTableModel(parent)
    , m_sockets(sockets)
    , m_notifyFd(engineNotifyFd)
    , m_scanner(new DescriptorScanner(this))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &DescriptorsModel::onTimer);
    connect(m_scanner, &DescriptorScanner::scanned, this, &DescriptorsModel::apply);
    auto* feed = new SocketChangeFeed(sockets, this);
    connect(feed, &SocketChangeFeed::socketsAdded, this, &DescriptorsModel::markDirty);
    connect(feed, &SocketChangeFeed::socketsUpdated, this, &DescriptorsModel::onSocketsUpdated);
}

DescriptorsModel::~DescriptorsModel() = default;

void DescriptorsModel::setActive(bool active)
{
    m_active = active;
    if (!active)
        m_timer->stop();
    else if (!m_inFlight)
        refresh();
}

void DescriptorsModel::refresh()
{
    m_timer->stop();
    m_dirty = false;
    if (m_inFlight) {
        m_dirty = true; // one more scan right after this one
        return;
    }
    m_inFlight = true;
    m_scanner->request();
}

void DescriptorsModel::markDirty()
{
    m_dirty = true;
    if (!m_active || m_inFlight)
        return;
    const qint64 gap = std::max(minScanGapMs, busyFactor * m_lastScanNs / 1'000'000);
    const qint64 since = m_sinceScan.isValid() ? m_sinceScan.elapsed() : gap;
    scheduleScan(std::max<qint64>(0, gap - since));
}

void DescriptorsModel::scheduleScan(qint64 delayMs)
{
    if (m_timer->isActive() && m_timer->remainingTime() <= delayMs)
        return;
    m_timer->start(static_cast<int>(delayMs));
}

void DescriptorsModel::onTimer()
{
    if (m_active && !m_inFlight)
        refresh();
}

void DescriptorsModel::onSocketsUpdated(const std::vector<sks::SocketId>& ids)
{
    // A state change is shown at once; a descriptor opened, closed or reused needs a scan.
    std::vector<int> changed;
    for (const sks::SocketId id : ids) {
        const sks::SocketInfo* info = m_sockets.info(id);
        if (!info)
            continue;
        const int row = rowOfFd(info->fd >= 0 ? info->fd : info->lastFd);
        const bool listed = row >= 0 && m_rows[static_cast<std::size_t>(row)].socket == id;
        if (info->fd >= 0 && listed && m_rows[static_cast<std::size_t>(row)].inode == info->inode)
            changed.push_back(row);
        else if (info->fd >= 0 || listed)
            markDirty();
    }
    std::ranges::sort(changed);
    changed.erase(std::ranges::unique(changed).begin(), changed.end());
    emitRowsChanged(changed);
}

void DescriptorsModel::apply(const std::shared_ptr<const fdscan::Scan>& scan)
{
    m_inFlight = false;
    m_lastScanNs = scan->durationNs;
    m_sinceScan.start();
    replaceRows(m_rows, resolve(*scan), [](const Row& r) { return r.fd; });
    m_socketRows = static_cast<int>(std::ranges::count_if(m_rows, [](const Row& r) { return r.socket != 0; }));
    Q_EMIT scanned();
    if (!m_active)
        return;
    const qint64 costMs = m_lastScanNs / 1'000'000;
    scheduleScan(m_dirty ? std::max(minScanGapMs, busyFactor * costMs)
                         : std::max(idleScanGapMs, idleFactor * costMs));
}

std::vector<DescriptorsModel::Row> DescriptorsModel::resolve(const fdscan::Scan& scan) const
{
    // Flat tables rather than hash maps: with 20,000 descriptors this runs on the GUI
    // thread, and fds are small numbers.
    const int maxFd = scan.entries.empty() ? 0 : scan.entries.back().fd;
    std::vector<const sks::SocketInfo*> byFd(static_cast<std::size_t>(maxFd) + 1, nullptr);
    for (const sks::SocketInfo* s : m_sockets.allSockets())
        if (s->fd >= 0 && s->fd <= maxFd)
            byFd[static_cast<std::size_t>(s->fd)] = s;
    std::vector<std::pair<quint64, int>> byInode; // (inode, fd) of every socket, sorted
    for (const fdscan::Entry& e : scan.entries)
        if (e.kind == fdscan::Kind::Socket)
            byInode.emplace_back(e.inode, e.fd);
    std::ranges::sort(byInode);

    std::vector<Row> rows;
    rows.reserve(scan.entries.size());
    for (const fdscan::Entry& e : scan.entries) {
        Row row;
        row.fd = e.fd;
        row.kind = e.kind;
        row.inode = e.inode;
        row.target = QString::fromStdString(e.target);
        row.watches = e.watches;
        row.watchedBy = e.watchedBy;
        if (e.kind == fdscan::Kind::Socket) {
            // A snapshot may lag the scan by a batch: trust the link only when the inode agrees.
            if (const sks::SocketInfo* s = byFd[static_cast<std::size_t>(e.fd)]; s && s->inode == e.inode)
                row.socket = s->id;
            const auto same = std::ranges::equal_range(byInode, e.inode, {}, &std::pair<quint64, int>::first);
            for (const auto& [inode, fd] : same)
                if (fd != e.fd) {
                    row.sameAs = fd;
                    break;
                }
        }
        rows.push_back(std::move(row));
    }
    // The engine's epoll is the one that watches an eventfd: its command wake-up.
    for (const Row& row : rows)
        if (row.kind == fdscan::Kind::EventFd && row.watchedBy >= 0)
            for (Row& epoll : rows)
                if (epoll.fd == row.watchedBy)
                    epoll.engineEpoll = true;
    return rows;
}

int DescriptorsModel::rowOfFd(int fd) const
{
    const auto it = std::ranges::lower_bound(m_rows, fd, {}, &Row::fd);
    return it != m_rows.end() && it->fd == fd ? static_cast<int>(it - m_rows.begin()) : -1;
}

int DescriptorsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DescriptorsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant DescriptorsModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, column);
    case SortRole:
        if (column == Fd)
            return row.fd;
        if (column == Socket)
            return QVariant::fromValue(row.socket);
        return displayData(row, column);
    case SocketIdRole:
        return QVariant::fromValue(row.socket);
    case InodeRole:
        return QVariant::fromValue(static_cast<qulonglong>(row.inode));
    case FdRole:
        return row.fd;
    case Qt::ToolTipRole:
        if (column == About || column == Target)
            return aboutText(row) + QStringLiteral("\n\n") + columnToolTip(column);
        return columnToolTip(column);
    case Qt::ForegroundRole:
        // Your sockets, the standard three and the engine's own are the story; Qt's recede.
        if (row.socket == 0 && row.fd > 2 && !isEngines(row) && column != Fd)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    case Qt::TextAlignmentRole:
        if (column == Fd)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant DescriptorsModel::displayData(const Row& row, int column) const
{
    switch (column) {
    case Fd:
        return row.fd;
    case Target:
        return row.targetText();
    case Socket:
        return row.socket == 0 ? QString() : QStringLiteral("#%1").arg(row.socket);
    case State:
        if (const sks::SocketInfo* info = row.socket ? m_sockets.info(row.socket) : nullptr)
            return QString::fromStdString(info->stateText());
        return QString();
    case About:
        return aboutText(row);
    default:
        return {};
    }
}

bool DescriptorsModel::isEngines(const Row& row) const
{
    const bool watched = row.watchedBy >= 0 && (row.kind == fdscan::Kind::EventFd || row.kind == fdscan::Kind::TimerFd);
    return row.engineEpoll || row.fd == m_notifyFd || watched;
}

QString DescriptorsModel::Row::targetText() const
{
    return kind == fdscan::Kind::Socket ? QStringLiteral("socket:[%1]").arg(inode) : target;
}

QString DescriptorsModel::aboutText(const Row& row) const
{
    using K = fdscan::Kind;
    if (row.fd <= 2) {
        static const char* const names[] = {QT_TR_NOOP("standard input"), QT_TR_NOOP("standard output"),
                                            QT_TR_NOOP("standard error")};
        return tr(names[row.fd]);
    }
    switch (row.kind) {
    case K::Socket:
        if (row.socket == 0)
            return tr("a socket Sockscope did not create (Qt's own: display server, D-Bus…)");
        if (row.sameAs >= 0)
            return tr("same socket as fd %1 — one socket, two descriptors (passed with "
                      "SCM_RIGHTS)").arg(row.sameAs);
        return tr("socket #%1").arg(row.socket);
    case K::Epoll:
        if (row.engineEpoll)
            return tr("the engine's event loop (epoll): watches %n descriptor(s)", nullptr, row.watches);
        return tr("an epoll instance watching %n descriptor(s)", nullptr, row.watches);
    case K::EventFd:
        if (row.fd == m_notifyFd)
            return tr("engine → GUI: “event batches ready” (the GUI's QSocketNotifier waits on it)");
        if (row.watchedBy >= 0)
            return tr("GUI → engine: “commands waiting” (wakes the engine's epoll_wait)");
        return tr("an event loop's wake-up (Qt)");
    case K::TimerFd:
        if (row.watchedBy >= 0)
            return tr("the engine's timer: samples accept queues 10× a second, paces the generator");
        return tr("a timer");
    case K::OtherAnon:
        return tr("a kernel object without a file (%1)").arg(row.target.section(QLatin1Char(':'), 1));
    case K::Pipe:
        return tr("a pipe");
    case K::Device:
        return tr("a device");
    case K::File:
        return tr("a file");
    case K::Unknown:
        break;
    }
    return tr("closed while it was being read");
}

QVariant DescriptorsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= Count)
        return {};
    if (role == Qt::ToolTipRole)
        return columnToolTip(section);
    if (role == Qt::TextAlignmentRole)
        return QVariant((section == Fd ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    static const char* const titles[Count] = {
        QT_TR_NOOP("fd"), QT_TR_NOOP("Kernel's name (readlink)"), QT_TR_NOOP("Socket"),
        QT_TR_NOOP("State"), QT_TR_NOOP("What it is"),
    };
    return tr(titles[section]);
}

QHash<int, QByteArray> DescriptorsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(SocketIdRole, "socketId");
    names.insert(InodeRole, "inode");
    names.insert(FdRole, "fd");
    return names;
}
