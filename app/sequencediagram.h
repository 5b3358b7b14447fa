#pragma once

#include "core/engine/events.h"

#include <QObject>

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <unordered_set>
#include <vector>

class EngineBridge;
class JournalModel;
class SocketsModel;

// What the sequence diagram shows, without any drawing: one lane per socket, one row per
// journal entry that belongs in the picture (socket, bind, listen, connect, accept,
// send, recv, shutdown, close — not getsockopt and friends), and the arrows between
// lanes: connect → accept, data from a send to the recv that read its last byte, FIN from
// a shutdown or close to the recv that returned 0, and RST to the call that saw
// ECONNRESET. Labels are made when drawn, from the journal, so a row costs 16 bytes.
//
// Built incrementally after each batch (EngineBridge::batchApplied): new entries are
// appended, completed pending ones revisited; nothing is ever rebuilt from scratch. While
// inactive (its panel hidden) it only remembers where it stopped and catches up when
// activated, so a hidden diagram costs nothing per batch.
class SequenceDiagram final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SequenceDiagram)

public:
    enum class Mark : std::uint8_t { Create, Bind, Listen, Connect, Accept, Send, Recv, Shutdown, Close };
    enum class ArrowKind : std::uint8_t { Connect, Data, Fin, Reset };

    struct Row {
        std::uint64_t seq = 0;
        sks::SocketId socket = 0;
        Mark mark = Mark::Create;
        bool startsArrow = false; // the arrow's label names the call; the row draws no text
    };
    struct Arrow {
        int fromRow = 0;
        int toRow = 0;
        sks::SocketId from = 0;
        sks::SocketId to = 0;
        int entryRow = 0;     // the row whose journal entry the arrow stands for
        ArrowKind kind = ArrowKind::Data;
        bool landed = true;   // false: sent, not read yet (drawn on the sender's row)
        bool byClose = false; // sent by close() rather than shutdown() or the kernel
        int top() const noexcept { return fromRow < toRow ? fromRow : toRow; }
        int bottom() const noexcept { return fromRow < toRow ? toRow : fromRow; }
    };
    struct Lane {
        sks::SocketId socket = 0;
        int firstRow = -1;
        int closeRow = -1; // -1 while open
    };

    explicit SequenceDiagram(EngineBridge& bridge, QObject* parent = nullptr);
    ~SequenceDiagram() override;

    const JournalModel& journal() const noexcept { return m_journal; }
    const SocketsModel& sockets() const noexcept { return m_sockets; }

    int rowCount() const noexcept { return static_cast<int>(m_rows.size()); }
    int laneCount() const noexcept { return static_cast<int>(m_lanes.size()); }
    int arrowCount() const noexcept { return static_cast<int>(m_arrows.size()); }
    const Row& row(int index) const { return m_rows[static_cast<std::size_t>(index)]; }
    const Lane& lane(int index) const { return m_lanes[static_cast<std::size_t>(index)]; }
    const Arrow& arrow(int index) const { return m_arrows[static_cast<std::size_t>(index)]; }
    // -1 when unknown / not shown.
    int laneOf(sks::SocketId id) const;
    int rowOfSeq(std::uint64_t seq) const;
    // Arrows that cross rows [firstRow, lastRow], in no particular order.
    std::vector<int> arrowsIn(int firstRow, int lastRow) const;

    // "#1 srv fd 5" and "127.0.0.1:41873" (or "UDP · 127.0.0.1:5000").
    QString laneTitle(int lane) const;
    QString laneSubtitle(int lane) const;

    bool isActive() const noexcept { return m_active; }
    // Active (the default): follows every batch. Activating catches up at once.
    void setActive(bool active);

public Q_SLOTS:
    // Takes in journal entries that arrived or completed since the last call (nothing
    // while inactive).
    void update();

Q_SIGNALS:
    // After update() changed anything; rowsAdded when rows were appended.
    void changed(bool rowsAdded);

private:
    struct Stream {
        std::uint64_t sent = 0;
        std::uint64_t received = 0;
        int lastRecvRow = -1;
        sks::SocketId lastRecvSocket = 0;
        std::deque<std::pair<int, std::uint64_t>> inFlight; // arrow, end offset
        int finInFlight = -1;
        int resetInFlight = -1; // close() with unread bytes: RST, until the peer sees it
        bool finSent = false;
        bool resetSent = false;
    };

    void noteSocketsChanged(const std::vector<sks::SocketId>& ids);
    void indexConnections(const std::vector<sks::SocketId>& ids);
    void take(const sks::JournalEntry& e);
    void complete(const sks::JournalEntry& e, int rowIndex);
    void completeAccept(const sks::JournalEntry& e, int rowIndex);
    void completeSend(const sks::JournalEntry& e, int rowIndex);
    void completeRecv(const sks::JournalEntry& e, int rowIndex);
    void sendFin(sks::SocketId socket, int rowIndex, bool byClose);
    void addReset(const sks::JournalEntry& e, int rowIndex);
    int ensureLane(sks::SocketId id, int firstRow);
    int addArrow(Arrow arrow);
    sks::SocketId canonical(sks::SocketId id) const;
    sks::SocketId peerOf(sks::SocketId id);
    sks::SocketId datagramTarget(const sks::JournalEntry& e, sks::SocketId sender) const;
    void sortArrowIndex() const;

    EngineBridge& m_bridge;
    const JournalModel& m_journal;
    const SocketsModel& m_sockets;
    std::vector<Row> m_rows;
    std::vector<Lane> m_lanes;         // ascending socket id
    std::vector<int> m_laneOfSocket;   // by socket id; -1 none
    std::vector<int> m_rowOfSeq;       // by journal seq; -1 not shown
    std::vector<Arrow> m_arrows;
    mutable std::vector<int> m_arrowsByTop; // sorted lazily
    mutable bool m_arrowIndexDirty = false;
    int m_maxArrowSpan = 0;
    std::size_t m_taken = 0;                      // journal rows looked at so far
    std::unordered_set<std::uint64_t> m_pending;   // seqs still waiting in their call
    std::vector<std::uint64_t> m_completed;        // pending seqs that completed since update()
    std::unordered_map<sks::SocketId, int> m_connectRow;
    std::unordered_map<sks::SocketId, Stream> m_streams;          // by canonical socket
    std::unordered_map<sks::SocketId, std::deque<int>> m_datagrams; // arrows to a receiver
    std::unordered_map<sks::SocketId, sks::SocketId> m_peer;
    // TCP connections by a hash of (local, peer): finds the other end in O(1).
    std::vector<std::uint64_t> m_connKeyOf;        // by socket id
    std::unordered_multimap<std::uint64_t, sks::SocketId> m_byConnKey;
    bool m_active = true;
    bool m_indexStale = false; // sockets changed while inactive
};
