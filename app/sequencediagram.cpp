#include "app/sequencediagram.h"

#include "app/enginebridge.h"
#include "app/journalmodel.h"
#include "app/socketchangefeed.h"
#include "app/socketsmodel.h"

#include <algorithm>
#include <cerrno>
#include <optional>
#include <string_view>

namespace {

using Mark = SequenceDiagram::Mark;

std::optional<Mark> markOf(const std::string& call)
{
    if (call == "socket" || call == "socketpair")
        return Mark::Create;
    if (call == "bind")
        return Mark::Bind;
    if (call == "listen")
        return Mark::Listen;
    if (call == "connect")
        return Mark::Connect;
    if (call == "accept")
        return Mark::Accept;
    if (call == "send" || call == "sendto" || call == "sendmsg")
        return Mark::Send;
    if (call == "recv" || call == "recvfrom" || call == "recvmsg")
        return Mark::Recv;
    if (call == "shutdown")
        return Mark::Shutdown;
    if (call == "close")
        return Mark::Close;
    return std::nullopt;
}

std::uint64_t endpointHash(const sks::Endpoint& e)
{
    if (e.isEmpty() || e.isName())
        return 0;
    const std::string_view bytes(reinterpret_cast<const char*>(e.sockaddrPtr()), e.length());
    return std::hash<std::string_view>{}(bytes) | 1u; // never 0: 0 means "no key"
}

// The key of a connection seen from one end: (local, peer). The other end has the key
// connectionKey(peer, local).
std::uint64_t connectionKey(const sks::SocketInfo& s)
{
    if (s.family == sks::Family::Unix)
        return 0; // unnamed Unix ends cannot be told apart by address
    const std::uint64_t local = endpointHash(s.local);
    const std::uint64_t peer = endpointHash(s.peer);
    return local && peer ? local * 1000003u ^ peer : 0;
}

// "sendto(5, "hi", 2, 127.0.0.1:5000) = 2": the destination is the last argument.
std::optional<sks::Endpoint> sendtoDestination(const std::string& text)
{
    const auto close = text.rfind(") = ");
    if (close == std::string::npos)
        return std::nullopt;
    const auto comma = text.rfind(", ", close);
    if (comma == std::string::npos)
        return std::nullopt;
    auto parsed = sks::Endpoint::parse(std::string_view(text).substr(comma + 2, close - comma - 2));
    return parsed ? std::optional(*parsed) : std::nullopt;
}

} // namespace

SequenceDiagram::SequenceDiagram(EngineBridge& bridge, QObject* parent)
    : QObject(parent)
    , m_bridge(bridge)
    , m_journal(*bridge.journal())
    , m_sockets(*bridge.sockets())
{
    auto* feed = new SocketChangeFeed(m_sockets, this);
    connect(feed, &SocketChangeFeed::socketsAdded, this, &SequenceDiagram::noteSocketsChanged);
    connect(feed, &SocketChangeFeed::socketsUpdated, this, &SequenceDiagram::noteSocketsChanged);
    connect(&m_journal, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
                    if (m_pending.contains(std::uint64_t(row)))
                        m_completed.push_back(std::uint64_t(row));
            });
    connect(&bridge, &EngineBridge::batchApplied, this, &SequenceDiagram::update);
    std::vector<sks::SocketId> existing;
    for (const sks::SocketInfo* s : m_sockets.allSockets())
        existing.push_back(s->id);
    noteSocketsChanged(existing);
    update();
}

SequenceDiagram::~SequenceDiagram() = default;

void SequenceDiagram::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (!active)
        return;
    if (m_indexStale) {
        m_indexStale = false;
        std::vector<sks::SocketId> all;
        all.reserve(static_cast<std::size_t>(m_sockets.socketCount()));
        for (const sks::SocketInfo* s : m_sockets.allSockets())
            all.push_back(s->id);
        indexConnections(all);
    }
    update();
}

void SequenceDiagram::noteSocketsChanged(const std::vector<sks::SocketId>& ids)
{
    if (m_active)
        indexConnections(ids);
    else
        m_indexStale = true;
}

