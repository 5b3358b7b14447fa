#pragma once

#include "app/rateseries.h"
#include "core/engine/socketstate.h"

#include <QAbstractItemModel>

#include <deque>
#include <functional>
#include <unordered_map>
#include <vector>

// The user's sockets as a tree: sockets without a parent are top-level rows in id order;
// a socket returned by accept() is a child of the listener that accepted it. Closed
// sockets stay as (greyed) rows, because their history is what the journal refers to.
//
// Rows only ever get appended (ids grow), so a row's position never changes and lookups
// by id are O(1).
class SocketsModel final : public QAbstractItemModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketsModel)

public:
    enum Column { Id, Fd, Kind, State, Local, Peer, BytesIn, BytesOut, Rate, Count };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers for numeric columns, text otherwise
        SocketIdRole,                // sks::SocketId of the row, on every column
        RateHistoryRole,             // RateSeries (recent bytes/s) of the row, for sparklines
    };

    explicit SocketsModel(QObject* parent = nullptr);
    ~SocketsModel() override;

    // Upserts snapshots (ascending id, as in an EventBatch). New sockets are appended in
    // one insert per run of siblings; updates are reported as one dataChanged per
    // contiguous row range. Returns the ids that were new.
    std::vector<sks::SocketId> apply(const std::vector<sks::SocketInfo>& sockets);

    const sks::SocketInfo* info(sks::SocketId id) const;
    QModelIndex indexOf(sks::SocketId id, int column = 0) const;
    int openCount() const noexcept { return m_openCount; }
    int socketCount() const noexcept { return static_cast<int>(m_nodes.size()); }
    // Every socket in id order, closed ones included.
    std::vector<const sks::SocketInfo*> allSockets() const;

    // Where the Rate column and RateHistoryRole get their numbers (the live panels' rate
    // sampler); without a source they are empty. rateHistoryChanged() repaints those cells.
    void setRateSource(std::function<RateSeries(sks::SocketId)> source);
    void rateHistoryChanged(const std::vector<sks::SocketId>& ids);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    static constexpr int NoNode = -1;
    struct Node {
        sks::SocketInfo info;
        int parent = NoNode;       // index into m_nodes
        int row = 0;               // row under the parent (or top level)
        std::vector<int> children; // indices into m_nodes, in id order
    };

    int nodeIndexOf(const QModelIndex& index) const; // NoNode for the root
    const Node* nodeOf(const QModelIndex& index) const;
    QModelIndex indexOfNode(int node, int column) const;
    int parentNodeFor(const sks::SocketInfo& info) const;
    std::vector<int>& siblingsOf(int parentNode);
    void insertRun(const std::vector<sks::SocketInfo>& sockets, std::size_t first,
                   std::size_t last, int parentNode);
    void emitUpdates(std::vector<int>& updatedNodes);
    QVariant displayData(const sks::SocketInfo& info, int column) const;
    QVariant sortData(const sks::SocketInfo& info, int column) const;
    QVariant toolTipData(const sks::SocketInfo& info, int column) const;
    RateSeries rateSeries(sks::SocketId id) const;

    // A deque, not a vector: a Node is ~600 bytes, and a vector's doubling would leave up
    // to half of 20,000 of them allocated and unused.
    std::deque<Node> m_nodes;
    std::vector<int> m_topLevel;
    std::unordered_map<sks::SocketId, int> m_byId;
    int m_openCount = 0;
    std::function<RateSeries(sks::SocketId)> m_rateSource;
};
