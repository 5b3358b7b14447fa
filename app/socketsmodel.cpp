#include "app/socketsmodel.h"

#include "app/byteunits.h"
#include "app/socketdetails.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

namespace {

QString groupedNumber(std::uint64_t value)
{
    // The C locale omits group separators by default; byte counts need them to be read.
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale.toString(static_cast<qulonglong>(value));
}

QString columnToolTip(int column)
{
    switch (column) {
    case SocketsModel::Id:
        return QObject::tr("Sockscope's own number for this socket. It never changes and is "
                           "never reused, unlike the fd.");
    case SocketsModel::Fd:
        return QObject::tr("The descriptor number the kernel returned; numbers are reused "
                           "after close, the id is not.");
    case SocketsModel::Kind:
        return QObject::tr("Address family and socket type: TCP/IPv4 is socket(AF_INET, "
                           "SOCK_STREAM, 0), UDP/IPv6 is socket(AF_INET6, SOCK_DGRAM, 0), "
                           "Unix seqpacket is socket(AF_UNIX, SOCK_SEQPACKET, 0).");
    case SocketsModel::State:
        return QObject::tr("Where the socket is in its life: created, bound, listening, "
                           "connected… A blocking call that has not finished yet shows as "
                           "“waiting in …”.");
    case SocketsModel::Local:
        return QObject::tr("The local address and port (getsockname()). Port 0 in bind() "
                           "means “kernel, pick a free port for me”.");
    case SocketsModel::Peer:
        return QObject::tr("The address of the other end (getpeername()); empty until "
                           "connected. ↔ marks the two ends of a socketpair, ≡ a descriptor "
                           "received over a Unix socket (the same open socket as another row).");
    case SocketsModel::BytesIn:
        return QObject::tr("Bytes this socket has received with recv(), counted exactly.");
    case SocketsModel::BytesOut:
        return QObject::tr("Bytes this socket has handed to the kernel with send(), counted "
                           "exactly.");
    case SocketsModel::Rate:
        return QObject::tr("Bytes per second over the last 15 s, sampled 10 times a second "
                           "from the exact counters: solid is in (received), dashed is out "
                           "(sent). The number is the latest rate, in and out together.");
    default:
        return {};
    }
}

QString stateExplanation(const sks::SocketInfo& info)
{
    using S = sks::SocketState;
    if (info.waiting != sks::Waiting::None)
        return QObject::tr("A blocking call is in progress: the program would be stuck in "
                           "this call until the kernel can complete it.");
    switch (info.state) {
    case S::Created: return QObject::tr("socket() returned a descriptor; it has no address yet.");
    case S::Bound: return QObject::tr("bind() gave it a local address; next: listen() for a "
                                      "server or connect() for a client.");
    case S::Listening: return QObject::tr("Waiting for clients. The kernel completes their "
                                          "handshakes and queues them until accept().");
    case S::Connecting: return QObject::tr("connect() started the TCP handshake; it has not "
                                           "finished yet.");
    case S::Connected: return QObject::tr("The handshake finished; send() and recv() move "
                                          "bytes to and from the peer.");
    case S::Accepted: return QObject::tr("A new socket that accept() returned for one client; "
                                         "the listener keeps listening.");
    case S::HalfClosedRead: return QObject::tr("Nothing more will be read: the peer sent FIN "
                                               "or you shut down reading.");
    case S::HalfClosedWrite: return QObject::tr("You sent FIN with shutdown(SHUT_WR); you can "
                                                "still recv() what the peer sends.");
    case S::ShutDown: return QObject::tr("Both directions are shut; close() releases the "
                                         "descriptor.");
    case S::Closed: return QObject::tr("close() released the descriptor. The row stays so the "
                                       "journal still makes sense.");
    case S::Error: return QObject::tr("The last connect() failed; see the journal for the "
                                      "errno.");
    }
    return {};
}

} // namespace

SocketsModel::SocketsModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

SocketsModel::~SocketsModel() = default;

std::vector<sks::SocketId> SocketsModel::apply(const std::vector<sks::SocketInfo>& sockets)
{
    std::vector<sks::SocketId> added;
    std::vector<int> updated;
    std::size_t i = 0;
    while (i < sockets.size()) {
        const sks::SocketInfo& s = sockets[i];
        if (const auto it = m_byId.find(s.id); it != m_byId.end()) {
            Node& node = m_nodes[static_cast<std::size_t>(it->second)];
            m_openCount += (s.state != sks::SocketState::Closed)
                - (node.info.state != sks::SocketState::Closed);
            const sks::SocketId keepParent = node.info.parent; // a row never moves
            node.info = s;
            node.info.parent = keepParent;
            updated.push_back(it->second);
            ++i;
            continue;
        }
        // A run of new siblings becomes one insert.
        const int parentNode = parentNodeFor(s);
        std::size_t j = i + 1;
        while (j < sockets.size() && sockets[j].id > sockets[j - 1].id
               && !m_byId.contains(sockets[j].id) && sockets[j].parent == s.parent)
            ++j;
        insertRun(sockets, i, j, parentNode);
        for (std::size_t k = i; k < j; ++k)
            added.push_back(sockets[k].id);
        i = j;
    }
    emitUpdates(updated);
    return added;
}

