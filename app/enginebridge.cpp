#include "app/enginebridge.h"

#include "app/journalmodel.h"
#include "app/socketsmodel.h"

#include <QMetaMethod>
#include <QSocketNotifier>

EngineBridge::EngineBridge(sks::Engine& engine, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_notifier(new QSocketNotifier(engine.notifyFd(), QSocketNotifier::Read, this))
    , m_sockets(new SocketsModel(this))
    , m_journal(new JournalModel(this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &EngineBridge::drain);
}

EngineBridge::~EngineBridge() = default;

sks::SocketId EngineBridge::createSocket(sks::Family family, sks::Role role)
{
    // Through post(), so commandPosted() reports the creation like any other command.
    const sks::SocketId id = m_engine.newSocketId();
    post(sks::cmd::Create{id, family, sks::SockType::Stream, role});
    return id;
}

sks::Ticket EngineBridge::post(sks::Command command)
{
    // Kept for AddressInUseWatch: an EADDRINUSE names the address the user asked for.
    std::optional<sks::Endpoint> bindEndpoint;
    if (const auto* bind = std::get_if<sks::cmd::Bind>(&command))
        bindEndpoint = bind->endpoint;
    // A copy only when someone listens (the recorder): sends may carry large payloads.
    std::optional<sks::Command> posted;
    if (isSignalConnected(QMetaMethod::fromSignal(&EngineBridge::commandPosted)))
        posted = command;
    const sks::Ticket ticket = m_engine.post(std::move(command));
    if (bindEndpoint) {
        if (m_bindRequests.size() == kRememberedBinds)
            m_bindRequests.pop_front();
        m_bindRequests.emplace_back(ticket, std::move(*bindEndpoint));
    }
    if (posted)
        Q_EMIT commandPosted(ticket, *posted);
    return ticket;
}

std::optional<sks::Endpoint> EngineBridge::requestedBindEndpoint(sks::Ticket ticket) const
{
    for (const auto& [posted, endpoint] : m_bindRequests)
        if (posted == ticket)
            return endpoint;
    return std::nullopt;
}

void EngineBridge::drain()
{
    // takeBatches() resets the eventfd, so the notifier does not fire again for these.
    const std::vector<sks::EventBatch> batches = m_engine.takeBatches();
    if (batches.empty())
        return;
    for (const sks::EventBatch& batch : batches)
        apply(batch);
    Q_EMIT batchApplied();
}

void EngineBridge::apply(const sks::EventBatch& batch)
{
    m_journal->apply(batch.journal);
    const std::vector<sks::SocketId> added = m_sockets->apply(batch.sockets);
    for (const sks::SocketId id : added)
        Q_EMIT socketAppeared(id);
    for (const sks::Received& received : batch.received)
        Q_EMIT bytesReceived(received);
    for (const sks::Notice& notice : batch.notices)
        Q_EMIT noticeArrived(notice);
    const sks::Totals& t = batch.totals;
    if (t.openSockets != m_totals.openSockets || t.bytesIn != m_totals.bytesIn
        || t.bytesOut != m_totals.bytesOut) {
        m_totals = t;
        Q_EMIT totalsChanged(m_totals);
    }
    Q_EMIT batchTaken(batch);
}
