#pragma once

#include "core/engine/commands.h"
#include "core/engine/events.h"
#include "core/script/recorder.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <unordered_map>

class EngineBridge;
class JournalModel;

// Everything the user (and the lesson player) did since the window opened, kept for the
// File menu: "Save session as lesson" (a LessonRecorder fed with every posted command and
// every batch) and "Export journal as JSON" (with the bytes each send and receive moved,
// which the journal's text only abbreviates).
class LessonSession final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LessonSession)

public:
    // Starts recording at once; `bridge` must outlive it.
    explicit LessonSession(EngineBridge& bridge, QObject* parent = nullptr);
    ~LessonSession() override;

    const sks::script::LessonRecorder& recorder() const noexcept { return m_recorder; }
    // The session as .sks text (LessonRecorder::print()).
    QByteArray lessonText() const;

    // The journal as a JSON array with one object per call, one per line: seq, time_s,
    // socket_id, fd, call, text, result (null while pending), errno (name or null), pending,
    // waited_s, new_socket (or null), bytes (what a send sent or a receive returned, up to
    // kKeptBytes, or null). Valid JSON whatever the bytes (core/script/json.h).
    QByteArray journalJson(const JournalModel& journal) const;
    static constexpr std::size_t kKeptBytes = 64 * 1024;

private:
    void onCommandPosted(sks::Ticket ticket, const sks::Command& command);
    void onBatch(const sks::EventBatch& batch);

    sks::script::LessonRecorder m_recorder;
    std::unordered_map<sks::Ticket, std::string> m_sent;        // by ticket: bytes a send was given
    std::unordered_map<std::uint64_t, std::string> m_received;  // by journal seq
};

// Writes `bytes` to `path` atomically (QSaveFile): all or nothing. Returns an empty string,
// or why it failed ("Cannot write /x/y.sks: Permission denied").
QString writeWholeFile(const QString& path, const QByteArray& bytes);
