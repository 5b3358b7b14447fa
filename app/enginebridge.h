#pragma once

#include "core/engine/commands.h"
#include "core/engine/engine.h"
#include "core/engine/events.h"

#include <QMetaType>
#include <QObject>

class QSocketNotifier;
class JournalModel;
class SocketsModel;

// The GUI thread's side of the engine: posts commands and applies the event batches the
// engine hands back. It never makes a socket system call and never blocks; it wakes up
// when the engine's notify eventfd becomes readable.
//
// Owns the socket tree and the journal models (as children). The engine must outlive it.
class EngineBridge final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineBridge)

public:
    explicit EngineBridge(sks::Engine& engine, QObject* parent = nullptr);
    ~EngineBridge() override;

    // For reads the engine allows from any thread (receiveLog, runtimeDir); commands go
    // through post().
    sks::Engine& engine() const noexcept { return m_engine; }
    SocketsModel* sockets() const noexcept { return m_sockets; }
    JournalModel* journal() const noexcept { return m_journal; }
    const sks::Totals& totals() const noexcept { return m_totals; }

    // Posts cmd::Create for a TCP socket and returns its id; the socket appears in
    // sockets() with a later batch (socketAppeared() says when).
    sks::SocketId createSocket(sks::Family family, sks::Role role);
    void post(sks::Command command);

public Q_SLOTS:
    // Applies every batch the engine has ready. Called by the notifier; harmless when
    // nothing is waiting.
    void drain();

Q_SIGNALS:
    void noticeArrived(const sks::Notice& notice);
    void bytesReceived(const sks::Received& received);
    void totalsChanged(const sks::Totals& totals);
    void socketAppeared(sks::SocketId id);
    // After one or more batches were applied to both models.
    void batchApplied();

private:
    void apply(const sks::EventBatch& batch);

    sks::Engine& m_engine;
    QSocketNotifier* m_notifier = nullptr;
    SocketsModel* m_sockets = nullptr;
    JournalModel* m_journal = nullptr;
    sks::Totals m_totals;
};

Q_DECLARE_METATYPE(sks::Notice)
Q_DECLARE_METATYPE(sks::Received)
Q_DECLARE_METATYPE(sks::Totals)
