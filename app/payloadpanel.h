#pragma once

#include "core/engine/socketstate.h"

#include <QWidget>

class EngineBridge;
class HexDumpView;
class PayloadComposer;
class QCheckBox;
class QLabel;
class QTimer;

// The payload console for the selected socket: what it received, as a hex dump with each
// recv() or datagram marked (read from the socket's ReceiveLog once a frame, only the
// lines on screen), and a composer for what to send. The auto-receive switch makes the
// engine read everything as it arrives, so the dump fills by itself.
class PayloadPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PayloadPanel)

public:
    explicit PayloadPanel(EngineBridge& bridge, QWidget* parent = nullptr);
    ~PayloadPanel() override;

    sks::SocketId socket() const noexcept { return m_socket; }
    HexDumpView* viewer() const noexcept { return m_viewer; }
    PayloadComposer* composer() const noexcept { return m_composer; }

public Q_SLOTS:
    void setSocket(sks::SocketId id);

private:
    QWidget* buildHeader();
    void refresh();
    void updateStatus(const sks::SocketInfo* info);

    EngineBridge& m_bridge;
    sks::SocketId m_socket = 0;
    QLabel* m_header = nullptr;
    QCheckBox* m_autoRecv = nullptr;
    QCheckBox* m_follow = nullptr;
    HexDumpView* m_viewer = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_dropped = nullptr;
    PayloadComposer* m_composer = nullptr;
    QTimer* m_statusTimer = nullptr;
};
