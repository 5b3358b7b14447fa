#pragma once

#include "core/engine/socketstate.h"

#include <QWidget>

class HintTreeView;
class ListenersModel;
class SocketsModel;

// Every listening socket with its backlog and its accept queue drawn as a gauge that
// fills while clients connect and nobody accepts them; an overflowing queue turns red
// and says so in words.
class ListenersPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListenersPanel)

public:
    explicit ListenersPanel(const SocketsModel& sockets, QWidget* parent = nullptr);
    ~ListenersPanel() override;

    ListenersModel* model() const noexcept { return m_model; }
    HintTreeView* view() const noexcept { return m_view; }

Q_SIGNALS:
    // The user double-clicked (or pressed Enter on) a listener.
    void socketActivated(sks::SocketId id);

private:
    ListenersModel* m_model = nullptr;
    HintTreeView* m_view = nullptr;
};
