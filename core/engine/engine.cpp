#include "core/engine/engine.h"

#include "core/engine/engineloop.h"
#include "core/sys/syscalls.h"

#include <dirent.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>

namespace sks {

// ---- Engine: the thread-safe face -------------------------------------------------------

SysResult<std::unique_ptr<Engine>> Engine::start()
{
    auto loop = EngineLoop::create();
    if (!loop)
        return std::unexpected(loop.error());
    return std::unique_ptr<Engine>(new Engine(std::move(*loop)));
}

Engine::Engine(std::unique_ptr<EngineLoop> loop) : m_loop(std::move(loop)) {}
Engine::~Engine() = default;

SocketId Engine::newSocketId() noexcept { return m_loop->newSocketId(); }
Ticket Engine::post(Command command) { return m_loop->post(std::move(command)); }
int Engine::notifyFd() const noexcept { return m_loop->notifyFd(); }
const std::string& Engine::runtimeDir() const noexcept { return m_loop->runtimeDir(); }
std::shared_ptr<const ReceiveLog> Engine::receiveLog(SocketId id) const { return m_loop->receiveLog(id); }
std::vector<EventBatch> Engine::takeBatches() { return m_loop->takeBatches(); }

SocketId Engine::create(Family family, SockType type, Role role)
{
    const SocketId id = newSocketId();
    post(cmd::Create{id, family, type, role});
    return id;
}

SocketId commandSocket(const Command& command) noexcept
{
    return std::visit([](const auto& c) { return c.id; }, command);
}

// ---- EngineLoop: queues, epoll, batching ------------------------------------------------

namespace {

// Whether SIOCINQ/SIOCOUTQ can say anything: a datagram socket always; a stream socket
// once connected (before that, and while listening, they fail with EINVAL).
bool hasQueues(const SocketInfo& s)
{
    if (s.type != SockType::Stream)
        return true;
    switch (s.state) {
    case SocketState::Created:
    case SocketState::Bound:
    case SocketState::Listening:
    case SocketState::Connecting:
        return false;
    default:
        return true;
    }
}
constexpr auto kFrame = std::chrono::milliseconds(16);
constexpr std::uint64_t kWakeTag = 0; // epoll data for the command eventfd; ids start at 1
constexpr std::uint64_t kTimerTag = ~std::uint64_t(0);

SysResult<Fd> makeEventFd(const char* call)
{
    const int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0)
        return std::unexpected(SysError{errno, call});
    return Fd(fd);
}

void signalEventFd(int fd)
{
    const std::uint64_t one = 1;
    // EAGAIN only when the counter would overflow: it is already signalled then.
    [[maybe_unused]] auto n = ::write(fd, &one, sizeof one);
}

void drainEventFd(int fd)
{
    std::uint64_t value = 0;
    [[maybe_unused]] auto n = ::read(fd, &value, sizeof value);
}

// $XDG_RUNTIME_DIR (private to the user by definition) or /tmp, then a fresh 0700 folder.
SysResult<std::string> makeRuntimeDir()
{
    const char* base = std::getenv("XDG_RUNTIME_DIR");
    std::string path = std::string(base && *base == '/' ? base : "/tmp") + "/sockscope-XXXXXX";
    if (path.size() > 80) // leave room in sun_path (108 bytes) for the socket names
        path = "/tmp/sockscope-XXXXXX";
    if (!::mkdtemp(path.data()))
        return std::unexpected(SysError{errno, "mkdtemp"});
    return path; // mkdtemp creates it with mode 0700
}
} // namespace

SysResult<std::unique_ptr<EngineLoop>> EngineLoop::create()
{
    // Sends use MSG_NOSIGNAL already; this also covers any write on a socket elsewhere.
    std::signal(SIGPIPE, SIG_IGN);
    Fd epoll(::epoll_create1(EPOLL_CLOEXEC));
    if (!epoll)
        return std::unexpected(SysError{errno, "epoll_create1"});
    auto wake = makeEventFd("eventfd");
    if (!wake)
        return std::unexpected(wake.error());
    auto notify = makeEventFd("eventfd");
    if (!notify)
        return std::unexpected(notify.error());
    auto runtimeDir = makeRuntimeDir();
    if (!runtimeDir)
        return std::unexpected(runtimeDir.error());
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeTag;
    if (::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, wake->get(), &ev) < 0)
        return std::unexpected(SysError{errno, "epoll_ctl"});
    Fd timer(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
    if (!timer)
        return std::unexpected(SysError{errno, "timerfd_create"});
    ev.data.u64 = kTimerTag;
    if (::epoll_ctl(epoll.get(), EPOLL_CTL_ADD, timer.get(), &ev) < 0)
        return std::unexpected(SysError{errno, "epoll_ctl"});
    auto loop = std::unique_ptr<EngineLoop>(
        new EngineLoop(std::move(epoll), std::move(*wake), std::move(*notify), std::move(*runtimeDir), std::move(timer)));
    loop->startThread();
    return loop;
}

