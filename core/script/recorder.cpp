#include "core/script/recorder.h"

#include "core/script/printer.h"
#include "core/script/vocabulary.h"

#include <algorithm>
#include <charconv>
#include <cstring>

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

template <typename Entry>
Expectation expectationFor(const Call& call, const Entry& e, const std::string& received)
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

LessonRecorder::Bound::Bound(const Endpoint& local, bool isOpen) : open(isOpen)
{
    const bool inetFamily = local.family() == Family::IPv4 || local.family() == Family::IPv6;
    if (inetFamily && !local.isName() && local.length() <= sizeof inet) {
        std::memcpy(&inet, local.sockaddrPtr(), local.length());
        length = local.length();
        port = local.port();
        family = local.family();
    } else if (!local.isEmpty()) {
        other = std::make_unique<Endpoint>(local);
    }
}

bool LessonRecorder::Bound::standsFor(const Endpoint& target) const
{
    if (other)
        return script::standsFor(*other, target);
    // An inet address stands only for one of its own port and family: rebuild the Endpoint
    // only then.
    if (length == 0 || port != target.port() || family != target.family())
        return false;
    return script::standsFor(Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&inet), length), target);
}

void LessonRecorder::put(Index& index, std::uint64_t key, std::size_t item)
{
    if (index.empty() || index.back().first < key) {
        index.emplace_back(key, item);
        return;
    }
    auto it = std::ranges::lower_bound(index, key, {}, &Index::value_type::first);
    if (it != index.end() && it->first == key)
        it->second = item;
    else
        index.insert(it, {key, item});
}

const std::size_t* LessonRecorder::find(const Index& index, std::uint64_t key)
{
    auto it = std::ranges::lower_bound(index, key, {}, &Index::value_type::first);
    return it != index.end() && it->first == key ? &it->second : nullptr;
}

LessonRecorder::Outcome LessonRecorder::outcomeOf(const JournalEntry& e)
{
    return Outcome{e.seq, e.result, e.newSocket, e.error, e.pending, e.text};
}

JournalEntry LessonRecorder::entryOf(const Item& item)
{
    JournalEntry e;
    e.seq = item.primary->seq;
    e.ticket = item.ticket;
    e.newSocket = item.primary->newSocket;
    e.call = journalCallName(item.call.op);
    e.text = item.primary->text;
    e.result = item.primary->result;
    e.error = item.primary->error;
    e.pending = item.primary->pending;
    return e;
}

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

void LessonRecorder::setSlot(CompactCall& call, Slot slot, SocketId id, std::string& skipped) const
{
    call.ids[slot] = id;
    call.present |= static_cast<std::uint8_t>(1u << slot);
    if (m_names.contains(id))
        return;
    call.unnamed |= static_cast<std::uint8_t>(1u << slot);
    if (skipped.empty())
        skipped = "socket #" + std::to_string(id) + " was made before the recording began";
}

// A socket is named once, before any call that uses the name is recorded, so the name
// looked up now is the one it had when the call was recorded.
std::string LessonRecorder::slotName(const CompactCall& call, Slot slot) const
{
    const SocketId id = call.ids[slot];
    if (!(call.unnamed & (1u << slot)))
        if (auto it = m_names.find(id); it != m_names.end())
            return it->second;
    return "sock" + std::to_string(id);
}

Call LessonRecorder::callOf(const Item& item) const
{
    const CompactCall& k = item.call;
    const auto has = [&k](Slot slot) { return (k.present & (1u << slot)) != 0; };
    Call c;
    c.op = k.op;
    c.family = k.family;
    c.type = k.type;
    c.option = k.option;
    c.how = k.how;
    c.on = k.on;
    c.value = k.value;
    c.value2 = k.value2;
    c.count = k.count;
    for (const Slot slot : {Name0, Name1})
        if (has(slot))
            c.names.push_back(slotName(k, slot));
    if (has(OnSocket))
        c.socket = slotName(k, OnSocket);
    if (has(Passed))
        c.passed = slotName(k, Passed);
    if (has(AddressSocket))
        c.address.socket = slotName(k, AddressSocket);
    if (item.notes) {
        c.bytes = item.notes->bytes;
        if (item.notes->endpoint)
            c.address.endpoint = *item.notes->endpoint;
    }
    return c;
}

std::string LessonRecorder::newName(SocketId id, const std::string& base)
{
    const int n = ++m_used[base];
    std::string made = n == 1 ? base : base + std::to_string(n);
    m_names[id] = made;
    return made;
}

void LessonRecorder::setAddress(Item& item, const Endpoint& endpoint) const
{
    // Open sockets first: a closed one's address may have been taken over since.
    for (const bool open : {true, false})
        for (const auto& [id, bound] : m_sockets)
            if (bound.open == open && m_names.contains(id) && bound.standsFor(endpoint)) {
                std::string unused;
                setSlot(item.call, AddressSocket, id, unused);
                return;
            }
    const std::string dir = m_unixDir.ends_with('/') ? m_unixDir : m_unixDir + "/";
    if (!m_unixDir.empty() && endpoint.isUnix() && !endpoint.isAbstract() && endpoint.unixName().starts_with(dir))
        if (auto relative = Endpoint::parse("./" + endpoint.unixName().substr(dir.size()))) {
            item.editNotes().endpoint = std::move(*relative);
            return;
        }
    item.editNotes().endpoint = endpoint;
}

