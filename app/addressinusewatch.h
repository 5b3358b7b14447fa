#pragma once

#include "app/inventoryworker.h"
#include "core/engine/events.h"

#include <QHash>
#include <QObject>

#include <optional>
#include <string>

class EngineBridge;

// Explains each bind() that fails with EADDRINUSE: looks up, on the inventory worker's
// thread, which socket holds the address, and names it in the failed journal row's
// explanation ("127.0.0.1:8080 is held by pid 1234 (nginx), fd 6", or "held by this app:
// socket #3") and in explained(), which the window shows as a notice.
//
// The address is the one the user asked for: the bridge remembers the endpoint of every
// Bind it posted by the command's ticket, and the journal entry carries that ticket. A
// bind posted around the bridge (or one asking for a host name, which the engine resolved)
// falls back to the resolved address the engine printed in the journal text.
class AddressInUseWatch final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddressInUseWatch)

public:
    AddressInUseWatch(EngineBridge& bridge, InventoryWorker& worker, QObject* parent = nullptr);
    ~AddressInUseWatch() override;

    // The address a failed bind asked for, as described above; nullopt when the entry
    // names none that parses.
    std::optional<sks::Endpoint> boundAddress(const sks::JournalEntry& entry) const;
    // The endpoint printed in a journal text "bind(5, 127.0.0.1:8080) = -1 EADDRINUSE ...".
    static std::optional<sks::Endpoint> endpointInBindText(const std::string& text);

Q_SIGNALS:
    void explained(const QString& message);

private:
    struct Pending {
        quint64 seq = 0;
        sks::SocketId socket = 0;
    };

    void scanNewRows();
    void onHolderFound(const InventoryWorker::HolderAnswer& answer);
    QString sentenceFor(const InventoryWorker::HolderAnswer& answer) const;

    EngineBridge& m_bridge;
    InventoryWorker& m_worker;
    int m_scannedRows = 0;
    quint64 m_nextRequest = 1;
    QHash<quint64, Pending> m_pending; // by request id
};
