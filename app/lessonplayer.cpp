#include "app/lessonplayer.h"

#include "app/enginebridge.h"
#include "core/script/printer.h"
#include "core/script/stepper.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

using sks::script::LessonStepper;
using sks::script::StepClock;
using sks::script::StepResult;

// The stepper's commands go through the bridge like the user's own clicks.
class LessonPlayer::BridgeSink final : public sks::script::CommandSink {
public:
    explicit BridgeSink(EngineBridge& bridge) : m_bridge(bridge) {}
    sks::SocketId newSocketId() override { return m_bridge.engine().newSocketId(); }
    sks::Ticket post(sks::Command command) override { return m_bridge.post(std::move(command)); }

private:
    EngineBridge& m_bridge;
};

LessonPlayer::LessonPlayer(EngineBridge& bridge, QObject* parent)
    : QObject(parent)
    , m_bridge(bridge)
    , m_sink(std::make_unique<BridgeSink>(bridge))
    , m_paceTimer(new QTimer(this))
    , m_deadlineTimer(new QTimer(this))
{
    m_paceTimer->setSingleShot(true);
    m_deadlineTimer->setSingleShot(true);
    m_deadlineTimer->setTimerType(Qt::PreciseTimer);
    connect(m_paceTimer, &QTimer::timeout, this, &LessonPlayer::startStep);
    connect(m_deadlineTimer, &QTimer::timeout, this, &LessonPlayer::pollStep);
    connect(&m_bridge, &EngineBridge::batchTaken, this, &LessonPlayer::onBatch);
}

// The engine closes whatever the lesson left open when it stops; nothing is posted here,
// as the bridge may already be shutting down.
LessonPlayer::~LessonPlayer() = default;

void LessonPlayer::load(lessonlibrary::Lesson lesson)
{
    m_paceTimer->stop();
    m_deadlineTimer->stop();
    if (m_stepper)
        m_stepper->closeAll(*m_sink);
    LessonStepper::Options options;
    options.callTimeout = m_timing.callTimeout;
    options.unixDir = m_bridge.engine().runtimeDir();
    m_stepper = std::make_unique<LessonStepper>(lesson.program, options);
    m_lesson = std::move(lesson);
    m_failures = 0;
    m_stepping = false;
    m_state = m_stepper->state() == LessonStepper::State::Finished ? State::Finished : State::Paused;
    Q_EMIT lessonLoaded();
    Q_EMIT narrationChanged({});
    Q_EMIT stateChanged();
    emitLine();
}

bool LessonPlayer::isBusy() const noexcept
{
    return m_stepper && m_stepper->state() == LessonStepper::State::Running;
}

int LessonPlayer::currentLine() const noexcept
{
    return m_stepper ? m_stepper->currentLine() : 0;
}

void LessonPlayer::play()
{
    if (!m_stepper || m_state == State::Playing)
        return;
    if (m_state == State::Finished) {
        restart();
        if (m_state == State::Finished)
            return; // a lesson without a single statement
    }
    m_stepping = false;
    setState(State::Playing);
    if (!isBusy())
        startStep();
}

void LessonPlayer::pause()
{
    if (m_state != State::Playing)
        return;
    m_paceTimer->stop();
    setState(State::Paused);
}

void LessonPlayer::togglePlay()
{
    if (m_state == State::Playing)
        pause();
    else
        play();
}

void LessonPlayer::step()
{
    pause();
    if (!m_stepper || m_state != State::Paused || isBusy())
        return;
    m_stepping = true;
    startStep();
}

void LessonPlayer::restart()
{
    if (!m_stepper)
        return;
    m_paceTimer->stop();
    m_deadlineTimer->stop();
    m_stepper->restart(*m_sink);
    m_failures = 0;
    m_stepping = false;
    Q_EMIT restarted();
    Q_EMIT narrationChanged({});
    if (m_stepper->state() == LessonStepper::State::Finished)
        setState(State::Finished);
    else if (m_state == State::Playing)
        m_paceTimer->start(delayAfter(StepResult{})); // a breath before the first call again
    else
        setState(State::Paused);
    emitLine();
}

