#include "app/echosandbox.h"

#include "app/enginebridge.h"
#include "app/socketsmodel.h"
#include "core/sys/errnos.h"

EchoSandbox::EchoSandbox(EngineBridge& bridge, QObject* parent)
    : QObject(parent)
    , m_bridge(bridge)
{
    setObjectName(QStringLiteral("echoSandbox"));
}

EchoSandbox::~EchoSandbox() = default;

void EchoSandbox::start()
{
    if (m_server != 0)
        return;
    // Loopback and a port the kernel picks: safe, and never in anyone's way.
    m_server = m_bridge.createSocket(sks::Family::IPv4, sks::Role::Server);
    m_bridge.post(sks::cmd::Bind{m_server, *sks::Endpoint::parse("127.0.0.1:0")});
    m_bridge.post(sks::cmd::Listen{m_server, 5});
    m_bridge.post(sks::cmd::SetAutoAccept{m_server, true});
    connect(&m_bridge, &EngineBridge::batchApplied, this, &EchoSandbox::advance);
    connect(&m_bridge, &EngineBridge::batchTaken, this, &EchoSandbox::onBatch, Qt::DirectConnection);
    connect(&m_bridge, &EngineBridge::bytesReceived, this, &EchoSandbox::onReceived);
}

void EchoSandbox::advance()
{
    if (m_done)
        return;
    const SocketsModel& sockets = *m_bridge.sockets();
    const sks::SocketInfo* server = sockets.info(m_server);
    if (!server)
        return;
    if (server->state == sks::SocketState::Closed || server->lastError != 0) {
        m_done = true;
        Q_EMIT failed(tr("The echo server could not start: %1 (see the journal).")
                          .arg(QString::fromStdString(sks::errnoName(server->lastError))));
        return;
    }
    if (m_client == 0) {
        if (server->state != sks::SocketState::Listening)
            return;
        m_client = m_bridge.createSocket(sks::Family::IPv4, sks::Role::Client);
        m_bridge.post(sks::cmd::Connect{m_client, server->local});
        return;
    }
    if (m_accepted == 0)
        for (const sks::SocketInfo* s : sockets.allSockets())
            if (s->parent == m_server && s->state != sks::SocketState::Closed)
                m_accepted = s->id;
    const sks::SocketInfo* client = sockets.info(m_client);
    if (client && (client->state == sks::SocketState::Error || client->state == sks::SocketState::Closed)) {
        m_done = true;
        Q_EMIT failed(tr("The echo client could not connect: %1 (see the journal).")
                          .arg(QString::fromStdString(sks::errnoName(client->lastError))));
        return;
    }
    if (m_accepted == 0 || !client || client->state != sks::SocketState::Connected)
        return;
    m_done = true;
    // The echo comes back without a recv() click: the client receives as bytes arrive.
    m_bridge.post(sks::cmd::SetAutoRecv{m_client, true});
    Q_EMIT ready(m_server, m_client, m_accepted);
}

// The client's send() landed in the accepted socket's queue: the echo server reads it...
void EchoSandbox::onBatch(const sks::EventBatch& batch)
{
    if (m_accepted == 0)
        return;
    for (const sks::JournalEntry& e : batch.journal)
        if (e.socket == m_client && e.call == "send" && !e.pending && e.result > 0)
            m_bridge.post(sks::cmd::Recv{m_accepted, static_cast<std::size_t>(e.result)});
}

// ...and sends the same bytes back.
void EchoSandbox::onReceived(const sks::Received& received)
{
    if (received.socket == m_accepted && m_accepted != 0 && !received.bytes.empty())
        m_bridge.post(sks::cmd::Send{m_accepted, received.bytes});
}