int SocketsModel::parentNodeFor(const sks::SocketInfo& info) const
{
    if (info.parent == 0)
        return NoNode;
    const auto it = m_byId.find(info.parent);
    return it == m_byId.end() ? NoNode : it->second;
}

std::vector<int>& SocketsModel::siblingsOf(int parentNode)
{
    return parentNode == NoNode ? m_topLevel : m_nodes[static_cast<std::size_t>(parentNode)].children;
}

void SocketsModel::insertRun(const std::vector<sks::SocketInfo>& sockets, std::size_t first,
                             std::size_t last, int parentNode)
{
    const int firstRow = static_cast<int>(siblingsOf(parentNode).size());
    const int count = static_cast<int>(last - first);
    beginInsertRows(parentNode == NoNode ? QModelIndex() : indexOfNode(parentNode, 0), firstRow,
                    firstRow + count - 1);
    for (std::size_t k = first; k < last; ++k) {
        const int nodeIndex = static_cast<int>(m_nodes.size());
        Node node;
        node.info = sockets[k];
        if (parentNode == NoNode)
            node.info.parent = 0; // the listener is unknown: show it at the top level
        node.parent = parentNode;
        node.row = static_cast<int>(siblingsOf(parentNode).size());
        m_nodes.push_back(std::move(node));
        siblingsOf(parentNode).push_back(nodeIndex);
        m_byId.emplace(sockets[k].id, nodeIndex);
        if (sockets[k].state != sks::SocketState::Closed)
            ++m_openCount;
    }
    endInsertRows();
}

void SocketsModel::emitUpdates(std::vector<int>& updatedNodes)
{
    const auto key = [this](int n) {
        const Node& node = m_nodes[static_cast<std::size_t>(n)];
        return std::pair(node.parent, node.row);
    };
    std::ranges::sort(updatedNodes, {}, key);
    const auto [dupFirst, dupLast] = std::ranges::unique(updatedNodes);
    updatedNodes.erase(dupFirst, dupLast);
    std::size_t i = 0;
    while (i < updatedNodes.size()) {
        std::size_t j = i + 1;
        while (j < updatedNodes.size() && key(updatedNodes[j]).first == key(updatedNodes[i]).first
               && key(updatedNodes[j]).second == key(updatedNodes[j - 1]).second + 1)
            ++j;
        Q_EMIT dataChanged(indexOfNode(updatedNodes[i], 0),
                           indexOfNode(updatedNodes[j - 1], Count - 1));
        i = j;
    }
}

const sks::SocketInfo* SocketsModel::info(sks::SocketId id) const
{
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_nodes[static_cast<std::size_t>(it->second)].info;
}

QModelIndex SocketsModel::indexOf(sks::SocketId id, int column) const
{
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? QModelIndex() : indexOfNode(it->second, column);
}

std::vector<const sks::SocketInfo*> SocketsModel::allSockets() const
{
    std::vector<const sks::SocketInfo*> all;
    all.reserve(m_nodes.size());
    for (const Node& node : m_nodes)
        all.push_back(&node.info);
    return all;
}

QModelIndex SocketsModel::indexOfNode(int node, int column) const
{
    const Node& n = m_nodes[static_cast<std::size_t>(node)];
    // internalId: the parent's node index + 1, 0 for top-level rows.
    return createIndex(n.row, column, static_cast<quintptr>(n.parent + 1));
}

int SocketsModel::nodeIndexOf(const QModelIndex& index) const
{
    if (!index.isValid())
        return NoNode;
    const auto parentPlusOne = static_cast<std::size_t>(index.internalId());
    const std::vector<int>& siblings =
        parentPlusOne == 0 ? m_topLevel : m_nodes[parentPlusOne - 1].children;
    return siblings[static_cast<std::size_t>(index.row())];
}

const SocketsModel::Node* SocketsModel::nodeOf(const QModelIndex& index) const
{
    const int node = nodeIndexOf(index);
    return node == NoNode ? nullptr : &m_nodes[static_cast<std::size_t>(node)];
}

QModelIndex SocketsModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    return createIndex(row, column, static_cast<quintptr>(nodeIndexOf(parent) + 1));
}

QModelIndex SocketsModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return indexOfNode(static_cast<int>(child.internalId()) - 1, 0);
}

int SocketsModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_topLevel.size());
    if (parent.column() != 0)
        return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int SocketsModel::columnCount(const QModelIndex& /*parent*/) const
{
    return Count;
}

