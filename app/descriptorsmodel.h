#pragma once

#include "app/descriptorscan.h"
#include "app/sortedtablemodel.h"
#include "core/engine/socketstate.h"

#include <QElapsedTimer>
#include <QString>

#include <memory>
#include <vector>

class QTimer;
class SocketsModel;

// The app's own descriptor table as the kernel sees it: one row per entry of
// /proc/self/fd, ascending, each socket linked to the user socket it belongs to. Two
// descriptors of one socket (a passed descriptor) show the same inode and name each other.
//
// The table is read on DescriptorScanner's thread while the model is active (its panel
// is visible): soon after a socket opens or closes, and every few seconds otherwise,
// never more often than a few times a second nor for more than a quarter of the time.
class DescriptorsModel final : public SortedTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DescriptorsModel)

public:
    enum Column { Fd, Target, Socket, State, About, Count };
    enum Role {
        SortRole = Qt::UserRole + 1,
        SocketIdRole, // the user socket, 0 for anything else
        InodeRole,    // qulonglong: the socket's (or pipe's) inode, 0 otherwise
        FdRole,       // int
    };

    // `engineNotifyFd` is Engine::notifyFd(), the one engine descriptor the GUI knows.
    DescriptorsModel(const SocketsModel& sockets, int engineNotifyFd, QObject* parent = nullptr);
    ~DescriptorsModel() override;

    void setActive(bool active);
    bool isActive() const noexcept { return m_active; }
    // Asks for a scan now (it arrives later, announced by scanned()).
    void refresh();

    int rowOfFd(int fd) const;
    qint64 lastScanNs() const noexcept { return m_lastScanNs; }
    int socketRowCount() const noexcept { return m_socketRows; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

Q_SIGNALS:
    // A scan was applied to the rows.
    void scanned();

private:
    // Kept small: 20,000 sockets make 20,000 rows. A socket's name is rebuilt from its
    // inode and its state read from the sockets model when shown.
    struct Row {
        int fd = -1;
        fdscan::Kind kind = fdscan::Kind::Unknown;
        bool engineEpoll = false;
        sks::SocketId socket = 0;
        quint64 inode = 0;
        QString target;        // readlink's text, for everything but sockets
        int watches = 0;
        int watchedBy = -1;
        int sameAs = -1;       // another descriptor of the same socket
        bool operator==(const Row&) const = default;
        QString targetText() const;
    };

    void apply(const std::shared_ptr<const fdscan::Scan>& scan);
    std::vector<Row> resolve(const fdscan::Scan& scan) const;
    void onSocketsUpdated(const std::vector<sks::SocketId>& ids);
    void markDirty();
    void scheduleScan(qint64 delayMs);
    void onTimer();
    QString aboutText(const Row& row) const;
    bool isEngines(const Row& row) const;
    QVariant displayData(const Row& row, int column) const;

    const SocketsModel& m_sockets;
    const int m_notifyFd;
    DescriptorScanner* m_scanner = nullptr;
    QTimer* m_timer = nullptr;
    std::vector<Row> m_rows;
    QElapsedTimer m_sinceScan;
    qint64 m_lastScanNs = 0;
    int m_socketRows = 0;
    bool m_active = false;
    bool m_dirty = true;
    bool m_inFlight = false;
};
