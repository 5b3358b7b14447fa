#include "core/script/stepper.h"

#include "core/engine/journalformat.h"
#include "core/script/printer.h"
#include "core/script/vocabulary.h"
#include "core/sys/errnos.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace sks::script {

namespace {

std::string lineTag(int line) { return "line " + std::to_string(line) + ": "; }

// "= 0", "= -1 ECONNREFUSED (Connection refused)"
std::string outcomeText(const JournalEntry& e)
{
    if (e.error == 0)
        return "= " + std::to_string(e.result);
    std::string text = "= -1 " + errnoName(e.error);
    if (const ErrnoInfo* info = findErrno(e.error))
        text += " (" + std::string(info->meaning) + ")";
    return text;
}

std::string describeExpectation(const Expectation& e)
{
    switch (e.kind) {
    case Expectation::Kind::None: return "success";
    case Expectation::Kind::Result: return std::to_string(e.value);
    case Expectation::Kind::Errno: return errnoName(e.error);
    case Expectation::Kind::Bytes: return quoteBytes(e.bytes, 64) + " (" + std::to_string(e.bytes.size()) + " bytes)";
    case Expectation::Kind::ByteCount: return std::to_string(e.value) + " bytes";
    }
    return {};
}

// The value a getsockopt entry reports: "... = 0 [1]" or "... = 0 {l_onoff=1, l_linger=0}".
std::optional<std::int64_t> optionValue(const JournalEntry& e)
{
    const std::string_view text = e.text;
    std::size_t at = text.find(" = 0 [");
    std::size_t skip = 6;
    if (at == std::string_view::npos) {
        at = text.find("l_onoff=", text.find(" = 0"));
        skip = 8;
    }
    if (at == std::string_view::npos)
        return std::nullopt;
    std::int64_t value = 0;
    const char* begin = text.data() + at + skip;
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (ec != std::errc{} || end == begin)
        return std::nullopt;
    return value;
}

std::string_view waitingReason(Op op)
{
    switch (op) {
    case Op::Accept: return "no client connected";
    case Op::Connect: return "the connection was not established";
    case Op::Recv:
    case Op::RecvFrom:
    case Op::RecvFd: return "nothing arrived, and the peer did not close";
    case Op::Send:
    case Op::SendTo:
    case Op::SendFd: return "the peer is not reading and the send buffer is full";
    default: return "the call did not complete";
    }
}

} // namespace

LessonStepper::LessonStepper(Program program, Options options) : m_program(std::move(program)), m_options(std::move(options))
{
    for (const Statement& st : m_program.statements)
        if (st.kind == Statement::Kind::Call && st.call.op == Op::Listen)
            m_listened.insert(st.call.socket);
    skipToStatement();
}

int LessonStepper::currentLine() const noexcept
{
    return m_pos < m_program.statements.size() ? m_program.statements[m_pos].at.line : 0;
}

void LessonStepper::skipToStatement() noexcept
{
    const auto& sts = m_program.statements;
    while (m_pos < sts.size() && (sts[m_pos].kind == Statement::Kind::Blank || sts[m_pos].kind == Statement::Kind::Comment))
        ++m_pos;
    m_state = m_pos < sts.size() ? State::Ready : State::Finished;
}

std::optional<StepResult> LessonStepper::start(CommandSink& sink, StepClock::time_point now)
{
    if (m_state != State::Ready)
        return std::nullopt;
    const Statement& st = m_program.statements[m_pos];
    StepResult result;
    result.index = m_pos;
    result.line = st.at.line;
    if (m_callbacks.started)
        m_callbacks.started(m_pos, st.at.line);
    if (st.kind == Statement::Kind::Say) {
        result.kind = StepResult::Kind::Say;
        result.text = st.text;
        return finish(std::move(result));
    }
    if (st.kind == Statement::Kind::Pause) {
        result.kind = StepResult::Kind::Pause;
        result.pause = std::chrono::milliseconds(st.pauseMs);
        return finish(std::move(result));
    }
    std::string why;
    m_run = Running{};
    auto command = commandFor(st.call, sink, why);
    if (!command) {
        result.ok = false;
        result.failure = lineTag(result.line) + printCall(st.call, false) + ": " + why;
        return finish(std::move(result));
    }
    const Ticket ticket = sink.post(std::move(*command));
    if (isModeOp(st.call.op)) {
        m_modeTickets[ticket] = result.line;
        return finish(std::move(result));
    }
    m_run.ticket = ticket;
    m_run.started = now;
    m_deadline = now + m_options.callTimeout;
    m_state = State::Running;
    return std::nullopt;
}

