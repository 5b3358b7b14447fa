#pragma once

#include "core/engine/socketstate.h"

#include <QWidget>

#include <array>
#include <optional>
#include <utility>
#include <vector>

class EngineBridge;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// The calls a person can make on the selected socket, one row per call with its
// arguments, plus the buttons that create new sockets. Arguments are checked here, in the
// GUI (a malformed endpoint never reaches the engine); the calls themselves are posted to
// the engine. Calls that are not a usual next step stay clickable, because watching the
// kernel refuse them is part of learning.
class ActionsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActionsPanel)

public:
    explicit ActionsPanel(EngineBridge& bridge, QWidget* parent = nullptr);
    ~ActionsPanel() override;

    sks::SocketId socket() const noexcept { return m_socket; }

public Q_SLOTS:
    // The socket the call buttons act on; 0 for none.
    void setSocket(sks::SocketId id);
    // Re-reads the selected socket and the listeners offered to connect().
    void refresh();

Q_SIGNALS:
    // A socket was just created from this panel; select it once it appears.
    void socketRequested(sks::SocketId id);

private:
    static constexpr std::size_t CallCount = 8;

    QWidget* buildNewSocketBox();
    QWidget* buildCallGrid();
    void addSetupRows(QGridLayout* grid, QWidget* box, int& row);
    void addDataRows(QGridLayout* grid, QWidget* box, int& row);
    QPushButton* addCallButton(QGridLayout* grid, int row, sks::Call call, const QString& text,
                               void (ActionsPanel::*run)());
    QLabel* addErrorLabel(QGridLayout* grid, int row, const QString& objectName);
    void createSocket(sks::Role role);
    void updateHeader(const sks::SocketInfo* info);
    void updateButtons(const sks::SocketInfo* info);
    void updateConnectTargets(const sks::SocketInfo* info);
    void adaptBindDefault(const sks::SocketInfo& info);
    std::optional<sks::Endpoint> parseEndpoint(const QString& text, QLabel* errorLabel);
    static void showError(QLabel* label, const QString& message);

    void runBind();
    void runListen();
    void runAccept();
    void runConnect();
    void runSend();
    void runRecv();
    void runShutdown();
    void runClose();

    EngineBridge& m_bridge;
    sks::SocketId m_socket = 0;
    std::vector<std::pair<QString, sks::SocketId>> m_connectTargets;

    QComboBox* m_familyCombo = nullptr;
    QLabel* m_header = nullptr;
    std::array<QPushButton*, CallCount> m_callButtons{};
    QLineEdit* m_bindEdit = nullptr;
    QLabel* m_bindError = nullptr;
    QSpinBox* m_backlogSpin = nullptr;
    QCheckBox* m_autoAcceptCheck = nullptr;
    QComboBox* m_connectCombo = nullptr;
    QLabel* m_connectError = nullptr;
    QLineEdit* m_sendEdit = nullptr;
    QLabel* m_sendError = nullptr;
    QSpinBox* m_recvSizeSpin = nullptr;
    QComboBox* m_shutdownCombo = nullptr;
    QCheckBox* m_blockingCheck = nullptr;
};
