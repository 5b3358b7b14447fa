#pragma once

#include "core/inspect/socketinventory.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPair>
#include <QTimer>

#include <chrono>
#include <string>
#include <vector>

// Every socket of the machine, one row each, for the "System sockets" panel. The inspector
// thread takes snapshots (sks::inspect::takeSocketSnapshot) and the GUI thread hands each
// one to setSnapshot(), which turns the difference into minimal model changes: one
// beginInsertRows for the new rows (appended), one beginRemoveRows per run of gone rows,
// one dataChanged per run of changed rows. Row order is arrival order; sort and filter
// through a QSortFilterProxyModel on SortRole and FilterRole.
//
// Rows that appear or change state are highlighted for kHighlightDuration; rows that vanish
// stay that long, marked Vanished, before they are removed. GUI thread only.
class SystemSocketsModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemSocketsModel)

public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kHighlightDuration{1500};

    enum Column { Netid, State, RecvQ, SendQ, Local, Peer, Process, Inode, Uid, Count };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw values: numbers for numbers, sortable text otherwise
        ChangeRole,                  // Change, as int: what happened to the row lately
        FilterRole,                  // text the filter box matches: addresses, ports, process, state, netid
        InodeRole,                   // qulonglong: the socket's inode (0 for TIME-WAIT...)
        OwnSocketRole,               // bool: the socket belongs to this process (the app's own)
        ListeningRole,               // bool: LISTEN, or UNCONN with an address ("Connect a client here")
    };
    enum class Change { None, Appeared, Changed, Vanished };

    explicit SystemSocketsModel(QObject* parent = nullptr);
    ~SystemSocketsModel() override;

    // Applies a snapshot taken at `now`: rows are matched by (family, inode), or for
    // inode-less sockets (TIME-WAIT, SYN-RECV) by (netid, local, peer). Also expires
    // highlights older than kHighlightDuration. Emits countsChanged() when counts change.
    void setSnapshot(std::vector<sks::inspect::SystemSocket> sockets, Clock::time_point now = Clock::now());
    // The same, keeping the snapshot's source message (non-empty when /proc/net was used).
    void setSnapshot(sks::inspect::SocketSnapshot snapshot, Clock::time_point now = Clock::now());

    // Ends the highlights that started before now - kHighlightDuration (dataChanged for them)
    // and removes the vanished rows among them. Called by an internal timer; public so tests
    // can move time on.
    void expireHighlights(Clock::time_point now);

    // The row's socket, or nullptr when `row` is out of range.
    const sks::inspect::SystemSocket* socketAt(int row) const;
    Change changeAt(int row) const;
    // Sockets per state, vanished rows not counted, in ss's state order: {"LISTEN", 12}, ...
    QList<QPair<QString, int>> stateCounts() const;
    int countInState(const QString& state) const;
    // Why the last snapshot came from /proc/net (empty when it came from netlink).
    QString sourceMessage() const { return m_sourceMessage; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    void countsChanged();

private:
    struct Entry {
        sks::inspect::SystemSocket socket;
        std::string key;
        Change change = Change::None;
        Clock::time_point changedAt{};
    };

    static std::string keyOf(const sks::inspect::SystemSocket& socket);
    static bool sameDisplay(const sks::inspect::SystemSocket& a, const sks::inspect::SystemSocket& b);
    // Updates the rows found in `sockets` (marking them in `matched`) and marks the others
    // Vanished; returns the rows whose display changed.
    std::vector<int> matchRows(std::vector<sks::inspect::SystemSocket>& sockets, const std::vector<std::string>& keys,
                               std::vector<bool>& matched, Clock::time_point now);
    void appendRows(std::vector<sks::inspect::SystemSocket>& sockets, std::vector<std::string>& keys,
                    const std::vector<bool>& matched, Clock::time_point now);
    void removeRows(std::vector<int> rows);
    void emitChangedRuns(std::vector<int> rows);
    void recount();
    void scheduleExpiry(Clock::time_point now);
    QVariant displayData(const sks::inspect::SystemSocket& socket, int column) const;
    QVariant sortData(const sks::inspect::SystemSocket& socket, int column) const;
    QVariant backgroundData(Change change) const;

    std::vector<Entry> m_rows;
    QList<QPair<QString, int>> m_counts;
    QString m_sourceMessage;
    QTimer m_expiryTimer;
    qint64 m_ownPid = 0;
};