void SequenceDiagram::indexConnections(const std::vector<sks::SocketId>& ids)
{
    for (const sks::SocketId id : ids) {
        const sks::SocketInfo* info = m_sockets.info(id);
        const std::uint64_t key = info ? connectionKey(*info) : 0;
        if (id >= m_connKeyOf.size())
            m_connKeyOf.resize(std::size_t(id) + 1, 0);
        std::uint64_t& old = m_connKeyOf[id];
        if (old == key)
            continue;
        auto [first, last] = m_byConnKey.equal_range(old);
        for (auto it = first; it != last; ++it)
            if (it->second == id) {
                m_byConnKey.erase(it);
                break;
            }
        if (key != 0)
            m_byConnKey.emplace(key, id);
        old = key;
    }
}

void SequenceDiagram::update()
{
    if (!m_active)
        return;
    const std::size_t rowsBefore = m_rows.size();
    const std::size_t arrowsBefore = m_arrows.size();
    std::ranges::sort(m_completed);
    m_completed.erase(std::ranges::unique(m_completed).begin(), m_completed.end());
    bool completions = false;
    for (const std::uint64_t seq : m_completed) {
        const sks::JournalEntry& e = m_journal.entry(static_cast<int>(seq));
        if (e.pending)
            continue;
        m_pending.erase(seq);
        complete(e, m_rowOfSeq[seq]);
        completions = true;
    }
    m_completed.clear();
    const auto total = static_cast<std::size_t>(m_journal.rowCount());
    for (; m_taken < total; ++m_taken)
        take(m_journal.entry(static_cast<int>(m_taken)));
    const bool rowsAdded = m_rows.size() != rowsBefore;
    if (rowsAdded || completions || m_arrows.size() != arrowsBefore)
        Q_EMIT changed(rowsAdded);
}

void SequenceDiagram::take(const sks::JournalEntry& e)
{
    const std::optional<Mark> mark = e.socket != 0 ? markOf(e.call) : std::nullopt;
    if (m_rowOfSeq.size() <= e.seq)
        m_rowOfSeq.resize(e.seq + 1, -1);
    if (!mark)
        return;
    const int rowIndex = static_cast<int>(m_rows.size());
    m_rows.push_back(Row{e.seq, e.socket, *mark, false});
    m_rowOfSeq[e.seq] = rowIndex;
    ensureLane(e.socket, rowIndex);
    if (e.pending) {
        m_pending.insert(e.seq);
        return;
    }
    complete(e, rowIndex);
}

void SequenceDiagram::complete(const sks::JournalEntry& e, int rowIndex)
{
    if (e.newSocket != 0 && e.call != "accept")
        ensureLane(e.newSocket, rowIndex); // the other end of a socketpair, a received fd
    if (e.failed()) {
        if (e.error == ECONNRESET || e.error == EPIPE)
            addReset(e, rowIndex);
        return;
    }
    switch (m_rows[static_cast<std::size_t>(rowIndex)].mark) {
    case Mark::Connect:
        m_connectRow[e.socket] = rowIndex;
        break;
    case Mark::Accept:
        completeAccept(e, rowIndex);
        break;
    case Mark::Send:
        completeSend(e, rowIndex);
        break;
    case Mark::Recv:
        completeRecv(e, rowIndex);
        break;
    case Mark::Shutdown:
        if (e.text.find("SHUT_WR") != std::string::npos || e.text.find("SHUT_RDWR") != std::string::npos)
            sendFin(e.socket, rowIndex, false);
        break;
    case Mark::Close:
        if (const int lane = laneOf(e.socket); lane >= 0)
            m_lanes[static_cast<std::size_t>(lane)].closeRow = rowIndex;
        sendFin(e.socket, rowIndex, true);
        break;
    default:
        break;
    }
}

void SequenceDiagram::completeAccept(const sks::JournalEntry& e, int rowIndex)
{
    const sks::SocketId accepted = e.newSocket;
    if (accepted == 0)
        return;
    const sks::SocketId client = peerOf(accepted);
    const auto connectRow = client ? m_connectRow.find(client) : m_connectRow.end();
    // A blocking accept() sits on the row where it started waiting; the connection it
    // returns exists only from the client's connect() on.
    const int landing = connectRow == m_connectRow.end() ? rowIndex : std::max(rowIndex, connectRow->second);
    ensureLane(accepted, landing);
    if (connectRow == m_connectRow.end())
        return;
    const int from = connectRow->second;
    m_connectRow.erase(connectRow); // one connect, one accept
    m_rows[static_cast<std::size_t>(from)].startsArrow = true;
    addArrow(Arrow{from, landing, client, accepted, from, ArrowKind::Connect, true, false});
}

