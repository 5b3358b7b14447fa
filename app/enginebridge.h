#pragma once

#include "core/engine/commands.h"
#include "core/engine/engine.h"
#include "core/engine/events.h"

#include <QMetaType>
#include <QObject>

#include <deque>
#include <optional>
#include <utility>

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
    // Posts `command`; returns its ticket (every journal entry it produces carries it).
    sks::Ticket post(sks::Command command);
    // The endpoint a cmd::Bind posted through post() asked for, by the bind's ticket, as
    // the user typed it (a host name stays a name). Remembers the last kRememberedBinds.
    std::optional<sks::Endpoint> requestedBindEndpoint(sks::Ticket ticket) const;
    static constexpr std::size_t kRememberedBinds = 256;

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
    // Every batch the engine delivers, once, in order, as it came: emitted from drain()
    // after the batch was applied to both models and after the per-item signals above,
    // so a listener sees models that already hold it (the lesson player, the recorder).
    // Direct connections only: the batch lives on drain()'s stack.
    void batchTaken(const sks::EventBatch& batch);
    // A command post() (or createSocket()) just handed to the engine, with its ticket;
    // emitted before post() returns.
    void commandPosted(sks::Ticket ticket, const sks::Command& command);

private:
    void apply(const sks::EventBatch& batch);

    sks::Engine& m_engine;
    QSocketNotifier* m_notifier = nullptr;
    SocketsModel* m_sockets = nullptr;
    JournalModel* m_journal = nullptr;
    sks::Totals m_totals;
    std::deque<std::pair<sks::Ticket, sks::Endpoint>> m_bindRequests; // oldest first
};

Q_DECLARE_METATYPE(sks::Notice)
Q_DECLARE_METATYPE(sks::Received)
Q_DECLARE_METATYPE(sks::Totals)
