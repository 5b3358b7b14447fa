#pragma once
// Internal to the engine: the thread, its queues and the socket table. Not for app/.

#include "core/engine/commands.h"
#include "core/engine/events.h"
#include "core/engine/receivelog.h"
#include "core/sys/fd.h"
#include "core/sys/result.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

namespace sks {

// A call the user made that could not complete yet ("blocking" semantics drawn without
// blocking). `entry` is the journal line already shown as pending; a silent wait (a
// non-blocking connect still in progress) journals its outcome as a new line instead.
// Which system call a send or receive is: send/recv, sendto/recvfrom, sendmsg/recvmsg
// with SCM_RIGHTS.
enum class CallMode : std::uint8_t { Plain, Addressed, WithFd };

struct PendingCall {
    Waiting kind = Waiting::None;
    CallMode mode = CallMode::Plain;
    std::string prefix;        // the call as written, without its result: "recv(7, 4096)"
    JournalEntry entry;
    bool silent = false;
    std::size_t maxBytes = 0;  // recv
    std::string sendBuffer;    // send: the bytes to send
    std::size_t sent = 0;      // send: bytes the kernel took so far
    Endpoint to;               // sendto: the destination
    SocketId passed = 0;       // sendmsg: the socket whose descriptor travels
};

// How a call ended: its return value, errno, and what to add after " = result".
struct Outcome {
    std::int64_t result = 0;
    int error = 0;
    std::string detail;
    std::string bytes;          // what a receive returned
    bool received = false;      // a receive that returned a message (even an empty datagram)
    SocketId newSocket = 0;
    Endpoint from;              // recvfrom: the sender
    std::size_t fullLength = 0; // a datagram's real length when it was truncated

    static Outcome ok(std::int64_t result, std::string detail = {})
    {
        Outcome o;
        o.result = result;
        o.detail = std::move(detail);
        return o;
    }
    static Outcome failed(int error, std::string detail = {})
    {
        Outcome o;
        o.result = -1;
        o.error = error;
        o.detail = std::move(detail);
        return o;
    }
};

// The traffic generator's run on one socket.
struct Generator {
    JournalEntry entry;          // pending until the run ends
    std::uint64_t totalBytes = 0; // 0: no limit
    std::uint64_t bytesPerSecond = 0; // 0: full speed
    std::chrono::steady_clock::time_point start;
    std::chrono::steady_clock::time_point deadline; // max(): no limit
    std::uint64_t sent = 0;
    std::uint64_t calls = 0;
};

// std::optional's interface over a heap allocation: an idle socket pays one pointer for
// what it is not doing (a PendingCall is ~400 bytes, a Generator ~180), so 20,000 sockets
// cost ~1 KB less each. Pending calls and generator runs are rare and short-lived.
template <class T>
class HeapOptional {
public:
    HeapOptional() = default;
    HeapOptional& operator=(T&& value)
    {
        if (m_value)
            *m_value = std::move(value);
        else
            m_value = std::make_unique<T>(std::move(value));
        return *this;
    }
    explicit operator bool() const noexcept { return m_value != nullptr; }
    T& operator*() const noexcept { return *m_value; }
    T* operator->() const noexcept { return m_value.get(); }
    void reset() noexcept { m_value.reset(); }

private:
    std::unique_ptr<T> m_value;
};
using CallSlot = HeapOptional<PendingCall>;

struct UserSocket {
    SocketInfo info;
    Fd fd;
    CallSlot readCall;                    // accept or recv
    CallSlot writeCall;                   // connect or send
    std::string boundPath;                // a Unix path this socket created by bind()
    HeapOptional<Generator> generator;
    std::shared_ptr<ReceiveLog> log;      // created on the first byte received
    bool dirty = false;
    bool optionsWatched = false; // cmd::WatchOptions: info.options kept current
    bool optionsStale = false; // info.options to be read again at the next snapshot (watched only)
    bool queued = false; // in m_again: has work left that a wake-up may not announce
    bool pumpQueued = false; // in m_pumping: its generator sends once this round's reads are done
    // Its open file may have another descriptor (it was passed with SCM_RIGHTS, or came
    // that way): close() then leaves it in epoll, so doClose() takes it out first.
    bool shared = false;
    // An EPOLLIN came since the receive queue was last sampled: bytes (or a datagram, or a
    // FIN) may be waiting. Without one, and with nothing sent, the queue ioctls would
    // read 0 and are skipped (see sampleQueues).
    bool inputSeen = false;
    // epoll may not announce its arrivals: SO_RCVLOWAT above 1 (the kernel wakes a reader
    // only at the mark, so bytes below it raise no EPOLLIN), or epoll_ctl(ADD) failed.
    // Its receive queue is then read at every snapshot, and by the 10 Hz timer.
    bool arrivalsMayHide = false;
    bool logFailureSaid = false; // the notice that its receive log holds nothing was given
};

// Addresses the caller of onConnected() has already put in the socket's info, so they
// cost no system call: accept4 returns the peer, a listener bound to one address gives
// the accepted socket's local one, connect's check read the peer.
struct KnownAddresses {
    bool local = false;
    bool peer = false;
};

// The socket's descriptor as journal lines print it (its last one once closed).
inline std::string fdText(const UserSocket& s) { return std::to_string(s.fd ? s.fd.get() : s.info.lastFd); }

class EngineLoop {
public:
    static SysResult<std::unique_ptr<EngineLoop>> create();
    ~EngineLoop();
    EngineLoop(const EngineLoop&) = delete;
    EngineLoop& operator=(const EngineLoop&) = delete;