void SequenceDiagram::completeSend(const sks::JournalEntry& e, int rowIndex)
{
    if (e.result <= 0)
        return;
    const sks::SocketInfo* info = m_sockets.info(e.socket);
    if (info && info->type == sks::SockType::Datagram) {
        const sks::SocketId target = datagramTarget(e, e.socket);
        if (target == 0)
            return;
        ensureLane(target, rowIndex);
        m_rows[static_cast<std::size_t>(rowIndex)].startsArrow = true;
        const int arrow = addArrow(Arrow{rowIndex, rowIndex, e.socket, target, rowIndex, ArrowKind::Data, false, false});
        m_datagrams[canonical(target)].push_back(arrow);
        return;
    }
    const sks::SocketId source = canonical(e.socket);
    const sks::SocketId target = peerOf(source);
    if (target == 0)
        return; // the other end is not one of the app's sockets: the row says "send"
    ensureLane(target, rowIndex);
    Stream& out = m_streams[source];
    out.sent += static_cast<std::uint64_t>(e.result);
    m_rows[static_cast<std::size_t>(rowIndex)].startsArrow = true;
    const int arrow = addArrow(Arrow{rowIndex, rowIndex, e.socket, target, rowIndex, ArrowKind::Data, false, false});
    const Stream& in = m_streams[target];
    if (in.received >= out.sent && in.lastRecvRow >= 0) {
        // Already read (a generator's run is journaled when it ends, after the reads).
        Arrow& a = m_arrows[static_cast<std::size_t>(arrow)];
        a.toRow = std::max(rowIndex, in.lastRecvRow);
        a.to = in.lastRecvSocket;
        a.landed = true;
        m_maxArrowSpan = std::max(m_maxArrowSpan, a.bottom() - a.top());
        return;
    }
    out.inFlight.emplace_back(arrow, out.sent);
}

void SequenceDiagram::completeRecv(const sks::JournalEntry& e, int rowIndex)
{
    const sks::SocketId self = canonical(e.socket);
    const auto land = [&](int arrowIndex) {
        Arrow& a = m_arrows[static_cast<std::size_t>(arrowIndex)];
        a.toRow = std::max(a.fromRow, rowIndex); // a recv that waited lands on the send's row
        a.to = e.socket;
        a.landed = true;
        m_maxArrowSpan = std::max(m_maxArrowSpan, a.bottom() - a.top());
    };
    const sks::SocketInfo* info = m_sockets.info(e.socket);
    if (info && info->type == sks::SockType::Datagram) {
        if (auto it = m_datagrams.find(self); it != m_datagrams.end() && !it->second.empty()) {
            land(it->second.front());
            it->second.pop_front();
        }
        return;
    }
    const sks::SocketId source = peerOf(self);
    if (e.result == 0) { // end of stream: the peer's FIN
        if (source == 0)
            return;
        Stream& out = m_streams[source];
        if (out.finInFlight >= 0)
            land(out.finInFlight);
        out.finInFlight = -1;
        return;
    }
    Stream& in = m_streams[self];
    in.received += static_cast<std::uint64_t>(e.result);
    in.lastRecvRow = rowIndex;
    in.lastRecvSocket = e.socket;
    if (source == 0)
        return;
    Stream& out = m_streams[source];
    while (!out.inFlight.empty() && out.inFlight.front().second <= in.received) {
        land(out.inFlight.front().first);
        out.inFlight.pop_front();
    }
}