EngineLoop::EngineLoop(Fd epoll, Fd wake, Fd notify, std::string runtimeDir, Fd timer)
    : m_runtimeDir(std::move(runtimeDir)), m_epoll(std::move(epoll)), m_wakeFd(std::move(wake)),
      m_notifyFd(std::move(notify)), m_timer(std::move(timer)),
      m_start(std::chrono::steady_clock::now()), m_lastFlush(m_start - kFrame)
{
}

void EngineLoop::startThread()
{
    m_thread = std::jthread([this](std::stop_token stop) { run(stop); });
}

EngineLoop::~EngineLoop()
{
    m_thread.request_stop();
    signalEventFd(m_wakeFd.get());
    m_thread.join();
    for (auto& [id, s] : m_sockets) {
        s->fd.reset();
        removeSocketFile(*s);
    }
    m_sockets.clear();
    removeRuntimeDir();
}

void EngineLoop::removeRuntimeDir()
{
    // Only socket files can be in it (the app puts nothing else there); anything else
    // is left alone and so is the directory.
    if (DIR* dir = ::opendir(m_runtimeDir.c_str())) {
        while (const dirent* e = ::readdir(dir)) {
            const std::string path = m_runtimeDir + "/" + e->d_name;
            struct stat st{};
            if (::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode))
                ::unlink(path.c_str());
        }
        ::closedir(dir);
    }
    ::rmdir(m_runtimeDir.c_str());
}

Ticket EngineLoop::post(Command command)
{
    const Ticket ticket = m_nextTicket.fetch_add(1, std::memory_order_relaxed);
    {
        std::lock_guard lock(m_inMutex);
        m_inbox.emplace_back(ticket, std::move(command));
    }
    signalEventFd(m_wakeFd.get());
    return ticket;
}

std::vector<EventBatch> EngineLoop::takeBatches()
{
    drainEventFd(m_notifyFd.get());
    std::lock_guard lock(m_outMutex);
    return std::exchange(m_outbox, {});
}

void EngineLoop::run(const std::stop_token& stop)
{
    // A name for top -H, gdb and perf, where the app's threads otherwise look alike.
    ::pthread_setname_np(::pthread_self(), "sks-engine");
    constexpr int kMaxEvents = 256;
    epoll_event events[kMaxEvents];
    while (!stop.stop_requested()) {
        const int n = ::epoll_wait(m_epoll.get(), events, kMaxEvents, pollTimeoutMs());
        if (n < 0 && errno != EINTR)
            break; // only EBADF/EINVAL: the loop itself is broken
        for (int i = 0; i < n; ++i) {
            const std::uint64_t tag = events[i].data.u64;
            if (tag == kWakeTag) {
                drainEventFd(m_wakeFd.get());
                continue;
            }
            if (tag == kTimerTag) {
                drainEventFd(m_timer.get()); // a timerfd reads like an eventfd: 8-byte count
                onTimer();
                continue;
            }
            // A closed socket has nothing to be ready for (its file may briefly outlive the
            // fd where another descriptor still refers to it).
            if (auto it = m_sockets.find(static_cast<SocketId>(tag)); it != m_sockets.end() && it->second->fd)
                onReady(*it->second, events[i].events);
        }
        // Commands after readiness: a command always sees the freshest socket state.
        drainCommands();
        for (SocketId id : std::exchange(m_again, {}))
            if (auto it = m_sockets.find(id); it != m_sockets.end()) {
                it->second->queued = false;
                progress(*it->second);
            }
        armTimer();
        pumpGenerators();
        flushIfDue(false);
    }
    flushIfDue(true);
}

void EngineLoop::drainCommands()
{
    std::vector<std::pair<Ticket, Command>> commands;
    {
        std::lock_guard lock(m_inMutex);
        commands.swap(m_inbox);
    }
    for (const auto& [ticket, c] : commands) {
        m_ticket = ticket;
        execute(c);
    }
    m_ticket = 0; // what readiness does next belongs to no command
}

