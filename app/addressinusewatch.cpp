#include "app/addressinusewatch.h"

#include "app/enginebridge.h"
#include "app/inventoryworker.h"
#include "app/journalmodel.h"
#include "app/socketsmodel.h"

#include <QCoreApplication>

#include <cerrno>

namespace inspect = sks::inspect;

namespace {

QString qText(const std::string& text) { return QString::fromStdString(text); }

} // namespace

AddressInUseWatch::AddressInUseWatch(EngineBridge& bridge, InventoryWorker& worker, QObject* parent)
    : QObject(parent)
    , m_bridge(bridge)
    , m_worker(worker)
    , m_scannedRows(bridge.journal()->rowCount())
{
    // After a whole batch, not on rowsInserted: the journal is applied before the sockets,
    // and the failed socket's type comes from the sockets model.
    connect(&m_bridge, &EngineBridge::batchApplied, this, &AddressInUseWatch::scanNewRows);
    connect(&m_worker, &InventoryWorker::holderFound, this, &AddressInUseWatch::onHolderFound);
}

AddressInUseWatch::~AddressInUseWatch() = default;

std::optional<sks::Endpoint> AddressInUseWatch::endpointInBindText(const std::string& text)
{
    // "bind(<fd>, <endpoint>) = -1 EADDRINUSE ...": an IP endpoint never holds ") = ".
    if (!text.starts_with("bind("))
        return std::nullopt;
    const std::size_t start = text.find(", ");
    const std::size_t end = text.find(") = ");
    if (start == std::string::npos || end == std::string::npos || end < start + 2)
        return std::nullopt;
    auto endpoint = sks::Endpoint::parse(std::string_view(text).substr(start + 2, end - start - 2));
    if (!endpoint || endpoint->isName())
        return std::nullopt;
    return *endpoint;
}

std::optional<sks::Endpoint> AddressInUseWatch::boundAddress(const sks::JournalEntry& entry) const
{
    // The requested endpoint keeps a Unix path byte for byte; a name was resolved by the
    // engine, whose answer only the journal text has.
    if (auto requested = m_bridge.requestedBindEndpoint(entry.ticket); requested && !requested->isName())
        return requested;
    return endpointInBindText(entry.text);
}

void AddressInUseWatch::scanNewRows()
{
    const JournalModel& journal = *m_bridge.journal();
    for (; m_scannedRows < journal.rowCount(); ++m_scannedRows) {
        const sks::JournalEntry& entry = journal.entry(m_scannedRows);
        if (entry.call != "bind" || entry.error != EADDRINUSE)
            continue;
        const std::optional<sks::Endpoint> address = boundAddress(entry);
        if (!address)
            continue;
        const sks::SocketInfo* info = m_bridge.sockets()->info(entry.socket);
        const int type = sks::toSocketType(info ? info->type : sks::SockType::Stream);
        const quint64 request = m_nextRequest++;
        m_pending.insert(request, Pending{entry.seq, entry.socket});
        m_worker.requestHolder(request, *address, type);
    }
}

QString AddressInUseWatch::sentenceFor(const InventoryWorker::HolderAnswer& answer) const
{
    const QString address = qText(answer.address.toString());
    if (!answer.error.isEmpty())
        return tr("Who holds %1 could not be found out: %2").arg(address, answer.error);
    if (!answer.holder) {
        if (answer.address.isUnix() && !answer.address.isAbstract())
            return tr("No socket is bound to %1 now: the file is left over from a socket that closed without "
                      "removing it. Remove it (unlink) or choose another name.")
                .arg(address);
        return tr("No socket holds %1 now: it was released after the bind failed.").arg(address);
    }
    const inspect::SystemSocket& holder = *answer.holder;
    if (holder.owner && holder.owner->pid == QCoreApplication::applicationPid()) {
        for (const sks::SocketInfo* info : m_bridge.sockets()->allSockets())
            if (info->inode == holder.inode && info->state != sks::SocketState::Closed)
                return tr("%1 is held by this app: socket #%2 (fd %3)").arg(address).arg(info->id).arg(holder.owner->fd);
    }
    return qText(inspect::describeAddressHolder(answer.address, holder));
}

void AddressInUseWatch::onHolderFound(const InventoryWorker::HolderAnswer& answer)
{
    if (!m_pending.contains(answer.requestId))
        return; // another client of the worker asked
    const Pending pending = m_pending.take(answer.requestId);
    const QString sentence = sentenceFor(answer);
    m_bridge.journal()->setNote(pending.seq, sentence);
    Q_EMIT explained(tr("bind() on socket #%1 failed with EADDRINUSE: %2").arg(pending.socket).arg(sentence));
}