void SequenceDiagram::sendFin(sks::SocketId socket, int rowIndex, bool byClose)
{
    const sks::SocketInfo* info = m_sockets.info(socket);
    // Closing one of two descriptors of a socket does not end the connection.
    if (!info || info->type != sks::SockType::Stream || (byClose && info->sameSocketAs != 0))
        return;
    const sks::SocketId source = canonical(socket);
    const sks::SocketId target = peerOf(source);
    if (target == 0)
        return;
    Stream& out = m_streams[source];
    // close() with bytes still unread makes the kernel answer RST instead of FIN.
    const bool unread = byClose && m_streams[target].sent > out.received;
    if ((unread && out.resetSent) || (!unread && out.finSent))
        return;
    ensureLane(target, rowIndex);
    m_rows[static_cast<std::size_t>(rowIndex)].startsArrow = true;
    const ArrowKind kind = unread ? ArrowKind::Reset : ArrowKind::Fin;
    const int arrow = addArrow(Arrow{rowIndex, rowIndex, socket, target, rowIndex, kind, false, byClose});
    if (unread) {
        out.resetSent = true;
        out.resetInFlight = arrow;
        return;
    }
    out.finSent = true;
    out.finInFlight = arrow;
}

void SequenceDiagram::addReset(const sks::JournalEntry& e, int rowIndex)
{
    const sks::SocketId source = peerOf(canonical(e.socket));
    if (source == 0)
        return;
    if (Stream& from = m_streams[source]; from.resetInFlight >= 0) {
        // The RST the peer's close() sent: it lands where this call saw it.
        Arrow& a = m_arrows[static_cast<std::size_t>(from.resetInFlight)];
        a.toRow = std::max(a.fromRow, rowIndex);
        a.to = e.socket;
        a.entryRow = rowIndex;
        a.landed = true;
        m_maxArrowSpan = std::max(m_maxArrowSpan, a.bottom() - a.top());
        from.resetInFlight = -1;
        return;
    }
    const int sourceLane = laneOf(source);
    const int closeRow = sourceLane >= 0 ? m_lanes[static_cast<std::size_t>(sourceLane)].closeRow : -1;
    const int fromRow = closeRow >= 0 && closeRow <= rowIndex ? closeRow : rowIndex;
    addArrow(Arrow{fromRow, rowIndex, source, e.socket, rowIndex, ArrowKind::Reset, true, false});
}

int SequenceDiagram::ensureLane(sks::SocketId id, int firstRow)
{
    if (id >= m_laneOfSocket.size())
        m_laneOfSocket.resize(std::size_t(id) + 1, -1);
    if (const int existing = m_laneOfSocket[id]; existing >= 0) {
        Lane& lane = m_lanes[static_cast<std::size_t>(existing)];
        if (lane.firstRow < 0)
            lane.firstRow = firstRow;
        return existing;
    }
    // Ids grow, so a new lane nearly always goes at the end; otherwise renumber.
    const auto at = std::ranges::upper_bound(m_lanes, id, {}, &Lane::socket);
    const auto index = static_cast<int>(at - m_lanes.begin());
    m_lanes.insert(at, Lane{id, firstRow, -1});
    for (std::size_t i = static_cast<std::size_t>(index); i < m_lanes.size(); ++i)
        m_laneOfSocket[m_lanes[i].socket] = static_cast<int>(i);
    return index;
}

int SequenceDiagram::addArrow(Arrow arrow)
{
    const int index = static_cast<int>(m_arrows.size());
    m_arrows.push_back(arrow);
    m_maxArrowSpan = std::max(m_maxArrowSpan, arrow.bottom() - arrow.top());
    // Arrows nearly always start on the newest rows: inserting near the end is cheap.
    const auto at = std::upper_bound(m_arrowsByTop.begin(), m_arrowsByTop.end(), arrow.top(),
                                     [this](int top, int i) { return top < m_arrows[std::size_t(i)].top(); });
    m_arrowsByTop.insert(at, index);
    return index;
}

int SequenceDiagram::laneOf(sks::SocketId id) const
{
    return id < m_laneOfSocket.size() ? m_laneOfSocket[id] : -1;
}

int SequenceDiagram::rowOfSeq(std::uint64_t seq) const
{
    return seq < m_rowOfSeq.size() ? m_rowOfSeq[seq] : -1;
}

