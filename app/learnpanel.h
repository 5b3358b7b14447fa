#pragma once

#include "app/learnsteps.h"

#include <QWidget>

#include <optional>

class EngineBridge;
class QGridLayout;
class QLabel;
class QTextBrowser;

// The "Learn" dock: a server's and a client's life cycle as two columns of steps, the
// selected socket's current step marked "▶ now" (bold, framed) and its next legal steps
// "→ next" (not by color alone), with plain-words explanations underneath. Follows the
// selection (setSocket) and the socket's state (EngineBridge::batchApplied).
class LearnPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LearnPanel)

public:
    explicit LearnPanel(EngineBridge& bridge, QWidget* parent = nullptr);
    ~LearnPanel() override;

    sks::SocketId socket() const noexcept { return m_socket; }
    // Where the selected socket stands; empty when none is selected (or it is unknown).
    std::optional<learn::Position> position() const { return m_position; }

public Q_SLOTS:
    // 0 shows the plain life cycle with nothing highlighted.
    void setSocket(sks::SocketId id);
    void refresh();

private:
    void rebuildColumns(const learn::LifeCycle& cycle);
    QLabel* stepLabel(learn::Side side, learn::Step step) const;

    EngineBridge& m_bridge;
    sks::SocketId m_socket = 0;
    std::optional<learn::Position> m_position;
    learn::LifeCycle m_cycle;
    bool m_haveColumns = false;
    QLabel* m_heading = nullptr;
    QGridLayout* m_grid = nullptr;
    QLabel* m_now = nullptr;
    QTextBrowser* m_topics = nullptr;
};
