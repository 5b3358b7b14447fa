#include "app/lessonsession.h"

#include "app/enginebridge.h"
#include "app/journalmodel.h"
#include "core/script/json.h"
#include "core/sys/errnos.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

#include <optional>

namespace {

std::string kept(std::string_view bytes)
{
    return std::string(bytes.substr(0, LessonSession::kKeptBytes));
}

bool isSendCall(const std::string& call)
{
    return call == "send" || call == "sendto" || call == "sendmsg";
}

} // namespace

LessonSession::LessonSession(EngineBridge& bridge, QObject* parent)
    : QObject(parent)
    , m_recorder(bridge.engine().runtimeDir())
{
    connect(&bridge, &EngineBridge::commandPosted, this, &LessonSession::onCommandPosted);
    connect(&bridge, &EngineBridge::batchTaken, this, &LessonSession::onBatch);
}

LessonSession::~LessonSession() = default;

void LessonSession::onCommandPosted(sks::Ticket ticket, const sks::Command& command)
{
    m_recorder.commandPosted(ticket, command);
    if (const auto* send = std::get_if<sks::cmd::Send>(&command))
        m_sent.emplace(ticket, kept(send->bytes));
    else if (const auto* sendTo = std::get_if<sks::cmd::SendTo>(&command))
        m_sent.emplace(ticket, kept(sendTo->bytes));
    else if (const auto* sendFd = std::get_if<sks::cmd::SendFd>(&command))
        m_sent.emplace(ticket, kept(sendFd->bytes));
}

void LessonSession::onBatch(const sks::EventBatch& batch)
{
    m_recorder.feed(batch);
    for (const sks::Received& received : batch.received)
        m_received[received.journalSeq] = kept(received.bytes);
}

QByteArray LessonSession::lessonText() const
{
    return QByteArray::fromStdString(m_recorder.print());
}

QByteArray LessonSession::journalJson(const JournalModel& journal) const
{
    QByteArray out = "[\n";
    for (int row = 0; row < journal.rowCount(); ++row) {
        const sks::JournalEntry& e = journal.entry(row);
        std::optional<std::string> bytes;
        if (const auto it = m_received.find(e.seq); it != m_received.end()) {
            bytes = it->second;
        } else if (const auto sent = m_sent.find(e.ticket);
                   sent != m_sent.end() && isSendCall(e.call) && !e.pending && e.result >= 0) {
            bytes = sent->second.substr(0, static_cast<std::size_t>(e.result));
        }
        sks::script::JsonObject o;
        o.add("seq", static_cast<std::int64_t>(e.seq)).add("time_ns", e.timeNs);
        o.add("socket_id", static_cast<std::int64_t>(e.socket)).add("fd", std::int64_t{e.fd});
        o.add("call", std::string_view(e.call)).add("text", std::string_view(e.text));
        o.addOrNull("result", e.pending ? std::nullopt : std::optional<std::int64_t>(e.result));
        o.addOrNull("errno", e.error ? std::optional<std::string>(sks::errnoName(e.error)) : std::nullopt);
        o.add("pending", e.pending).add("waited_ns", e.waitedNs);
        o.addOrNull("new_socket", e.newSocket ? std::optional<std::int64_t>(static_cast<std::int64_t>(e.newSocket))
                                              : std::nullopt);
        if (bytes)
            o.add("bytes", std::string_view(*bytes));
        else
            o.addNull("bytes");
        out += QByteArray::fromStdString(o.str());
        out += row + 1 < journal.rowCount() ? ",\n" : "\n";
    }
    out += "]\n";
    return out;
}

QString writeWholeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    const auto failed = [&path, &file] {
        return QCoreApplication::translate("LessonSession", "Cannot write %1: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed();
    if (file.write(bytes) != bytes.size()) {
        const QString why = failed();
        file.cancelWriting();
        return why;
    }
    if (!file.commit())
        return failed();
    return {};
}
