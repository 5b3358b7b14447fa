#pragma once

#include "core/engine/socketstate.h"

#include <QObject>

#include <vector>

class SocketsModel;

// Turns the sockets model's row signals into lists of socket ids, so a panel that keeps
// its own view of the sockets (listeners, ports, lanes) looks only at what changed in a
// batch instead of walking all 20,000 sockets each frame.
class SocketChangeFeed final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketChangeFeed)

public:
    explicit SocketChangeFeed(const SocketsModel& model, QObject* parent = nullptr);
    ~SocketChangeFeed() override;

Q_SIGNALS:
    // New sockets (inserted rows) and updated ones (dataChanged), once per model signal.
    // Emitted synchronously while the bridge applies a batch.
    void socketsAdded(const std::vector<sks::SocketId>& ids);
    void socketsUpdated(const std::vector<sks::SocketId>& ids);

private:
    std::vector<sks::SocketId> idsIn(const QModelIndex& parent, int first, int last) const;

    const SocketsModel& m_model;
};
