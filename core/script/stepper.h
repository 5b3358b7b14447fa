#pragma once
// Running a lesson one statement at a time on an engine, without ever blocking: the
// building block of the headless runner and of the GUI's player (play, pause, step,
// speed and restart are all decisions of the driver, made between steps).

#include "core/engine/engine.h"
#include "core/script/ast.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sks::script {

using StepClock = std::chrono::steady_clock;

// Where the stepper posts its commands. The headless runner passes an EngineSink; the GUI
// passes an adapter over its bridge, so the stepper never takes the engine's batches away
// from the GUI: the driver hands them over with LessonStepper::feed().
class CommandSink {
public:
    virtual ~CommandSink() = default;
    virtual SocketId newSocketId() = 0;
    virtual Ticket post(Command command) = 0;
};

// A CommandSink straight onto an Engine (which must outlive it).
class EngineSink final : public CommandSink {
public:
    explicit EngineSink(Engine& engine) noexcept : m_engine(engine) {}
    SocketId newSocketId() override { return m_engine.newSocketId(); }
    Ticket post(Command command) override { return m_engine.post(std::move(command)); }

private:
    Engine& m_engine;
};

// One statement, done.
struct StepResult {
    enum class Kind : std::uint8_t { Call, Say, Pause };
    Kind kind = Kind::Call;
    std::size_t index = 0; // into Program::statements
    int line = 0;
    std::string text;                   // Say: the narration
    std::chrono::milliseconds pause{0}; // Pause: how long the lesson wants to wait (unscaled)

    // Call: every journal entry its command made (completed, by seq), and which of them is
    // the call itself (the others: the getsockopt after a setsockopt, an unlink on close).
    std::vector<JournalEntry> entries;
    std::size_t primary = 0;  // index into entries; meaningless when entries is empty
    std::string received;     // the bytes the call's receive returned
    bool ok = true;           // the expectation held (or the call succeeded, with none)
    std::string failure;      // when !ok: "line 7: accept(srv) still waiting after 5 s: no client connected"
};

// Runs a Program statement by statement. Not thread-safe: one thread (the GUI thread, or
// the runner's) calls everything. Owns no engine and no socket: it posts commands through
// a CommandSink and learns their outcome from the batches fed to it.
class LessonStepper {
public:
    struct Options {
        // How long a call may stay pending (a blocking accept with no client) before its
        // step fails. The GUI may pass a longer one; the headless runner uses 5 s.
        std::chrono::milliseconds callTimeout{5000};
        // Relative Unix paths of the lesson ("./x.sock") are placed in this directory, which
        // must exist (the runner makes a private one; the GUI may pass Engine::runtimeDir()).
        // Empty: used as written, relative to the engine process's working directory.
        std::string unixDir;
    };
    enum class State : std::uint8_t { Ready, Running, Finished };

    // Optional notifications, called on the stepper's thread from inside start()/poll():
    // `started` when a statement begins (highlight its line), `finished` with every result
    // (a Say's narration for the caption, a Pause's duration, a call's journal lines).
    // They must not call back into the stepper; queue the next start() instead.
    struct Callbacks {
        std::function<void(std::size_t index, int line)> started;
        std::function<void(const StepResult& result)> finished;
    };

    LessonStepper(Program program, Options options);

    void setCallbacks(Callbacks callbacks) { m_callbacks = std::move(callbacks); }

    State state() const noexcept { return m_state; }
    const Program& program() const noexcept { return m_program; }
    // The statement running (Running) or to run next (Ready): an index into program(); blank
    // and comment lines are skipped. program().statements.size() when Finished.
    std::size_t position() const noexcept { return m_pos; }
    // That statement's line number (for highlighting); 0 when Finished.
    int currentLine() const noexcept;

    // Ready only. Starts the statement at position(). A say or pause completes at once and
    // returns its result (the driver shows the narration, or waits the pause scaled by its
    // speed). A call is posted through `sink` and returns nullopt: the state is Running until
    // poll() returns its result. A mode call (nonblocking, autoaccept, keepfile) and a call
    // that cannot even be posted (its socket's name stands for nothing) complete at once.
    std::optional<StepResult> start(CommandSink& sink, StepClock::time_point now);

    // Every batch the engine delivers, in order, each once, in any state: the stepper follows
    // socket addresses (a name used as an address) and the entries of its running call.
    void feed(const EventBatch& batch);

    // Running only: the result once the call completed, failed, was refused or waited past
    // callTimeout; nullopt while it is still waiting. Cheap: call after every feed(). After a
    // result the state is Ready again (or Finished); a failed step does not stop the stepper.
    std::optional<StepResult> poll(StepClock::time_point now);

    // When the running call times out: a driver that sleeps should wake up by then.
    StepClock::time_point deadline() const noexcept { return m_deadline; }

    // Posts close() for every socket the lesson made that is not closed yet (restart, stop).
    void closeAll(CommandSink& sink);

    // closeAll(), then back to the first statement with no names: play it again. A call
    // still running is abandoned (its late entries are ignored).
    void restart(CommandSink& sink);

    // The lesson's current name for a socket ("" if none) and the socket a name stands for
    // (0 if none).
    std::string nameOf(SocketId id) const;
    SocketId idOf(const std::string& name) const;

private:
    struct Running {
        Ticket ticket = 0;
        StepClock::time_point started;
        std::map<std::uint64_t, JournalEntry> entries; // by seq
        std::map<std::uint64_t, std::string> received; // by journal seq
        std::vector<Notice> notices;
    };

    void skipToStatement() noexcept;
    std::optional<Command> commandFor(const Call& call, CommandSink& sink, std::string& why);
    std::optional<Endpoint> addressFor(const Address& address, std::string& why) const;
    StepResult finish(StepResult result);
    StepResult callResult() const;
    void evaluate(StepResult& result) const;
    void adoptNames(const StepResult& result);
    std::string timeoutMessage() const;

    Program m_program;
    Options m_options;
    Callbacks m_callbacks;
    State m_state = State::Ready;
    std::size_t m_pos = 0;
    std::set<std::string> m_listened; // names some statement calls listen() on: servers
    std::map<std::string, SocketId> m_names;
    std::map<SocketId, SocketInfo> m_sockets;
    std::set<SocketId> m_made;
    std::map<Ticket, int> m_modeTickets; // mode calls, whose refusal can only come later
    std::string m_lateFailure;
    Running m_run;
    StepClock::time_point m_deadline;
};

} // namespace sks::script