QVariant SocketsModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid));
    const Node* node = nodeOf(index);
    if (!node)
        return {};
    const sks::SocketInfo& s = node->info;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(s, column);
    case SortRole:
        return sortData(s, column);
    case SocketIdRole:
        return QVariant::fromValue(s.id);
    case RateHistoryRole:
        return QVariant::fromValue(rateSeries(s.id));
    case Qt::ToolTipRole:
        return toolTipData(s, column);
    case Qt::TextAlignmentRole:
        if (column == BytesIn || column == BytesOut || column == Rate)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (s.state == sks::SocketState::Closed)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        return {};
    default:
        return {};
    }
}

QVariant SocketsModel::displayData(const sks::SocketInfo& s, int column) const
{
    switch (column) {
    case Id:
        return QStringLiteral("#%1").arg(s.id);
    case Fd:
        if (s.fd >= 0)
            return s.fd;
        if (s.state == sks::SocketState::Closed && s.lastFd >= 0)
            return tr("– (was %1)").arg(s.lastFd);
        return QStringLiteral("–");
    case Kind:
        return QString::fromStdString(s.kindText());
    case State:
        return QString::fromStdString(s.stateText());
    case Local:
        return QString::fromStdString(s.local.toString());
    case Peer:
        return socketdetails::peerColumnText(s);
    case BytesIn:
        return groupedNumber(s.bytesIn);
    case BytesOut:
        return groupedNumber(s.bytesOut);
    case Rate:
        if (const RateSeries r = rateSeries(s.id); !r.isEmpty())
            return byteunits::rate(static_cast<double>(r.latestIn() + r.latestOut()));
        return {};
    default:
        return {};
    }
}

QVariant SocketsModel::sortData(const sks::SocketInfo& s, int column) const
{
    switch (column) {
    case Id:
        return QVariant::fromValue(s.id);
    case Fd:
        return s.fd >= 0 ? s.fd : s.lastFd;
    case State:
        return static_cast<int>(s.state);
    case BytesIn:
        return QVariant::fromValue(static_cast<qulonglong>(s.bytesIn));
    case BytesOut:
        return QVariant::fromValue(static_cast<qulonglong>(s.bytesOut));
    case Rate: {
        const RateSeries r = rateSeries(s.id);
        return static_cast<double>(r.latestIn() + r.latestOut());
    }
    default:
        return displayData(s, column);
    }
}

QVariant SocketsModel::toolTipData(const sks::SocketInfo& s, int column) const
{
    QString tip = columnToolTip(column);
    if (column == State)
        tip = stateExplanation(s) + QStringLiteral("\n\n") + tip;
    const QString extra = column == Peer ? socketdetails::peerToolTip(s)
        : column == Local                ? socketdetails::localToolTip(s)
                                         : QString();
    if (!extra.isEmpty())
        tip = extra + QStringLiteral("\n\n") + tip;
    if (column == Fd && s.state == sks::SocketState::Closed)
        tip = tr("Closed: fd %1 went back to the kernel and may already belong to another "
                 "socket.\n\n").arg(s.lastFd) + tip;
    return tip;
}

QVariant SocketsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= Count)
        return {};
    if (role == Qt::ToolTipRole)
        return columnToolTip(section);
    if (role == Qt::TextAlignmentRole) // byte counts line up under their title
        return section == BytesIn || section == BytesOut
            ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    static const char* const titles[Count] = {
        QT_TR_NOOP("Id"), QT_TR_NOOP("fd"), QT_TR_NOOP("Kind"), QT_TR_NOOP("State"),
        QT_TR_NOOP("Local"), QT_TR_NOOP("Peer"), QT_TR_NOOP("Bytes in"), QT_TR_NOOP("Bytes out"),
        QT_TR_NOOP("Rate"),
    };
    return tr(titles[section]);
}

QHash<int, QByteArray> SocketsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(SocketIdRole, "socketId");
    names.insert(RateHistoryRole, "rateHistory");
    return names;
}

void SocketsModel::setRateSource(std::function<RateSeries(sks::SocketId)> source)
{
    m_rateSource = std::move(source);
}

RateSeries SocketsModel::rateSeries(sks::SocketId id) const
{
    return m_rateSource ? m_rateSource(id) : RateSeries{};
}

void SocketsModel::rateHistoryChanged(const std::vector<sks::SocketId>& ids)
{
    // One dataChanged per parent, spanning its changed rows: a view repaints once.
    std::unordered_map<int, std::pair<int, int>> spans; // parent node -> first, last row
    for (const sks::SocketId id : ids) {
        const auto it = m_byId.find(id);
        if (it == m_byId.end())
            continue;
        const Node& node = m_nodes[static_cast<std::size_t>(it->second)];
        const auto span = spans.try_emplace(node.parent, node.row, node.row).first;
        span->second = {std::min(span->second.first, node.row), std::max(span->second.second, node.row)};
    }
    const QList<int> roles{Qt::DisplayRole, SortRole, RateHistoryRole};
    for (const auto& [parentNode, rows] : spans) {
        const QModelIndex parentIndex = parentNode == NoNode ? QModelIndex() : indexOfNode(parentNode, 0);
        Q_EMIT dataChanged(index(rows.first, Rate, parentIndex), index(rows.second, Rate, parentIndex), roles);
    }
}
