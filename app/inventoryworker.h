#pragma once

#include "core/inspect/socketinventory.h"
#include "core/sys/endpoint.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QThread;

// Runs the system sockets inventory (sks::inspect) on a thread of its own, so the GUI
// thread never reads netlink or /proc: a snapshot with owners scans every /proc/<pid>/fd
// and takes milliseconds to tens of milliseconds.
//
// Requests are made and answers arrive on the GUI thread (the thread that created the
// worker); the work in between runs on the worker thread, one request after the other.
// Destroying the worker waits for the request being worked on (never more than one
// snapshot) and drops the answers still on their way.
class InventoryWorker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InventoryWorker)

public:
    // What the worker found out about who holds an address (see requestHolder()).
    struct HolderAnswer {
        quint64 requestId = 0;
        sks::Endpoint address;
        std::optional<sks::inspect::SystemSocket> holder; // nullopt: no socket holds it
        QString error; // non-empty when the inventory could not be read
    };

    explicit InventoryWorker(QObject* parent = nullptr);
    ~InventoryWorker() override;

    // Takes one snapshot on the worker thread unless one is still being taken (returns
    // false then: a slow machine gets fewer snapshots, never a queue of stale ones).
    // Answers with snapshotReady() or snapshotFailed().
    bool requestSnapshot(const sks::inspect::SnapshotOptions& options);
    bool snapshotInFlight() const noexcept { return m_snapshotInFlight; }

    // Looks up who stands in the way of binding `address` with `socketType` (SOCK_STREAM,
    // SOCK_DGRAM...; see sks::inspect::findAddressHolder). Answers with holderFound().
    void requestHolder(quint64 requestId, const sks::Endpoint& address, int socketType);

Q_SIGNALS:
    // `milliseconds`: how long the snapshot took on the worker thread.
    void snapshotReady(std::shared_ptr<sks::inspect::SocketSnapshot> snapshot, double milliseconds);
    void snapshotFailed(const QString& error);
    void holderFound(const InventoryWorker::HolderAnswer& answer);

private:
    QThread* m_thread = nullptr;
    // Lives on m_thread: the context the requests run in.
    std::unique_ptr<QObject> m_threadContext;
    bool m_snapshotInFlight = false;
};