    const std::string& runtimeDir() const noexcept { return m_runtimeDir; }
    SocketId newSocketId() noexcept { return m_nextId.fetch_add(1, std::memory_order_relaxed); }
    Ticket post(Command command);
    int notifyFd() const noexcept { return m_notifyFd.get(); }
    std::vector<EventBatch> takeBatches();

private:
    EngineLoop(Fd epoll, Fd wake, Fd notify, std::string runtimeDir, Fd timer);
    void startThread();
    void removeRuntimeDir();
    void run(const std::stop_token& stop);
    void drainCommands();
    void execute(const Command& command);
    void onReady(UserSocket& s, std::uint32_t events);
    int pollTimeoutMs() const;
    void flushIfDue(bool force);
    static void mergeInto(EventBatch& into, EventBatch&& from);

    // Journal and batch helpers (engineloop.cpp).
    std::int64_t nowNs() const;
    JournalEntry makeEntry(const UserSocket& s, std::string_view call, std::string text,
                           std::int64_t result, int error);
    void journal(JournalEntry entry);
    void notice(Notice::Level level, SocketId socket, std::string text);
    void markDirty(UserSocket& s);
    void deliver(const UserSocket& s, std::uint64_t seq, Outcome& out);
    UserSocket* find(SocketId id, std::string_view call);
    void registerFd(UserSocket& s);
    void refreshWaiting(UserSocket& s);

    // The calls (enginecalls.cpp).
    void doCreate(const cmd::Create& c);
    void doBind(const cmd::Bind& c);
    void doListen(const cmd::Listen& c);
    void doAccept(const cmd::Accept& c);
    void doSetAutoAccept(const cmd::SetAutoAccept& c);
    void doSetBlocking(const cmd::SetBlocking& c);
    void doConnect(const cmd::Connect& c);
    void doSend(const cmd::Send& c);
    void doRecv(const cmd::Recv& c);
    void doShutdown(const cmd::Shutdown& c);
    void doClose(const cmd::Close& c);
    void doSocketPair(const cmd::SocketPair& c);
    void doSendTo(const cmd::SendTo& c);
    void doRecvFrom(const cmd::RecvFrom& c);
    void doSetOption(const cmd::SetOption& c);
    void doGetOption(const cmd::GetOption& c);
    void doSendFd(const cmd::SendFd& c);
    void doRecvFd(const cmd::RecvFd& c);
    void doSetKeepFile(const cmd::SetKeepFile& c);
    void doSetAutoRecv(const cmd::SetAutoRecv& c);
    void doGenerate(const cmd::Generate& c);
    void doStopGenerator(const cmd::StopGenerator& c);
    void doWatchOptions(const cmd::WatchOptions& c);

    // Bulk traffic (enginetraffic.cpp): bounded work per round; what is left goes to m_again.
    void progress(UserSocket& s);
    void again(UserSocket& s);
    void pumpGenerators();
    bool pumpGenerator(UserSocket& s);
    bool drainAutoRecv(UserSocket& s);
    void endGenerator(UserSocket& s, int error, std::string why);
    void journalBursts(bool all);
    void journalBurst(SocketId id);
    void onTimer();
    void armTimer();
    void setTimerPeriod(int ms);
    void sampleListener(UserSocket& s);
    void sampleDrops(UserSocket& s);
    void checkSocketFile(UserSocket& s);
    ReceiveLog& logFor(UserSocket& s);

public:
    std::shared_ptr<const ReceiveLog> receiveLog(SocketId id) const;

private:
    // A notice, once per socket, when its receive log could not map its ring.
    void sayIfLogFailed(UserSocket& s);
    std::optional<Endpoint> resolveFor(UserSocket& s, const Endpoint& endpoint);

