#include "app/enginebridge.h"

#include "app/journalmodel.h"
#include "app/socketsmodel.h"

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
    return m_engine.create(family, sks::SockType::Stream, role);
}

void EngineBridge::post(sks::Command command)
{
    m_engine.post(std::move(command));
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
}
