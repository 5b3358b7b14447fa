#pragma once

#include "core/engine/socketstate.h"

#include <QGroupBox>

class EngineBridge;
class QComboBox;

// The "New socket" box: two quick buttons for the TCP server and client everyone starts
// with, and a kind picker (TCP, UDP, Unix stream / datagram / seqpacket, socketpair) with
// a Create button for everything else. The family box picks IPv4 or IPv6 for TCP and UDP.
class NewSocketBox final : public QGroupBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NewSocketBox)

public:
    enum class Kind {
        TcpServer, TcpClient, Udp,
        UnixStreamServer, UnixStreamClient, UnixDatagram, UnixSeqPacketServer, UnixSeqPacketClient,
        PairStream, PairDatagram, PairSeqPacket,
    };
    Q_ENUM(Kind)

    explicit NewSocketBox(EngineBridge& bridge, QWidget* parent = nullptr);
    ~NewSocketBox() override;

    // The family the family box shows (IPv4 or IPv6).
    sks::Family family() const;

public Q_SLOTS:
    // Creates a socket (or a socketpair) of `kind`; TCP and UDP use family().
    void create(NewSocketBox::Kind kind);

Q_SIGNALS:
    // A socket was just requested; for a socketpair, its first end.
    void socketRequested(sks::SocketId id);

private:
    void addKinds();
    void addKind(Kind kind, const QString& text, const QString& toolTip);

    EngineBridge& m_bridge;
    QComboBox* m_familyCombo = nullptr;
    QComboBox* m_kindCombo = nullptr;
};