void LessonPlayer::setSpeed(double speed)
{
    speed = std::clamp(speed, kMinSpeed, kMaxSpeed);
    if (speed == m_speed)
        return;
    m_speed = speed;
    Q_EMIT speedChanged(m_speed);
}

void LessonPlayer::startStep()
{
    if (!m_stepper || m_stepper->state() != LessonStepper::State::Ready)
        return;
    const auto now = StepClock::now();
    if (const std::optional<StepResult> done = m_stepper->start(*m_sink, now)) {
        handle(*done);
        return;
    }
    // Waiting for the engine: the batches will answer, or the deadline will.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(m_stepper->deadline() - now);
    m_deadlineTimer->start(std::max(left, std::chrono::milliseconds(0)) + std::chrono::milliseconds(1));
    Q_EMIT stateChanged();
}

void LessonPlayer::onBatch(const sks::EventBatch& batch)
{
    if (!m_stepper)
        return;
    m_stepper->feed(batch);
    pollStep();
}

void LessonPlayer::pollStep()
{
    if (!isBusy())
        return;
    if (const std::optional<StepResult> done = m_stepper->poll(StepClock::now())) {
        m_deadlineTimer->stop();
        handle(*done);
    } else if (!m_deadlineTimer->isActive()) {
        m_deadlineTimer->start(1); // woken a moment early: try again right at the deadline
    }
}

void LessonPlayer::handle(const StepResult& result)
{
    const Outcome outcome = outcomeOf(result);
    if (!outcome.ok)
        ++m_failures;
    if (result.kind == StepResult::Kind::Say)
        Q_EMIT narrationChanged(QString::fromStdString(result.text));
    Q_EMIT stepFinished(outcome);
    emitLine();

    if (m_stepper->state() == LessonStepper::State::Finished) {
        m_stepping = false;
        setState(State::Finished);
        Q_EMIT finished(m_failures == 0);
        return;
    }
    if (m_stepping || !outcome.ok) {
        // A failed expectation stops playback on its line, so the presenter sees why.
        m_stepping = false;
        setState(State::Paused);
        return;
    }
    Q_EMIT stateChanged(); // no longer busy
    if (m_state == State::Playing)
        m_paceTimer->start(delayAfter(result));
}

LessonPlayer::Outcome LessonPlayer::outcomeOf(const StepResult& result) const
{
    Outcome outcome;
    outcome.line = result.line;
    outcome.ok = result.ok;
    outcome.failure = QString::fromStdString(result.failure);
    const auto& statements = m_stepper->program().statements;
    if (result.index < statements.size() && result.kind == StepResult::Kind::Call) {
        const sks::script::Statement& st = statements[result.index];
        outcome.call = true;
        outcome.expectation = st.expect.kind != sks::script::Expectation::Kind::None;
        outcome.statement = QString::fromStdString(sks::script::printCall(st.call)
                                                   + sks::script::printExpectation(st.expect));
        if (!result.entries.empty() && result.primary < result.entries.size())
            outcome.journal = QString::fromStdString(result.entries[result.primary].text);
    }
    return outcome;
}

std::chrono::milliseconds LessonPlayer::delayAfter(const StepResult& result) const
{
    std::chrono::milliseconds base = m_timing.call;
    if (result.kind == StepResult::Kind::Say)
        base = m_timing.say + m_timing.sayPerChar * static_cast<long>(QString::fromStdString(result.text).size());
    else if (result.kind == StepResult::Kind::Pause)
        base = result.pause;
    return std::chrono::milliseconds(std::lround(static_cast<double>(base.count()) / m_speed));
}

void LessonPlayer::setState(State state)
{
    if (!m_stepper)
        state = State::Empty;
    m_state = state;
    Q_EMIT stateChanged(); // also for busy/idle changes within one state
}

void LessonPlayer::emitLine()
{
    Q_EMIT currentLineChanged(currentLine());
}
