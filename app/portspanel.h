#pragma once

#include "core/engine/socketstate.h"

#include <QWidget>

class HintTreeView;
class PortsModel;
class SocketsModel;

// Every port the app's sockets use, with the kernel's ephemeral range drawn behind it.
// Recomputed only while visible.
class PortsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortsPanel)

public:
    explicit PortsPanel(const SocketsModel& sockets, QWidget* parent = nullptr);
    ~PortsPanel() override;

    PortsModel* model() const noexcept { return m_model; }
    HintTreeView* view() const noexcept { return m_view; }

Q_SIGNALS:
    // The first socket using the activated port.
    void socketActivated(sks::SocketId id);

private:
    PortsModel* m_model = nullptr;
    HintTreeView* m_view = nullptr;
};
