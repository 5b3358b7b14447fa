#pragma once

#include "core/engine/socketstate.h"

#include <QWidget>

class DescriptorsModel;
class HintTreeView;
class QLabel;
class SocketsModel;

// The app's own descriptor table (/proc/self/fd): stdin/stdout/stderr, the engine's
// epoll, eventfds and timer, and every user socket as socket:[inode]. It reads the table
// only while it is visible.
class DescriptorsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DescriptorsPanel)

public:
    DescriptorsPanel(const SocketsModel& sockets, int engineNotifyFd, QWidget* parent = nullptr);
    ~DescriptorsPanel() override;

    DescriptorsModel* model() const noexcept { return m_model; }
    HintTreeView* view() const noexcept { return m_view; }

Q_SIGNALS:
    // The user activated a descriptor that belongs to a user socket.
    void socketActivated(sks::SocketId id);

private:
    void updateSummary();

    DescriptorsModel* m_model = nullptr;
    HintTreeView* m_view = nullptr;
    QLabel* m_summary = nullptr;
};
