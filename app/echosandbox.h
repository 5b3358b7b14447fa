#pragma once

#include "core/engine/socketstate.h"

#include <QObject>

class EngineBridge;
namespace sks {
struct EventBatch;
struct Received;
}

// The one-click "echo server and client" sandbox: a TCP server bound to 127.0.0.1:0,
// listening with auto-accept, and a client connected to it, so a learner can send at
// once. The accepted socket echoes: what the client sends is recv()'d and send()'d back
// (real calls, journaled like any other), and the client receives automatically, so the
// bytes are seen going both ways. Built step by step as the engine reports back (the
// client needs the port the kernel picked). A child of whoever starts it; the sockets
// belong to the engine and stay when it is destroyed.
class EchoSandbox final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EchoSandbox)

public:
    explicit EchoSandbox(EngineBridge& bridge, QObject* parent = nullptr);
    ~EchoSandbox() override;

    // Posts the server's calls; ready() or failed() follows. Call once.
    void start();

    sks::SocketId server() const noexcept { return m_server; }
    sks::SocketId client() const noexcept { return m_client; }
    sks::SocketId accepted() const noexcept { return m_accepted; }

Q_SIGNALS:
    // The three sockets exist and are connected.
    void ready(sks::SocketId server, sks::SocketId client, sks::SocketId accepted);
    // A step failed (the reason as the journal would say it).
    void failed(const QString& why);

private:
    void advance();
    void onBatch(const sks::EventBatch& batch);
    void onReceived(const sks::Received& received);

    EngineBridge& m_bridge;
    sks::SocketId m_server = 0;
    sks::SocketId m_client = 0;
    sks::SocketId m_accepted = 0;
    bool m_done = false;
};
