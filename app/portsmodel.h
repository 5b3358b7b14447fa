#pragma once

#include "app/sortedtablemodel.h"
#include "core/engine/socketstate.h"

#include <QElapsedTimer>

#include <cstdint>
#include <utility>
#include <vector>

class QTimer;
class SocketsModel;

// Every port the app's open sockets use, local or peer, one row per port and protocol,
// ascending: which sockets use it and how, whether it lies in the kernel's ephemeral
// range (net.ipv4.ip_local_port_range, read once) and whether a socket listens on it.
//
// Recomputed from the sockets at most a few times a second, and only while active (the
// panel is visible): with 20,000 sockets a pass costs milliseconds.
class PortsModel final : public SortedTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortsModel)

public:
    enum Column { Port, Protocol, Kind, Range, UsedBy, Count };
    enum Role {
        SortRole = Qt::UserRole + 1,
        PortRole,      // int
        ListeningRole, // bool: a socket of the app listens on this port
        EphemeralRole, // bool: inside the ephemeral range
        SocketIdRole,  // the first socket that uses the port
    };

    // `range` is the ephemeral range; see readEphemeralRange().
    PortsModel(const SocketsModel& sockets, std::pair<int, int> range, QObject* parent = nullptr);
    ~PortsModel() override;

    // /proc/sys/net/ipv4/ip_local_port_range, or Linux's default 32768–60999.
    static std::pair<int, int> readEphemeralRange();
    std::pair<int, int> ephemeralRange() const noexcept { return m_range; }

    // While inactive the model stops following the sockets; activating refreshes it.
    void setActive(bool active);
    bool isActive() const noexcept { return m_active; }
    // Recomputes now (tests; the panel's first show).
    void refresh();
    // -1 when no open socket uses `port` over that protocol.
    int rowOf(int port, bool udp) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Use {
        sks::SocketId id = 0;
        bool local = true;
        bool listening = false;
        sks::Role role = sks::Role::Client;
        bool operator==(const Use&) const = default;
    };
    struct Row {
        int port = 0;
        bool udp = false;
        std::vector<Use> uses; // locals first, then by id
        bool operator==(const Row&) const = default;
        std::uint32_t key() const { return (std::uint32_t(port) << 1) | (udp ? 1u : 0u); }
        bool listening() const;
        bool anyLocal() const;
    };
    void onSocketsUpdated(const std::vector<sks::SocketId>& ids);
    void scheduleRefresh();
    bool inRange(int port) const { return port >= m_range.first && port <= m_range.second; }
    QVariant displayData(const Row& row, int column) const;
    QVariant toolTipData(const Row& row, int column) const;
    QString kindText(const Row& row) const;
    QString usedByText(const Row& row) const;

    const SocketsModel& m_sockets;
    std::pair<int, int> m_range;
    std::vector<Row> m_rows;
    // By socket id: what the ports depend on (local port, peer port, open, listening),
    // so byte counters ticking do not cost a refresh.
    std::vector<std::uint64_t> m_signatures;
    QTimer* m_timer = nullptr;
    QElapsedTimer m_sinceRefresh;
    qint64 m_lastCostMs = 0;
    bool m_active = false;
    bool m_dirty = true;
};