std::optional<Command> LessonStepper::commandFor(const Call& call, CommandSink& sink, std::string& why)
{
    const SocketId s = idOf(call.socket);
    if (!call.socket.empty() && s == 0) {
        why = "'" + call.socket + "' names no socket: the call that was to make it did not";
        return std::nullopt;
    }
    auto address = [&]() { return addressFor(call.address, why); };
    switch (call.op) {
    case Op::Socket: {
        const SocketId id = sink.newSocketId();
        m_names[call.names.at(0)] = id;
        m_made.insert(id);
        const Role role = m_listened.contains(call.names[0]) ? Role::Server : Role::Client;
        return cmd::Create{id, call.family, call.type, role};
    }
    case Op::SocketPair: {
        const SocketId a = sink.newSocketId(), b = sink.newSocketId();
        m_names[call.names.at(0)] = a;
        m_names[call.names.at(1)] = b;
        m_made.insert({a, b});
        return cmd::SocketPair{a, b, call.type};
    }
    case Op::Bind:
        if (auto ep = address())
            return cmd::Bind{s, std::move(*ep)};
        return std::nullopt;
    case Op::Connect:
        if (auto ep = address())
            return cmd::Connect{s, std::move(*ep)};
        return std::nullopt;
    case Op::SendTo:
        if (auto ep = address())
            return cmd::SendTo{s, std::move(*ep), call.bytes};
        return std::nullopt;
    case Op::SendFd: {
        const SocketId passed = idOf(call.passed);
        if (passed == 0) {
            why = "'" + call.passed + "' names no socket";
            return std::nullopt;
        }
        return cmd::SendFd{s, passed, call.bytes};
    }
    case Op::Listen: return cmd::Listen{s, static_cast<int>(call.count)};
    case Op::Accept: return cmd::Accept{s};
    case Op::Send: return cmd::Send{s, call.bytes};
    case Op::Recv: return cmd::Recv{s, static_cast<std::size_t>(call.count)};
    case Op::RecvFrom: return cmd::RecvFrom{s, static_cast<std::size_t>(call.count)};
    case Op::RecvFd: return cmd::RecvFd{s, static_cast<std::size_t>(call.count)};
    case Op::SetOption: return cmd::SetOption{s, call.option, call.value, call.value2};
    case Op::GetOption: return cmd::GetOption{s, call.option};
    case Op::Shutdown: return cmd::Shutdown{s, call.how};
    case Op::Close: return cmd::Close{s};
    case Op::Blocking: return cmd::SetBlocking{s, true};
    case Op::NonBlocking: return cmd::SetBlocking{s, false};
    case Op::AutoAccept: return cmd::SetAutoAccept{s, call.on};
    case Op::KeepFile: return cmd::SetKeepFile{s, call.on};
    }
    return std::nullopt;
}

std::optional<Endpoint> LessonStepper::addressFor(const Address& address, std::string& why) const
{
    if (!address.socket.empty()) {
        auto it = m_sockets.find(idOf(address.socket));
        if (it == m_sockets.end() || it->second.local.isEmpty() || it->second.local.isUnnamedUnix()) {
            why = "'" + address.socket + "' has no address yet to stand for: bind it first (or let listen or connect pick one)";
            return std::nullopt;
        }
        return it->second.local;
    }
    const Endpoint& ep = address.endpoint;
    if (!ep.isUnix() || ep.isAbstract() || m_options.unixDir.empty() || ep.unixName().starts_with('/'))
        return ep;
    std::string path = ep.unixName();
    if (path.starts_with("./"))
        path.erase(0, 2);
    auto placed = Endpoint::parse(m_options.unixDir + "/" + path);
    if (!placed) {
        why = "cannot place " + ep.toString() + " in " + m_options.unixDir + ": " + placed.error().message;
        return std::nullopt;
    }
    return *placed;
}

void LessonStepper::feed(const EventBatch& batch)
{
    for (const SocketInfo& s : batch.sockets)
        m_sockets[s.id] = s;
    if (m_state == State::Running) {
        for (const JournalEntry& e : batch.journal)
            if (e.ticket == m_run.ticket)
                m_run.entries[e.seq] = e;
        for (const Received& r : batch.received)
            if (m_run.entries.contains(r.journalSeq))
                m_run.received[r.journalSeq] = r.bytes;
        for (const Notice& n : batch.notices)
            if (n.ticket == m_run.ticket)
                m_run.notices.push_back(n);
    }
    for (const Notice& n : batch.notices)
        if (auto it = m_modeTickets.find(n.ticket); it != m_modeTickets.end() && n.level != Notice::Level::Info)
            m_lateFailure = lineTag(it->second) + "refused: " + n.text;
}

std::optional<StepResult> LessonStepper::poll(StepClock::time_point now)
{
    if (m_state != State::Running)
        return std::nullopt;
    const bool answered = !m_run.entries.empty() || !m_run.notices.empty();
    const bool pending = std::any_of(m_run.entries.begin(), m_run.entries.end(), [](const auto& kv) { return kv.second.pending; });
    if ((!answered || pending) && now < m_deadline)
        return std::nullopt;
    StepResult result = callResult();
    if (!answered || pending) {
        result.ok = false;
        result.failure = timeoutMessage();
    } else {
        evaluate(result);
        adoptNames(result);
    }
    m_run = Running{};
    return finish(std::move(result));
}