void EngineLoop::execute(const Command& command)
{
    std::visit(
        [this](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, cmd::Create>) doCreate(c);
            else if constexpr (std::is_same_v<T, cmd::Bind>) doBind(c);
            else if constexpr (std::is_same_v<T, cmd::Listen>) doListen(c);
            else if constexpr (std::is_same_v<T, cmd::Accept>) doAccept(c);
            else if constexpr (std::is_same_v<T, cmd::SetAutoAccept>) doSetAutoAccept(c);
            else if constexpr (std::is_same_v<T, cmd::SetBlocking>) doSetBlocking(c);
            else if constexpr (std::is_same_v<T, cmd::Connect>) doConnect(c);
            else if constexpr (std::is_same_v<T, cmd::Send>) doSend(c);
            else if constexpr (std::is_same_v<T, cmd::Recv>) doRecv(c);
            else if constexpr (std::is_same_v<T, cmd::Shutdown>) doShutdown(c);
            else if constexpr (std::is_same_v<T, cmd::Close>) doClose(c);
            else if constexpr (std::is_same_v<T, cmd::SocketPair>) doSocketPair(c);
            else if constexpr (std::is_same_v<T, cmd::SendTo>) doSendTo(c);
            else if constexpr (std::is_same_v<T, cmd::RecvFrom>) doRecvFrom(c);
            else if constexpr (std::is_same_v<T, cmd::SetOption>) doSetOption(c);
            else if constexpr (std::is_same_v<T, cmd::GetOption>) doGetOption(c);
            else if constexpr (std::is_same_v<T, cmd::SendFd>) doSendFd(c);
            else if constexpr (std::is_same_v<T, cmd::RecvFd>) doRecvFd(c);
            else if constexpr (std::is_same_v<T, cmd::SetKeepFile>) doSetKeepFile(c);
            else if constexpr (std::is_same_v<T, cmd::SetAutoRecv>) doSetAutoRecv(c);
            else if constexpr (std::is_same_v<T, cmd::Generate>) doGenerate(c);
            else if constexpr (std::is_same_v<T, cmd::StopGenerator>) doStopGenerator(c);
            else if constexpr (std::is_same_v<T, cmd::WatchOptions>) doWatchOptions(c);
            else static_assert(sizeof(T) == 0, "every command needs a handler");
        },
        command);
}

int EngineLoop::pollTimeoutMs() const
{
    if (!m_again.empty() || !m_pumping.empty())
        return 0;
    if (!m_batchHasContent)
        return -1;
    const auto due = m_lastFlush + kFrame;
    const auto now = std::chrono::steady_clock::now();
    if (due <= now)
        return 0;
    return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(due - now).count());
}

void EngineLoop::flushIfDue(bool force)
{
    if (!m_batchHasContent && m_dirty.empty())
        return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - m_lastFlush < kFrame) {
        m_batchHasContent = true;
        return;
    }
    journalBursts(force);
    std::sort(m_dirty.begin(), m_dirty.end());
    m_batch.sockets.reserve(m_batch.sockets.size() + m_dirty.size()); // SocketInfo is 344 B: grow once
    for (SocketId id : m_dirty) {
        auto it = m_sockets.find(id);
        if (it == m_sockets.end())
            continue;
        UserSocket& s = *it->second;
        s.dirty = false;
        if (s.fd) {
            if (s.optionsStale)
                readOptions(s);
            sampleQueues(s);
        }
        m_batch.sockets.push_back(s.info);
        if (s.info.state == SocketState::Closed)
            m_sockets.erase(it); // the GUI keeps the closed row; the engine is done with it
    }
    m_dirty.clear();
    m_batch.totals = m_totals;
    const std::size_t journalLines = m_batch.journal.size();
    {
        std::lock_guard lock(m_outMutex);
        if (m_outbox.empty())
            m_outbox.push_back(std::move(m_batch));
        else
            mergeInto(m_outbox.back(), std::move(m_batch)); // the GUI is behind: coalesce
    }
    m_batch = {};
    // As many lines as last frame (busy frames come in runs), up to 128 KiB held while idle.
    m_batch.journal.reserve(std::min<std::size_t>(journalLines, 1024));
    m_batchHasContent = !m_bursts.empty(); // a burst still open is looked at next frame
    m_lastFlush = now;
    signalEventFd(m_notifyFd.get());
}

// Kernel queue depths are sampled per snapshot, not per event, and only where they can
// be other than 0. A stream socket that is not connected has none (the ioctls fail with
// EINVAL). The receive queue fills only with arrivals, each of which wakes epoll with
// EPOLLIN (edge-triggered: one event per arrival); the send queue only with what this
// socket sent, and with its FIN (TCP counts it as one unacknowledged byte). A socket
// whose file has another descriptor (passed with SCM_RIGHTS) may be used by someone
// else, and one with a receive low-water mark may hold bytes no EPOLLIN announced, so
// those are always read. Connection churn thus costs no ioctl for a socket that
// never carries a byte.
void EngineLoop::sampleQueues(UserSocket& s)
{
    if (!hasQueues(s.info))
        return;
    if (s.inputSeen || s.info.recvQueue != 0 || s.shared || s.arrivalsMayHide) {
        if (auto q = sys::receiveQueue(s.fd.get()))
            s.info.recvQueue = *q;
        s.inputSeen = false;
    }
    const bool finSent = s.info.state == SocketState::HalfClosedWrite || s.info.state == SocketState::ShutDown;
    if (s.info.bytesOut != 0 || s.info.sendQueue != 0 || s.shared || finSent) {
        if (auto q = sys::sendQueue(s.fd.get()))
            s.info.sendQueue = *q;
    }
}

