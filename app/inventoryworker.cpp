#include "app/inventoryworker.h"

#include <QThread>

#include <chrono>

namespace inspect = sks::inspect;

InventoryWorker::InventoryWorker(QObject* parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_threadContext(std::make_unique<QObject>())
{
    m_thread->setObjectName(QStringLiteral("inventory"));
    m_threadContext->moveToThread(m_thread);
    m_thread->start(QThread::LowPriority);
}

InventoryWorker::~InventoryWorker()
{
    m_thread->quit();
    m_thread->wait();
    // The thread has stopped, so its context can go from here; answers still queued for
    // this object are dropped with it.
    m_threadContext.reset();
}

bool InventoryWorker::requestSnapshot(const inspect::SnapshotOptions& options)
{
    if (m_snapshotInFlight)
        return false;
    m_snapshotInFlight = true;
    QMetaObject::invokeMethod(m_threadContext.get(), [this, options] {
        const auto start = std::chrono::steady_clock::now();
        auto result = inspect::takeSocketSnapshot(options);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        // Back on the GUI thread. `this` outlives the call: the destructor joins this thread.
        if (!result) {
            QMetaObject::invokeMethod(this, [this, error = QString::fromStdString(result.error().toString())] {
                m_snapshotInFlight = false;
                Q_EMIT snapshotFailed(error);
            }, Qt::QueuedConnection);
            return;
        }
        auto snapshot = std::make_shared<inspect::SocketSnapshot>(std::move(*result));
        QMetaObject::invokeMethod(this, [this, snapshot = std::move(snapshot), ms] {
            m_snapshotInFlight = false;
            Q_EMIT snapshotReady(snapshot, ms);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
    return true;
}

void InventoryWorker::requestHolder(quint64 requestId, const sks::Endpoint& address, int socketType)
{
    QMetaObject::invokeMethod(m_threadContext.get(), [this, requestId, address, socketType] {
        HolderAnswer answer;
        answer.requestId = requestId;
        answer.address = address;
        if (auto holder = inspect::findAddressHolder(address, socketType))
            answer.holder = std::move(*holder);
        else
            answer.error = QString::fromStdString(holder.error().toString());
        QMetaObject::invokeMethod(this, [this, answer = std::move(answer)] { Q_EMIT holderFound(answer); },
                                  Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}
