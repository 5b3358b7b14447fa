#include "core/script/recorder.h"

#include "core/script/printer.h"
#include "core/script/vocabulary.h"

#include <algorithm>
#include <charconv>

namespace sks::script {

namespace {

std::string baseName(Role role)
{
    switch (role) {
    case Role::Server: return "srv";
    case Role::Accepted: return "conn";
    case Role::Client: break;
    }
    return "cli";
}

// Whether `local` (a recorded socket's address) is what `target` points at.
bool standsFor(const Endpoint& local, const Endpoint& target)
{
    if (local.isEmpty() || target.isEmpty() || target.isName() || local.isUnnamedUnix())
        return false;
    if (local.isUnix())
        return target.isUnix() && local.unixName() == target.unixName() && local.isAbstract() == target.isAbstract();
    if (target.port() == 0 || local.port() != target.port() || local.family() != target.family())
        return false;
    return local == target || local.isWildcard(); // 0.0.0.0:P is reached as 127.0.0.1:P
}

// The value a getsockopt entry reports ("= 0 [1]" or "l_onoff=1").
std::optional<std::int64_t> reportedValue(const std::string& text)
{
    std::size_t at = text.find(" = 0 [");
    std::size_t skip = 6;
    if (at == std::string::npos) {
        at = text.find("l_onoff=");
        skip = 8;
    }
    std::int64_t value = 0;
    if (at == std::string::npos)
        return std::nullopt;
    auto [end, ec] = std::from_chars(text.data() + at + skip, text.data() + text.size(), value);
    return ec == std::errc{} ? std::optional(value) : std::nullopt;
}

Expectation expectationFor(const Call& call, const JournalEntry& e, const std::string& received)
{
    Expectation x;
    if (e.error != 0) {
        x.kind = Expectation::Kind::Errno;
        x.error = e.error;
    } else if (isReceive(call.op) && e.result > 0) {
        x.kind = Expectation::Kind::Bytes;
        x.bytes = received;
    } else if (isReceive(call.op)) {
        x.kind = Expectation::Kind::Result; // 0: end of stream, or an empty datagram
    } else if (movesBytes(call.op)) {
        x.kind = Expectation::Kind::ByteCount;
        x.value = e.result;
    } else if (call.op == Op::GetOption) {
        if (auto value = reportedValue(e.text)) {
            x.kind = Expectation::Kind::Result;
            x.value = *value;
        }
    }
    return x;
}

} // namespace

LessonRecorder::LessonRecorder(std::string unixDir) : m_unixDir(std::move(unixDir)) {}

void LessonRecorder::clear()
{
    *this = LessonRecorder(std::move(m_unixDir));
}

LessonRecorder::Notes& LessonRecorder::Item::editNotes()
{
    if (!notes)
        notes = std::make_unique<Notes>();
    return *notes;
}

const std::string& LessonRecorder::Item::skipped() const
{
    static const std::string none;
    return notes ? notes->skipped : none;
}

const std::string& LessonRecorder::Item::refused() const
{
    static const std::string none;
    return notes ? notes->refused : none;
}

const std::string& LessonRecorder::Item::received() const
{
    static const std::string none;
    return notes ? notes->received : none;
}

std::string LessonRecorder::name(SocketId id, std::string& skipped) const
{
    auto it = m_names.find(id);
    if (it != m_names.end())
        return it->second;
    if (skipped.empty())
        skipped = "socket #" + std::to_string(id) + " was made before the recording began";
    return "sock" + std::to_string(id);
}

std::string LessonRecorder::newName(SocketId id, const std::string& base)
{
    const int n = ++m_used[base];
    std::string made = n == 1 ? base : base + std::to_string(n);
    m_names[id] = made;
    return made;
}

Address LessonRecorder::addressFor(const Endpoint& endpoint) const
{
    // Open sockets first: a closed one's address may have been taken over since.
    for (const bool open : {true, false})
        for (const auto& [id, bound] : m_sockets)
            if (bound.open == open && m_names.contains(id) && standsFor(bound.local, endpoint))
                return Address{m_names.at(id), {}};
    const std::string dir = m_unixDir.ends_with('/') ? m_unixDir : m_unixDir + "/";
    if (!m_unixDir.empty() && endpoint.isUnix() && !endpoint.isAbstract() && endpoint.unixName().starts_with(dir))
        if (auto relative = Endpoint::parse("./" + endpoint.unixName().substr(dir.size())))
            return Address{{}, *relative};
    return Address{{}, endpoint};
}

std::optional<Call> LessonRecorder::callFor(const Command& command, std::string& skipped)
{
    Call c;
    return std::visit(
        [&](const auto& k) -> std::optional<Call> {
            using T = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<T, cmd::Create>) {
                c.op = Op::Socket;
                c.family = k.family;
                c.type = k.type;
                c.names = {newName(k.id, baseName(k.role))};
                return c;
            } else if constexpr (std::is_same_v<T, cmd::SocketPair>) {
                c.op = Op::SocketPair;
                c.family = Family::Unix;
                c.type = k.type;
                c.names = {newName(k.id, "a"), newName(k.second, "b")};
                return c;
            } else if constexpr (std::is_same_v<T, cmd::SetAutoAccept>) {
                return std::nullopt; // its accepts are recorded one by one
            } else {
                c.socket = name(k.id, skipped);
                if constexpr (requires { k.endpoint; })
                    c.address = addressFor(k.endpoint);
                if constexpr (requires { k.bytes; })
                    c.bytes = k.bytes;
                if constexpr (requires { k.maxBytes; })
                    c.count = static_cast<std::int64_t>(k.maxBytes);
                return c;
            }
        },
        command);
}