// Arrivals below SO_RCVLOWAT raise no EPOLLIN and nothing else marks the socket dirty, so
// the timer reads such a socket's receive queue ten times a second (see onTimer).
void EngineLoop::sampleHiddenArrivals(UserSocket& s)
{
    if (!hasQueues(s.info))
        return;
    if (auto q = sys::receiveQueue(s.fd.get()); q && *q != s.info.recvQueue) {
        s.info.recvQueue = *q;
        markDirty(s);
    }
}

void EngineLoop::watchHiddenArrivals(UserSocket& s)
{
    s.arrivalsMayHide = true;
    m_timerNeedsCheck = true;
}

void EngineLoop::mergeInto(EventBatch& into, EventBatch&& from)
{
    auto append = [](auto& a, auto& b) { a.insert(a.end(), std::make_move_iterator(b.begin()), std::make_move_iterator(b.end())); };
    append(into.journal, from.journal);
    append(into.notices, from.notices);
    append(into.received, from.received);
    std::vector<SocketInfo> merged;
    merged.reserve(into.sockets.size() + from.sockets.size());
    auto a = into.sockets.begin();
    auto b = from.sockets.begin();
    while (a != into.sockets.end() || b != from.sockets.end()) {
        if (b == from.sockets.end() || (a != into.sockets.end() && a->id < b->id))
            merged.push_back(std::move(*a++));
        else if (a == into.sockets.end() || b->id < a->id)
            merged.push_back(std::move(*b++));
        else {
            merged.push_back(std::move(*b++)); // same id: the newer snapshot wins
            ++a;
        }
    }
    into.sockets = std::move(merged);
    into.totals = from.totals;
}

// ---- journal helpers ---------------------------------------------------------------------

std::int64_t EngineLoop::nowNs() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - m_start).count();
}

JournalEntry EngineLoop::makeEntry(const UserSocket& s, std::string_view call, std::string text,
                                   std::int64_t result, int error)
{
    if (!m_bursts.empty())
        journalBurst(s.info.id); // what auto-receive read so far comes first
    JournalEntry e;
    e.seq = m_nextSeq++;
    e.timeNs = nowNs();
    e.socket = s.info.id;
    e.fd = s.fd ? s.fd.get() : s.info.lastFd;
    e.ticket = m_ticket;
    e.call = std::string(call);
    e.text = std::move(text);
    e.result = result;
    e.error = error;
    return e;
}

void EngineLoop::journal(JournalEntry entry)
{
    m_batch.journal.push_back(std::move(entry));
    m_batchHasContent = true;
}

void EngineLoop::notice(Notice::Level level, SocketId socket, std::string text)
{
    m_batch.notices.push_back(Notice{level, socket, m_ticket, std::move(text)});
    m_batchHasContent = true;
}

void EngineLoop::markDirty(UserSocket& s)
{
    if (!s.dirty) {
        s.dirty = true;
        m_dirty.push_back(s.info.id);
    }
    m_batchHasContent = true;
}

void EngineLoop::registerFd(UserSocket& s)
{
    // Edge-triggered: every new arrival, FIN or completed handshake wakes us once; a
    // waiting call is retried on each wake-up, so nothing is missed and nothing spins.
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = s.info.id;
    if (::epoll_ctl(m_epoll.get(), EPOLL_CTL_ADD, s.fd.get(), &ev) < 0) {
        watchHiddenArrivals(s);
        notice(Notice::Level::Error, s.info.id,
               "epoll_ctl failed: " + SysError{errno, "epoll_ctl"}.toString()
                   + " — waiting calls on this socket will not complete");
    }
}

void EngineLoop::refreshWaiting(UserSocket& s)
{
    Waiting w = Waiting::None;
    if (s.writeCall && s.writeCall->kind == Waiting::Connect)
        w = Waiting::Connect;
    else if (s.readCall)
        w = s.readCall->kind;
    else if (s.writeCall)
        w = s.writeCall->kind;
    if (s.writeCall && s.writeCall->silent && w == Waiting::Connect)
        w = Waiting::None; // a non-blocking connect in progress is "connecting", not waiting
    s.info.waiting = w;
    markDirty(s);
}

} // namespace sks
