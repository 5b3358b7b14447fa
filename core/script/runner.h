#pragma once
// The headless runner: a lesson from start to end on an Engine of its own, as
// `sockscope-cli run` and the tests use it. The GUI drives a LessonStepper itself instead.

#include "core/script/stepper.h"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace sks::script {

struct RunOptions {
    std::chrono::milliseconds callTimeout{5000}; // per call (see LessonStepper::Options)
    bool realTime = false; // wait out `pause` statements (off: a pause is only reported)
};

struct RunReport {
    bool passed = false;
    int failedLine = 0;      // 0 when passed (or when the engine could not start)
    std::string failure;     // "line 7: accept(srv) still waiting after 5 s: no client connected"
    std::size_t steps = 0;   // statements run
};

// Called after each statement, on the runner's thread, with the stepper that ran it (for
// socket names).
using StepObserver = std::function<void(const StepResult&, const LessonStepper&)>;

// Runs `program` on a fresh Engine, in a private temporary directory for relative Unix
// paths (created 0700 and removed afterwards, with what the lesson left in it). Stops at
// the first step that fails. Blocks the calling thread: at most callTimeout per call plus
// the pauses (realTime). Every socket the lesson made is closed when the engine stops.
RunReport runLesson(const Program& program, const RunOptions& options, const StepObserver& observer);

// The runner's text output for one step, one string per line without '\n': each journal
// entry's text (strace-like, as the journal prints it), "# narration" for say, nothing for
// a pause.
std::vector<std::string> stepTextLines(const StepResult& step);

// The --json output: one object per journal entry, with "line", "call", "text", "result",
// "errno" (name or null), "fd", "socket" (the lesson's name or null), "socket_id", "bytes"
// (what a send sent or a receive returned, else null), "pending" and "ok"; a say gives
// {"line": n, "say": "..."}.
std::vector<std::string> stepJsonLines(const StepResult& step, const LessonStepper& stepper);

} // namespace sks::script
