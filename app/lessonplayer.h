#pragma once

#include "app/lessonlibrary.h"
#include "core/engine/events.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <chrono>
#include <memory>
#include <optional>

class EngineBridge;
class QTimer;

namespace sks::script {
class LessonStepper;
struct StepResult;
} // namespace sks::script

// Plays a lesson in the GUI: drives a LessonStepper (core/script/stepper.h) on the GUI
// thread, posting its commands through the bridge (so the panels, the journal and the
// session recorder see them like the user's own) and feeding it every batch the bridge
// takes. Never blocks: a call that waits is polled as batches arrive and at its deadline.
//
// Playing runs one statement after another, paced so a viewer can follow (Timing, divided
// by the speed); a failed expectation pauses playback on its line. Stepping runs exactly
// one statement and stays paused; a pause statement is not waited out when stepping.
class LessonPlayer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LessonPlayer)

public:
    enum class State { Empty, Paused, Playing, Finished };

    // How long each kind of statement stays on screen before the next one starts, at 1x.
    struct Timing {
        std::chrono::milliseconds call{700};
        std::chrono::milliseconds say{1200};   // plus sayPerChar for each character
        std::chrono::milliseconds sayPerChar{35};
        std::chrono::milliseconds callTimeout{10000}; // a call still waiting then fails
    };

    // What one statement did, for the panel.
    struct Outcome {
        int line = 0;
        bool ok = true;
        bool call = false;           // a call (not say or pause)
        bool expectation = false;    // the call had an explicit `expect`
        QString statement;           // "recv(conn, 1024) expect \"hello\\n\""
        QString journal;             // the call's journal text: "recv(6, \"hello\\n\", 1024) = 6"
        QString failure;             // "line 7: accept(srv) still waiting after 10 s: ..."
    };

    static constexpr double kMinSpeed = 0.25;
    static constexpr double kMaxSpeed = 4.0;

    explicit LessonPlayer(EngineBridge& bridge, QObject* parent = nullptr);
    ~LessonPlayer() override;

    // Replaces the lesson (closing the sockets the previous one left open) and waits,
    // paused, on its first statement.
    void load(lessonlibrary::Lesson lesson);
    const lessonlibrary::Lesson* lesson() const noexcept { return m_lesson ? &*m_lesson : nullptr; }

    State state() const noexcept { return m_state; }
    // A call was posted and its result has not arrived yet.
    bool isBusy() const noexcept;
    // The line running, or to run next; 0 when finished or empty.
    int currentLine() const noexcept;
    double speed() const noexcept { return m_speed; }
    int failures() const noexcept { return m_failures; }
    // The stepper playing the lesson (socket names), or nullptr when empty.
    const sks::script::LessonStepper* stepper() const noexcept { return m_stepper.get(); }

    void setTiming(const Timing& timing) { m_timing = timing; }
    const Timing& timing() const noexcept { return m_timing; }

public Q_SLOTS:
    void play();
    void pause();
    void togglePlay();
    // Runs the next statement only (pausing playback first).
    void step();
    // Closes what the lesson opened and goes back to its first statement; keeps playing
    // if it was playing.
    void restart();
    // Clamped to kMinSpeed..kMaxSpeed. A wait already under way keeps its length.
    void setSpeed(double speed);

Q_SIGNALS:
    void lessonLoaded();
    void stateChanged();
    void currentLineChanged(int line);
    // A `say` ran: the caption to show. Empty: clear it (restart, new lesson).
    void narrationChanged(const QString& text);
    void stepFinished(const LessonPlayer::Outcome& outcome);
    // Back on the first statement after restart(); outcomes shown so far are stale.
    void restarted();
    void finished(bool passed);
    void speedChanged(double speed);

private:
    class BridgeSink;

    void onBatch(const sks::EventBatch& batch);
    void startStep();
    void pollStep();
    void handle(const sks::script::StepResult& result);
    Outcome outcomeOf(const sks::script::StepResult& result) const;
    std::chrono::milliseconds delayAfter(const sks::script::StepResult& result) const;
    void setState(State state);
    void emitLine();

    EngineBridge& m_bridge;
    std::unique_ptr<BridgeSink> m_sink;
    std::optional<lessonlibrary::Lesson> m_lesson;
    std::unique_ptr<sks::script::LessonStepper> m_stepper;
    QTimer* m_paceTimer = nullptr;     // the wait before the next statement while playing
    QTimer* m_deadlineTimer = nullptr; // wakes a waiting call at its timeout
    Timing m_timing;
    State m_state = State::Empty;
    double m_speed = 1.0;
    int m_failures = 0;
    bool m_stepping = false; // step(): stop after this statement
};

Q_DECLARE_METATYPE(LessonPlayer::Outcome)
