#pragma once

#include "app/endpointtargets.h"
#include "core/engine/socketstate.h"

#include <QWidget>

#include <array>
#include <optional>
#include <utility>
#include <vector>

class EngineBridge;
class NewSocketBox;
class QCheckBox;
class QComboBox;
class QGridLayout;
class QLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// The calls a person can make on the selected socket, one row per call with its
// arguments, plus the box that creates new sockets of every kind. Arguments are checked
// here, in the GUI (a malformed endpoint never reaches the engine); the calls themselves
// are posted to the engine. Calls that are not a usual next step stay clickable, because
// watching the kernel refuse them is part of learning; rows that do not fit the socket's
// kind at all (listen() on UDP) are hidden unless "show every call" is checked.
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

protected:
    // A theme switch: the dimmed call buttons carry the old theme's disabled colour.
    void changeEvent(QEvent* event) override;

private:
    static constexpr std::size_t CallCount = 12;

    QLayout* buildToggles();
    QWidget* buildCallGrid();
    void addSetupRows(QGridLayout* grid, QWidget* box, int& row);
    void addDataRows(QGridLayout* grid, QWidget* box, int& row);
    void addMessageRows(QGridLayout* grid, QWidget* box, int& row);
    void addPassingRows(QGridLayout* grid, QWidget* box, int& row);
    void addEndRows(QGridLayout* grid, QWidget* box, int& row);
    QPushButton* addCallButton(QGridLayout* grid, int row, sks::Call call, const QString& text,
                               void (ActionsPanel::*run)());
    QLabel* addErrorLabel(QGridLayout* grid, int row, const QString& objectName);
    void addRowWidget(sks::Call call, QGridLayout* grid, QWidget* widget, int row);
    void updateHeader(const sks::SocketInfo* info);
    void updateButtons(const sks::SocketInfo* info);
    void updateRowVisibility(const sks::SocketInfo* info);
    void updateTargets(const sks::SocketInfo* info);
    void updatePassTargets(const sks::SocketInfo* info);
    void adaptBindDefault(const sks::SocketInfo& info);
    std::optional<sks::Endpoint> parseEndpoint(const QString& text, QLabel* errorLabel);
    // The escaped bytes of a send field, or the column and message shown in `errorLabel`.
    std::optional<std::string> parseBytes(const QString& text, QLabel* errorLabel);
    static void showError(QLabel* label, const QString& message);

    void runBind();
    void runListen();
    void runAccept();
    void runConnect();
    void runSend();
    void runRecv();
    void runShutdown();
    void runClose();
    void runSendTo();
    void runRecvFrom();
    void runSendFd();
    void runRecvFd();

    EngineBridge& m_bridge;
    sks::SocketId m_socket = 0;
    std::vector<endpointtargets::Target> m_connectTargets;
    std::vector<endpointtargets::Target> m_sendToTargets;
    std::vector<std::uint64_t> m_passSignature; // what the pass-fd list was made from
    QString m_bindDefault; // the endpoint the panel proposed, replaced freely

    NewSocketBox* m_newSocketBox = nullptr;
    QLabel* m_header = nullptr;
    QLabel* m_details = nullptr;
    QCheckBox* m_showAllCheck = nullptr;
    std::array<QPushButton*, CallCount> m_callButtons{};
    std::array<std::vector<QWidget*>, CallCount> m_rowWidgets{}; // hidden together
    std::array<QLabel*, CallCount> m_rowErrors{};
    QLineEdit* m_bindEdit = nullptr;
    QLabel* m_bindError = nullptr;
    QCheckBox* m_keepFileCheck = nullptr;
    QSpinBox* m_backlogSpin = nullptr;
    QCheckBox* m_autoAcceptCheck = nullptr;
    QComboBox* m_connectCombo = nullptr;
    QLabel* m_connectError = nullptr;
    QLineEdit* m_sendEdit = nullptr;
    QLabel* m_sendError = nullptr;
    QSpinBox* m_recvSizeSpin = nullptr;
    QComboBox* m_shutdownCombo = nullptr;
    QCheckBox* m_blockingCheck = nullptr;
    QComboBox* m_sendToCombo = nullptr;
    QLineEdit* m_sendToEdit = nullptr;
    QLabel* m_sendToError = nullptr;
    QSpinBox* m_recvFromSizeSpin = nullptr;
    QComboBox* m_passCombo = nullptr;
    QSpinBox* m_recvFdSizeSpin = nullptr;
};