StepResult LessonStepper::finish(StepResult result)
{
    if (!m_lateFailure.empty() && result.ok) {
        result.ok = false;
        result.failure = std::exchange(m_lateFailure, {});
    }
    ++m_pos;
    skipToStatement();
    if (m_callbacks.finished)
        m_callbacks.finished(result);
    return result;
}

StepResult LessonStepper::callResult() const
{
    const Statement& st = m_program.statements[m_pos];
    StepResult result;
    result.index = m_pos;
    result.line = st.at.line;
    const std::string_view call = journalCallName(st.call.op);
    bool found = false;
    for (const auto& [seq, e] : m_run.entries) {
        if (!found && e.call == call) {
            result.primary = result.entries.size();
            found = true;
        }
        result.entries.push_back(e);
    }
    if (!result.entries.empty())
        if (auto it = m_run.received.find(result.entries[result.primary].seq); it != m_run.received.end())
            result.received = it->second;
    return result;
}

void LessonStepper::evaluate(StepResult& result) const
{
    const Statement& st = m_program.statements[result.index];
    const std::string where = lineTag(result.line) + printCall(st.call, false) + " ";
    if (result.entries.empty()) {
        std::string why;
        for (const Notice& n : m_run.notices)
            why += (why.empty() ? "" : "; ") + n.text;
        result.ok = false;
        result.failure = where + "was refused: " + why;
        return;
    }
    const JournalEntry& e = result.entries[result.primary];
    const Expectation& want = st.expect;
    const bool isGet = st.call.op == Op::GetOption;
    const auto value = isGet ? optionValue(e) : std::optional<std::int64_t>(e.result);
    switch (want.kind) {
    case Expectation::Kind::None: result.ok = e.error == 0; break;
    case Expectation::Kind::Result:
    case Expectation::Kind::ByteCount: result.ok = e.error == 0 && value == want.value; break;
    case Expectation::Kind::Errno: result.ok = e.error == want.error || (isGet && e.error == 0 && value == want.error); break;
    case Expectation::Kind::Bytes: result.ok = e.error == 0 && result.received == want.bytes; break;
    }
    if (result.ok)
        return;
    if (want.kind == Expectation::Kind::None) {
        result.failure = where + "failed: " + outcomeText(e) + "; if the lesson means it, write: expect " + errnoName(e.error);
        return;
    }
    std::string got = outcomeText(e);
    if (want.kind == Expectation::Kind::Bytes && e.error == 0)
        got = "returned " + quoteBytes(result.received, 64) + " (" + std::to_string(result.received.size()) + " bytes)";
    else if (isGet && value && e.error == 0)
        got = "= 0 with the value " + std::to_string(*value);
    result.failure = where + got + ", expected " + describeExpectation(want);
}

void LessonStepper::adoptNames(const StepResult& result)
{
    const Call& call = m_program.statements[result.index].call;
    if ((call.op != Op::Accept && call.op != Op::RecvFd) || call.names.empty() || result.entries.empty())
        return;
    const JournalEntry& e = result.entries[result.primary];
    const SocketId made = e.error == 0 ? e.newSocket : 0;
    m_names[call.names.front()] = made;
    if (made != 0)
        m_made.insert(made);
}

std::string LessonStepper::timeoutMessage() const
{
    const Statement& st = m_program.statements[m_pos];
    const std::string seconds = printSeconds(m_options.callTimeout.count()) + " s";
    const std::string head = lineTag(st.at.line) + printCall(st.call, false);
    if (m_run.entries.empty() && m_run.notices.empty())
        return head + ": the engine did not answer within " + seconds;
    return head + " still waiting after " + seconds + ": " + std::string(waitingReason(st.call.op));
}

void LessonStepper::closeAll(CommandSink& sink)
{
    for (SocketId id : m_made) {
        auto it = m_sockets.find(id);
        if (it != m_sockets.end() && it->second.state != SocketState::Closed)
            sink.post(cmd::Close{id});
    }
}

void LessonStepper::restart(CommandSink& sink)
{
    closeAll(sink);
    m_names.clear();
    m_made.clear();
    m_modeTickets.clear();
    m_lateFailure.clear();
    m_run = Running{};
    m_pos = 0;
    skipToStatement();
}

std::string LessonStepper::nameOf(SocketId id) const
{
    if (id == 0)
        return {};
    for (const auto& [name, named] : m_names)
        if (named == id)
            return name;
    return {};
}

SocketId LessonStepper::idOf(const std::string& name) const
{
    auto it = m_names.find(name);
    return it == m_names.end() ? 0 : it->second;
}

} // namespace sks::script