void LessonRecorder::commandPosted(Ticket ticket, const Command& command)
{
    Item item;
    item.ticket = ticket;
    item.postIndex = m_posts++;
    item.postedAt = m_events;
    std::string skipped;
    auto call = callFor(command, skipped);
    item.dropped = !call;
    if (call)
        item.call = std::move(*call);
    std::visit(
        [&](const auto& k) {
            using T = std::decay_t<decltype(k)>;
            Call& c = item.call;
            if constexpr (std::is_same_v<T, cmd::Bind>) c.op = Op::Bind;
            else if constexpr (std::is_same_v<T, cmd::Listen>) { c.op = Op::Listen; c.count = k.backlog; }
            else if constexpr (std::is_same_v<T, cmd::Accept>) c.op = Op::Accept;
            else if constexpr (std::is_same_v<T, cmd::SetBlocking>) c.op = k.on ? Op::Blocking : Op::NonBlocking;
            else if constexpr (std::is_same_v<T, cmd::Connect>) c.op = Op::Connect;
            else if constexpr (std::is_same_v<T, cmd::Send>) c.op = Op::Send;
            else if constexpr (std::is_same_v<T, cmd::Recv>) c.op = Op::Recv;
            else if constexpr (std::is_same_v<T, cmd::Shutdown>) { c.op = Op::Shutdown; c.how = k.how; }
            else if constexpr (std::is_same_v<T, cmd::Close>) c.op = Op::Close;
            else if constexpr (std::is_same_v<T, cmd::SendTo>) c.op = Op::SendTo;
            else if constexpr (std::is_same_v<T, cmd::RecvFrom>) c.op = Op::RecvFrom;
            else if constexpr (std::is_same_v<T, cmd::SetOption>) { c.op = Op::SetOption; c.option = k.option; c.value = k.value; c.value2 = k.value2; }
            else if constexpr (std::is_same_v<T, cmd::GetOption>) { c.op = Op::GetOption; c.option = k.option; }
            else if constexpr (std::is_same_v<T, cmd::SendFd>) { c.op = Op::SendFd; c.passed = name(k.passed, skipped); }
            else if constexpr (std::is_same_v<T, cmd::RecvFd>) c.op = Op::RecvFd;
            else if constexpr (std::is_same_v<T, cmd::SetKeepFile>) { c.op = Op::KeepFile; c.on = k.on; }
        },
        command);
    item.journals = !isModeOp(item.call.op) && !item.dropped;
    if (item.call.op == Op::SetOption && item.call.option != SockOption::Linger)
        item.call.value2 = 0;
    if (!skipped.empty())
        item.editNotes().skipped = std::move(skipped);
    m_byTicket[ticket] = m_items.size();
    m_items.push_back(std::move(item));
}