// Records the command's arguments in item.call; false for a command left out (autoaccept).
bool LessonRecorder::callFor(const Command& command, Item& item, std::string& skipped)
{
    CompactCall& c = item.call;
    return std::visit(
        [&](const auto& k) -> bool {
            using T = std::decay_t<decltype(k)>;
            if constexpr (std::is_same_v<T, cmd::Create>) {
                c.op = Op::Socket;
                c.family = k.family;
                c.type = k.type;
                newName(k.id, baseName(k.role));
                setSlot(c, Name0, k.id, skipped);
                return true;
            } else if constexpr (std::is_same_v<T, cmd::SocketPair>) {
                c.op = Op::SocketPair;
                c.family = Family::Unix;
                c.type = k.type;
                newName(k.id, "a");
                newName(k.second, "b");
                setSlot(c, Name0, k.id, skipped);
                setSlot(c, Name1, k.second, skipped);
                return true;
            } else if constexpr (std::is_same_v<T, cmd::SetAutoAccept>) {
                return false; // its accepts are recorded one by one
            } else {
                setSlot(c, OnSocket, k.id, skipped);
                if constexpr (requires { k.endpoint; })
                    setAddress(item, k.endpoint);
                if constexpr (requires { k.bytes; })
                    if (!k.bytes.empty())
                        item.editNotes().bytes = k.bytes;
                if constexpr (requires { k.maxBytes; })
                    c.count = static_cast<std::int64_t>(k.maxBytes);
                return true;
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
    item.dropped = !callFor(command, item, skipped);
    std::visit(
        [&](const auto& k) {
            using T = std::decay_t<decltype(k)>;
            CompactCall& c = item.call;
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
            else if constexpr (std::is_same_v<T, cmd::SendFd>) { c.op = Op::SendFd; setSlot(c, Passed, k.passed, skipped); }
            else if constexpr (std::is_same_v<T, cmd::RecvFd>) c.op = Op::RecvFd;
            else if constexpr (std::is_same_v<T, cmd::SetKeepFile>) { c.op = Op::KeepFile; c.on = k.on; }
        },
        command);
    item.journals = !isModeOp(item.call.op) && !item.dropped;
    if (item.call.op == Op::SetOption && item.call.option != SockOption::Linger)
        item.call.value2 = 0;
    if (!skipped.empty())
        item.editNotes().skipped = std::move(skipped);
    put(m_byTicket, ticket, m_items.size());
    m_items.push_back(std::move(item));
}

void LessonRecorder::feed(const EventBatch& batch)
{
    for (const SocketInfo& s : batch.sockets) {
        if (s.local.isEmpty() && !m_sockets.contains(s.id))
            continue; // no address to stand for (yet)
        m_sockets.insert_or_assign(s.id, Bound(s.local, s.state != SocketState::Closed));
    }
    for (const JournalEntry& e : batch.journal) {
        ++m_events;
        onEntry(e);
    }
    for (const Received& r : batch.received)
        if (const std::size_t* item = find(m_bySeq, r.journalSeq))
            m_items[*item].editNotes().received = r.bytes;
    for (const Notice& n : batch.notices) {
        const std::size_t* item = find(m_byTicket, n.ticket);
        if (item && !m_items[*item].primary && n.level != Notice::Level::Info && m_items[*item].journals)
            m_items[*item].editNotes().refused = n.text;
    }
}

void LessonRecorder::onEntry(const JournalEntry& e)
{
    if (const std::size_t* index = find(m_byTicket, e.ticket)) {
        Item& item = m_items[*index];
        if (item.journals && e.call == journalCallName(item.call.op) && (!item.primary || item.primary->seq == e.seq)) {
            if (!item.firstEvent)
                item.firstEvent = m_events;
            item.primary = outcomeOf(e);
            put(m_bySeq, e.seq, *index);
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
    std::string unused;
    setSlot(item.call, OnSocket, e.socket, unused);
    item.firstEvent = item.doneEvent = m_events;
    item.primary = outcomeOf(e);
    completed(item);
    m_items.push_back(std::move(item));
}

void LessonRecorder::completed(Item& item)
{
    const Outcome& e = *item.primary;
    if ((item.call.op == Op::Accept || item.call.op == Op::RecvFd) && e.newSocket != 0 && e.error == 0) {
        newName(e.newSocket, item.call.op == Op::Accept ? "conn" : "passed");
        std::string unused;
        setSlot(item.call, Name0, e.newSocket, unused);
    }
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
    st.call = callOf(item);
    std::string why = item.skipped();
    if (why.empty() && !item.refused().empty())
        why = "the engine refused it: " + item.refused();
    if (why.empty() && item.journals && (!item.primary || item.primary->pending))
        why = "still waiting when the lesson was saved";
    if (!why.empty()) {
        st.kind = Statement::Kind::Comment;
        st.text = " " + printCall(st.call) + "  (left out: " + why + ")";
        return st;
    }
    if (item.primary)
        st.expect = expectationFor(st.call, *item.primary, item.received());
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
            calls.push_back(entryOf(*o.item));
    return calls;
}

std::string LessonRecorder::print() const
{
    return "# Recorded with Sockscope: each call as it ran, with the result it had.\n\n" + printLesson(program());
}

} // namespace sks::script