std::vector<int> SequenceDiagram::arrowsIn(int firstRow, int lastRow) const
{
    std::vector<int> found;
    const int from = firstRow - m_maxArrowSpan;
    auto it = std::lower_bound(m_arrowsByTop.begin(), m_arrowsByTop.end(), from,
                               [this](int i, int top) { return m_arrows[std::size_t(i)].top() < top; });
    for (; it != m_arrowsByTop.end(); ++it) {
        const Arrow& a = m_arrows[std::size_t(*it)];
        if (a.top() > lastRow)
            break;
        if (a.bottom() >= firstRow)
            found.push_back(*it);
    }
    return found;
}

sks::SocketId SequenceDiagram::canonical(sks::SocketId id) const
{
    const sks::SocketInfo* info = m_sockets.info(id);
    return info && info->sameSocketAs != 0 ? info->sameSocketAs : id;
}

sks::SocketId SequenceDiagram::peerOf(sks::SocketId id)
{
    if (const auto it = m_peer.find(id); it != m_peer.end())
        return it->second;
    const sks::SocketInfo* info = m_sockets.info(id);
    if (!info)
        return 0;
    sks::SocketId peer = info->linked;
    if (peer == 0 && info->family != sks::Family::Unix && !info->peer.isEmpty() && !info->local.isEmpty()) {
        const std::uint64_t key = endpointHash(info->peer) * 1000003u ^ endpointHash(info->local);
        auto [first, last] = m_byConnKey.equal_range(key);
        for (auto it = first; it != last; ++it) {
            const sks::SocketInfo* other = m_sockets.info(it->second);
            if (other && it->second != id && other->sameSocketAs == 0 && other->local == info->peer
                && other->peer == info->local) {
                peer = it->second;
                break;
            }
        }
    }
    if (peer != 0) { // once connected, two sockets stay each other's peer
        m_peer[id] = peer;
        m_peer[peer] = id;
    }
    return peer;
}

sks::SocketId SequenceDiagram::datagramTarget(const sks::JournalEntry& e, sks::SocketId sender) const
{
    const sks::SocketInfo* info = m_sockets.info(sender);
    std::optional<sks::Endpoint> destination;
    if (info && !info->peer.isEmpty())
        destination = info->peer;
    else if (e.call == "sendto")
        destination = sendtoDestination(e.text);
    if (!destination)
        return 0;
    sks::SocketId byPort = 0;
    for (const sks::SocketInfo* s : m_sockets.allSockets()) {
        if (s->type != sks::SockType::Datagram || s->state == sks::SocketState::Closed || s->id == sender)
            continue;
        if (s->local == *destination)
            return s->id;
        if (byPort == 0 && s->local.isWildcard() && s->local.port() == destination->port()
            && s->family == destination->family())
            byPort = s->id;
    }
    return byPort;
}

QString SequenceDiagram::laneTitle(int laneIndex) const
{
    const Lane& l = lane(laneIndex);
    const sks::SocketInfo* info = m_sockets.info(l.socket);
    if (!info)
        return QStringLiteral("#%1").arg(l.socket);
    const QString role = info->state == sks::SocketState::Listening || info->role == sks::Role::Server
        ? tr("srv")
        : info->role == sks::Role::Accepted ? tr("acc")
                                            : tr("cli");
    if (info->fd >= 0)
        return tr("#%1 %2 fd %3").arg(l.socket).arg(role).arg(info->fd);
    if (info->lastFd >= 0)
        return tr("#%1 %2 (fd %3, closed)").arg(l.socket).arg(role).arg(info->lastFd);
    return QStringLiteral("#%1 %2").arg(l.socket).arg(role);
}

QString SequenceDiagram::laneSubtitle(int laneIndex) const
{
    const sks::SocketInfo* info = m_sockets.info(lane(laneIndex).socket);
    if (!info)
        return {};
    if (info->sameSocketAs != 0)
        return tr("same socket as #%1").arg(info->sameSocketAs);
    QString address = QString::fromStdString(info->local.toString());
    if (info->family == sks::Family::Unix) {
        address = address.section(QLatin1Char('/'), -1);
        if (info->linked != 0)
            address = tr("pair of #%1").arg(info->linked);
    }
    const bool tcp = info->family != sks::Family::Unix && info->type == sks::SockType::Stream;
    if (tcp)
        return address;
    const QString kind = QString::fromStdString(info->kindText());
    return address.isEmpty() ? kind : kind + QStringLiteral(" · ") + address;
}