void LessonRecorder::feed(const EventBatch& batch)
{
    for (const SocketInfo& s : batch.sockets) {
        if (s.local.isEmpty() && !m_sockets.contains(s.id))
            continue; // no address to stand for (yet)
        m_sockets[s.id] = Bound{s.local, s.state != SocketState::Closed};
    }
    for (const JournalEntry& e : batch.journal) {
        ++m_events;
        onEntry(e);
    }
    for (const Received& r : batch.received)
        if (auto it = m_bySeq.find(r.journalSeq); it != m_bySeq.end())
            m_items[it->second].editNotes().received = r.bytes;
    for (const Notice& n : batch.notices) {
        auto it = m_byTicket.find(n.ticket);
        if (it != m_byTicket.end() && !m_items[it->second].primary && n.level != Notice::Level::Info && m_items[it->second].journals)
            m_items[it->second].editNotes().refused = n.text;
    }
}

void LessonRecorder::onEntry(const JournalEntry& e)
{
    if (auto it = m_byTicket.find(e.ticket); it != m_byTicket.end()) {
        Item& item = m_items[it->second];
        if (item.journals && e.call == journalCallName(item.call.op) && (!item.primary || item.primary->seq == e.seq)) {
            if (!item.firstEvent)
                item.firstEvent = m_events;
            item.primary = e;
            m_bySeq[e.seq] = it->second;
            if (!e.pending) {
                item.doneEvent = m_events;
                completed(item);
            }
            return;
        }
    }
    if (e.call != "accept" || e.newSocket == 0 || e.pending || e.error != 0 || !m_names.contains(e.socket))
        return;
    Item item; // a connection the engine accepted by itself
    item.postIndex = m_posts;
    item.automatic = true;
    item.call.op = Op::Accept;
    item.call.socket = m_names.at(e.socket);
    item.firstEvent = item.doneEvent = m_events;
    item.primary = e;
    completed(item);
    m_items.push_back(std::move(item));
}

void LessonRecorder::completed(Item& item)
{
    const JournalEntry& e = *item.primary;
    if ((item.call.op == Op::Accept || item.call.op == Op::RecvFd) && e.newSocket != 0 && e.error == 0)
        item.call.names = {newName(e.newSocket, item.call.op == Op::Accept ? "conn" : "passed")};
}

std::vector<LessonRecorder::Ordered> LessonRecorder::ordered() const
{
    std::vector<Ordered> out;
    std::uint64_t lastStart = 0; // where the latest journaling command (in post order) ran
    for (const Item& item : m_items) {
        if (item.dropped)
            continue;
        Ordered o{lastStart, item.postIndex, &item};
        if (item.automatic)
            o.event = *item.doneEvent;
        else if (item.primary && item.journals) {
            o.event = item.doneEvent ? *item.doneEvent : *item.firstEvent;
            lastStart = *item.firstEvent;
        } else if (item.journals && item.refused().empty() && item.skipped().empty()) {
            o.event = std::max(lastStart, item.postedAt); // no answer yet
        }
        out.push_back(o);
    }
    std::stable_sort(out.begin(), out.end());
    return out;
}

Statement LessonRecorder::statementFor(const Item& item) const
{
    Statement st;
    st.kind = Statement::Kind::Call;
    st.call = item.call;
    std::string why = item.skipped();
    if (why.empty() && !item.refused().empty())
        why = "the engine refused it: " + item.refused();
    if (why.empty() && item.journals && (!item.primary || item.primary->pending))
        why = "still waiting when the lesson was saved";
    if (!why.empty()) {
        st.kind = Statement::Kind::Comment;
        st.text = " " + printCall(item.call) + "  (left out: " + why + ")";
        return st;
    }
    if (item.primary)
        st.expect = expectationFor(item.call, *item.primary, item.received());
    return st;
}

Program LessonRecorder::program() const
{
    Program program;
    for (const Ordered& o : ordered())
        program.statements.push_back(statementFor(*o.item));
    return program;
}

std::vector<JournalEntry> LessonRecorder::recordedCalls() const
{
    std::vector<JournalEntry> calls;
    for (const Ordered& o : ordered())
        if (statementFor(*o.item).kind == Statement::Kind::Call && o.item->primary)
            calls.push_back(*o.item->primary);
    return calls;
}

std::string LessonRecorder::print() const
{
    return "# Recorded with Sockscope: each call as it ran, with the result it had.\n\n" + printLesson(program());
}

} // namespace sks::script
