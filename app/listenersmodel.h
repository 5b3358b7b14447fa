#pragma once

#include "app/sortedtablemodel.h"
#include "core/engine/socketstate.h"

#include <QString>

#include <vector>

class SocketsModel;

// Every listening socket with its accept queue as the kernel reports it (the engine
// samples TCP_INFO on each TCP listener ten times a second): the connections whose
// handshake finished but that nobody has accept()ed yet, against the limit the kernel
// applied to the backlog. Rows ascend by socket id.
class ListenersModel final : public SortedTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenersModel)

public:
    // Most telling first: a narrow dock still shows which socket, where, and its queue.
    enum Column { Socket, Address, Queue, Accepted, Backlog, Accepting, Count };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers for numeric columns, text otherwise
        SocketIdRole,
        QueueLengthRole, // quint32: connections waiting in the accept queue
        QueueLimitRole,  // quint32: the kernel's limit; 0 when not sampled (Unix listeners)
        OverflowRole,    // int: an Overflow value
    };
    enum Overflow { NoOverflow, OverflowedEarlier, OverflowingNow };

    // Follows `sockets` from now on; listeners already in it are picked up at once.
    explicit ListenersModel(const SocketsModel& sockets, QObject* parent = nullptr);
    ~ListenersModel() override;

    sks::SocketId socketAt(int row) const;
    // -1 when `id` is not a listener.
    int rowOf(sks::SocketId id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Listener {
        sks::SocketId id = 0;
        int fd = -1;
        QString kind;
        QString address;
        int backlog = 0;
        bool autoAccept = false;
        bool waitingInAccept = false;
        quint64 accepted = 0;
        quint32 queue = 0;
        quint32 limit = 0;
        bool overflowedEarlier = false;
        bool operator==(const Listener&) const = default;
        Overflow overflow() const;
    };

    static bool isListener(const sks::SocketInfo* info);
    static Listener fromInfo(const sks::SocketInfo& info);
    void onSocketsChanged(const std::vector<sks::SocketId>& ids);
    QVariant displayData(const Listener& l, int column) const;
    QVariant sortData(const Listener& l, int column) const;
    QVariant toolTipData(const Listener& l, int column) const;

    const SocketsModel& m_sockets;
    std::vector<Listener> m_rows;
};
