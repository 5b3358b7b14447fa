#include "core/script/runner.h"

#include "core/script/json.h"
#include "core/script/vocabulary.h"
#include "core/sys/errnos.h"

#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace sks::script {

namespace {

// A private directory for the lesson's Unix socket files; removed with its contents.
class TempDir {
public:
    TempDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "sockscope-lesson-XXXXXX").string();
        if (::mkdtemp(pattern.data()))
            m_path = pattern;
    }
    ~TempDir()
    {
        std::error_code ignored;
        if (!m_path.empty())
            std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const noexcept { return m_path; }

private:
    std::string m_path;
};

// Hands the engine's batches to the stepper, waiting on notifyFd() at most until `until`.
void pumpUntil(Engine& engine, LessonStepper& stepper, StepClock::time_point until)
{
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - StepClock::now()).count();
    pollfd p{engine.notifyFd(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(0, std::min<std::int64_t>(left, 1000))));
    if (ready < 0 && errno != EINTR)
        std::this_thread::sleep_for(std::chrono::milliseconds(1)); // never spin on a broken poll
    for (const EventBatch& batch : engine.takeBatches())
        stepper.feed(batch);
}

// Runs one statement to its result (bounded by the call timeout).
StepResult runStep(Engine& engine, LessonStepper& stepper, CommandSink& sink)
{
    pumpUntil(engine, stepper, StepClock::now()); // the latest addresses first
    if (auto done = stepper.start(sink, StepClock::now()))
        return std::move(*done);
    for (;;) {
        if (auto done = stepper.poll(StepClock::now()))
            return std::move(*done);
        pumpUntil(engine, stepper, stepper.deadline());
    }
}

void waitOut(Engine& engine, LessonStepper& stepper, std::chrono::milliseconds pause)
{
    const auto until = StepClock::now() + pause;
    while (StepClock::now() < until)
        pumpUntil(engine, stepper, until);
}

} // namespace

RunReport runLesson(const Program& program, const RunOptions& options, const StepObserver& observer)
{
    RunReport report;
    auto engine = Engine::start();
    if (!engine) {
        report.failure = "cannot start the engine: " + engine.error().toString();
        return report;
    }
    TempDir dir;
    if (dir.path().empty()) {
        report.failure = "cannot make a temporary directory for Unix socket files: " + SysError{errno, "mkdtemp"}.toString();
        return report;
    }
    LessonStepper stepper(program, LessonStepper::Options{options.callTimeout, dir.path()});
    EngineSink sink(**engine);
    // Bounded: each pass runs one statement, and each statement is bounded by the timeout.
    while (stepper.state() != LessonStepper::State::Finished) {
        StepResult step = runStep(**engine, stepper, sink);
        ++report.steps;
        if (observer)
            observer(step, stepper);
        if (!step.ok) {
            report.failedLine = step.line;
            report.failure = step.failure;
            return report;
        }
        if (step.kind == StepResult::Kind::Pause && options.realTime)
            waitOut(**engine, stepper, step.pause);
    }
    report.passed = true;
    return report;
}

std::vector<std::string> stepTextLines(const StepResult& step)
{
    std::vector<std::string> lines;
    if (step.kind == StepResult::Kind::Say)
        lines.push_back("# " + step.text);
    for (const JournalEntry& e : step.entries)
        lines.push_back(e.pending ? e.text + " <still waiting>" : e.text);
    return lines;
}

std::vector<std::string> stepJsonLines(const StepResult& step, const LessonStepper& stepper)
{
    std::vector<std::string> lines;
    if (step.kind == StepResult::Kind::Say)
        lines.push_back(JsonObject().add("line", std::int64_t{step.line}).add("say", std::string_view(step.text)).str());
    const Call& call = stepper.program().statements.at(step.index).call;
    for (std::size_t i = 0; i < step.entries.size(); ++i) {
        const JournalEntry& e = step.entries[i];
        const bool primary = i == step.primary;
        std::optional<std::string> bytes;
        if (primary && isReceive(call.op) && e.error == 0)
            bytes = step.received;
        else if (primary && movesBytes(call.op) && e.error == 0 && e.result >= 0)
            bytes = call.bytes.substr(0, static_cast<std::size_t>(e.result));
        const std::string name = stepper.nameOf(e.socket);
        JsonObject o;
        o.add("line", std::int64_t{step.line}).add("call", std::string_view(e.call)).add("text", std::string_view(e.text));
        o.addOrNull("result", e.pending ? std::nullopt : std::optional<std::int64_t>(e.result));
        o.addOrNull("errno", e.error ? std::optional<std::string>(errnoName(e.error)) : std::nullopt);
        o.add("fd", std::int64_t{e.fd});
        o.addOrNull("socket", name.empty() ? std::nullopt : std::optional<std::string>(name));
        o.add("socket_id", std::int64_t{e.socket});
        o.addOrNull("bytes", bytes);
        o.add("pending", e.pending).add("ok", step.ok || !primary);
        lines.push_back(o.str());
    }
    return lines;
}

} // namespace sks::script
