#pragma once

#include "core/engine/socketstate.h"

#include <QWidget>

class QTreeView;
class SocketsModel;

// The socket tree: listeners with the sockets they accepted underneath, clients beside
// them. While there are no sockets the empty view explains how to start.
class SocketsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketsPanel)

public:
    explicit SocketsPanel(SocketsModel& model, QWidget* parent = nullptr);
    ~SocketsPanel() override;

    sks::SocketId currentSocket() const;
    QTreeView* view() const noexcept { return m_view; }

public Q_SLOTS:
    // Makes `id` the current, selected row; does nothing for an unknown id.
    void selectSocket(sks::SocketId id);

Q_SIGNALS:
    // 0 when nothing is selected.
    void currentSocketChanged(sks::SocketId id);

private:
    void onRowsInserted(const QModelIndex& parent);
    void fitColumns();

    SocketsModel& m_model;
    QTreeView* m_view = nullptr;
};