    // A call that may have to wait: tried at once, then again on each wake-up of its socket
    // until attempt() gives an outcome. nullopt means "not ready yet".
    void startCall(UserSocket& s, CallSlot& slot, PendingCall call);
    void resumeCall(UserSocket& s, CallSlot& slot);
    std::optional<Outcome> attempt(UserSocket& s, PendingCall& call, bool mayWait);
    std::optional<Outcome> acceptOnce(UserSocket& listener, bool mayWait);
    std::optional<Outcome> receiveOnce(UserSocket& s, PendingCall& call, bool mayWait);
    std::optional<Outcome> receiveFdOnce(UserSocket& s, PendingCall& call, bool mayWait);
    SysResult<std::size_t> sendOnce(UserSocket& s, const PendingCall& call);
    std::optional<Outcome> receiveFailed(UserSocket& s, int err, bool mayWait);
    // Takes a new descriptor into the loop: registered with epoll, counted, in the next snapshot.
    UserSocket& adopt(Fd fd, SocketId id, Family family, SockType type);
    // What a socket learns once connected: its addresses, a Unix peer's credentials, its
    // inode where not known yet (see KnownAddresses).
    void onConnected(UserSocket& s, KnownAddresses known = {});
    void refreshOptions(UserSocket& s); // marks them for reading at the next snapshot
    void readOptions(UserSocket& s);
    void sampleQueues(UserSocket& s);
    void sampleHiddenArrivals(UserSocket& s);
    // Marks `s` as one whose arrivals epoll may not announce (UserSocket::arrivalsMayHide)
    // and has the timer sample its receive queue.
    void watchHiddenArrivals(UserSocket& s);
    void refreshInode(UserSocket& s);
    void removeSocketFile(UserSocket& s);
    std::string noteUnixFile(UserSocket& s, const Endpoint& bound);
    std::optional<Outcome> sendSome(UserSocket& s, PendingCall& call, bool mayWait);
    std::optional<Outcome> connectProgress(UserSocket& s);
    void autoAccept(UserSocket& listener);
    void finishSilentConnect(UserSocket& s);
    void applyShutdown(UserSocket& s, ShutdownHow how);
    void cancelCall(UserSocket& s, CallSlot& slot);

    // Shared with other threads.
    std::atomic<SocketId> m_nextId{1};
    std::mutex m_inMutex;
    std::vector<std::pair<Ticket, Command>> m_inbox;
    std::atomic<Ticket> m_nextTicket{1};
    std::mutex m_outMutex;
    std::vector<EventBatch> m_outbox;

    const std::string m_runtimeDir; // private 0700 directory for Unix socket files

    // Engine thread only.
    Fd m_epoll;
    Fd m_wakeFd;   // commands waiting
    Fd m_notifyFd; // batches waiting
    std::unordered_map<SocketId, std::unique_ptr<UserSocket>> m_sockets;
    std::vector<SocketId> m_dirty;
    std::vector<SocketId> m_again; // sockets with work left over from the last round
    std::vector<SocketId> m_pumping; // generators to run after this round's reads
    std::vector<SocketId> m_starved; // auto-accepting listeners stopped by EMFILE/ENFILE
    Fd m_timer;                     // timerfd: listener sampling, paced generators
    int m_timerPeriodMs = 0;
    bool m_timerNeedsCheck = false;
    std::vector<char> m_scratch;    // auto-receive buffer
    // Auto-receive summarised for the journal: one line per burst, written once the bytes
    // stop for a frame, after a second of a stream that goes on, or before any other
    // line of the same socket (so lines stay in order). Only sockets receiving have one.
    struct Burst {
        std::uint64_t calls = 0;
        std::uint64_t bytes = 0;
        std::uint64_t bytesAtLastFlush = 0;
        std::int64_t startNs = 0;
        std::string first; // the first chunk's preview
    };
    std::unordered_map<SocketId, Burst> m_bursts;
    mutable std::mutex m_logsMutex;
    std::unordered_map<SocketId, std::shared_ptr<ReceiveLog>> m_logs;
    EventBatch m_batch;
    bool m_batchHasContent = false;
    std::uint64_t m_nextSeq = 0;
    Ticket m_ticket = 0; // the command being executed
    Totals m_totals;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastFlush;

    std::jthread m_thread; // last: started after everything above exists
};

} // namespace sks
