// The user's calls, one handler per command, all on the engine thread.
#include "core/engine/engineloop.h"
#include "core/engine/journalformat.h"
#include "core/sys/errnos.h"
#include "core/sys/syscalls.h"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace sks {
namespace {

constexpr std::size_t kMaxRecv = 16u << 20;

// One IPv4 or IPv6 address: not a wildcard (::, 0.0.0.0) and not IPv4-mapped (so not
// ::ffff:0.0.0.0, the IPv4 wildcard that isWildcard() does not name either).
bool isOneIpAddress(const Endpoint& e)
{
    return (e.family() == Family::IPv4 || e.family() == Family::IPv6) && !e.isWildcard() && !e.isV4Mapped();
}
constexpr int kAutoAcceptPerRound = 64;

bool established(SocketState st)
{
    return st == SocketState::Connected || st == SocketState::Accepted || st == SocketState::HalfClosedRead
        || st == SocketState::HalfClosedWrite || st == SocketState::ShutDown;
}

bool connectionFailure(int err)
{
    return err == ECONNREFUSED || err == ETIMEDOUT || err == ENETUNREACH || err == EHOSTUNREACH
        || err == ECONNRESET || err == EADDRNOTAVAIL;
}

std::string_view waitingCall(Waiting w)
{
    return waitingCallName(w);
}

std::string callNameOf(const PendingCall& call)
{
    if (call.kind == Waiting::Send)
        return call.mode == CallMode::Addressed ? "sendto" : call.mode == CallMode::WithFd ? "sendmsg" : "send";
    if (call.kind == Waiting::Recv)
        return call.mode == CallMode::Addressed ? "recvfrom" : call.mode == CallMode::WithFd ? "recvmsg" : "recv";
    return std::string(waitingCallName(call.kind));
}

PendingCall makeCall(Waiting kind, std::string prefix)
{
    PendingCall call;
    call.kind = kind;
    call.prefix = std::move(prefix);
    return call;
}

} // namespace

UserSocket* EngineLoop::find(SocketId id, std::string_view call)
{
    auto it = m_sockets.find(id);
    if (it != m_sockets.end() && it->second->fd)
        return it->second.get();
    // Never replay the call on the old fd number: the kernel may have given it to another
    // socket already, which is exactly the bug this tool teaches to avoid.
    notice(Notice::Level::Error, id,
           "socket #" + std::to_string(id) + " is closed or unknown: " + std::string(call)
               + "() on a closed descriptor fails with EBADF, and its old number may already belong to another file");
    return nullptr;
}

std::optional<Endpoint> EngineLoop::resolveFor(UserSocket& s, const Endpoint& endpoint)
{
    if (endpoint.isEmpty()) {
        notice(Notice::Level::Error, s.info.id, "no address given");
        return std::nullopt;
    }
    if (!endpoint.isName())
        return endpoint;
    auto resolved = resolve(endpoint, s.info.family);
    if (!resolved) {
        notice(Notice::Level::Error, s.info.id, resolved.error());
        return std::nullopt;
    }
    notice(Notice::Level::Info, s.info.id, endpoint.toString() + " resolved to " + resolved->toString());
    return *resolved;
}

void EngineLoop::deliver(const UserSocket& s, std::uint64_t seq, Outcome& out)
{
    // Empty datagrams are real messages too; only failed calls and end-of-stream deliver nothing.
    if (!out.received)
        return;
    Received r;
    r.socket = s.info.id;
    r.journalSeq = seq;
    r.fullLength = std::max(out.fullLength, out.bytes.size());
    r.from = std::move(out.from);
    r.bytes = std::move(out.bytes);
    m_batch.received.push_back(std::move(r));
}

// ---- calls that may wait -----------------------------------------------------------------

void EngineLoop::startCall(UserSocket& s, CallSlot& slot, PendingCall call)
{
    const std::string name = callNameOf(call);
    if (slot && !slot->silent) {
        notice(Notice::Level::Warning, s.info.id,
               "socket #" + std::to_string(s.info.id) + " is still waiting in " + std::string(waitingCall(slot->kind))
                   + "(): a blocked program could not make another " + name + "() until it returns");
        return;
    }
    if (auto out = attempt(s, call, s.info.blocking)) {
        JournalEntry e = makeEntry(s, name, joinText({call.prefix, resultText(out->result, out->error), out->detail}),
                                   out->result, out->error);
        e.newSocket = out->newSocket;
        deliver(s, e.seq, *out);
        journal(std::move(e));
        return;
    }
    call.entry = makeEntry(s, name, call.prefix, 0, 0);
    call.entry.pending = true;
    journal(call.entry);
    slot = std::move(call);
    refreshWaiting(s);
}

void EngineLoop::resumeCall(UserSocket& s, CallSlot& slot)
{
    auto out = attempt(s, *slot, true);
    if (!out)
        return;
    JournalEntry& e = slot->entry;
    e.text = joinText({slot->prefix, resultText(out->result, out->error), out->detail});
    e.result = out->result;
    e.error = out->error;
    e.pending = false;
    e.waitedNs = nowNs() - e.timeNs;
    e.newSocket = out->newSocket;
    deliver(s, e.seq, *out);
    journal(std::move(e));
    slot.reset();
    refreshWaiting(s);
}

void EngineLoop::cancelCall(UserSocket& s, CallSlot& slot)
{
    if (slot && !slot->silent) {
        JournalEntry& e = slot->entry;
        e.text = slot->prefix + " = ? <unfinished: the socket was closed while waiting>";
        e.result = -1;
        e.error = ECANCELED;
        e.pending = false;
        e.waitedNs = nowNs() - e.timeNs;
        journal(std::move(e));
    }
    slot.reset();
    refreshWaiting(s);
}

std::optional<Outcome> EngineLoop::attempt(UserSocket& s, PendingCall& call, bool mayWait)
{
    switch (call.kind) {
    case Waiting::Accept: return acceptOnce(s, mayWait);
    case Waiting::Recv: return receiveOnce(s, call, mayWait);
    case Waiting::Send: return sendSome(s, call, mayWait);
    case Waiting::Connect: return connectProgress(s);
    case Waiting::None: break;
    }
    return Outcome{};
}

std::optional<Outcome> EngineLoop::acceptOnce(UserSocket& listener, bool mayWait)
{
    auto r = sys::accept(listener.fd.get());
    if (!r) {
        const int err = r.error().code;
        if (err == EAGAIN && mayWait)
            return std::nullopt;
        listener.info.lastError = err;
        markDirty(listener);
        return Outcome::failed(err);
    }
    UserSocket& child = adopt(std::move(r->fd), newSocketId(), listener.info.family, listener.info.type);
    child.info.parent = listener.info.id;
    child.info.role = Role::Accepted;
    child.info.state = SocketState::Accepted;
    child.info.blocking = listener.info.blocking;
    // A listener this engine bound to one address hands that address to what it accepts;
    // not one that came over SCM_RIGHTS, whose owner may have listened again elsewhere.
    KnownAddresses known{.local = isOneIpAddress(listener.info.local) && !listener.shared, .peer = true};
    if (known.local)
        child.info.local = listener.info.local;
    child.info.peer = std::move(r->peer);
    onConnected(child, known);
    if (listener.arrivalsMayHide) // accepted sockets inherit SO_RCVLOWAT
        watchHiddenArrivals(child);
    child.inputSeen = true; // bytes may have come before accept(): read its queue once
    if (listener.info.acceptQueue > 0)
        --listener.info.acceptQueue; // this one left the kernel's queue; the 10 Hz sample corrects the rest
    ++listener.info.acceptedCount;
    markDirty(listener);
    Outcome out = Outcome::ok(child.fd.get(), joinText({" (peer ", child.info.peer.toString(), ", new socket #",
                                                        std::to_string(child.info.id), ")"}));
    out.newSocket = child.info.id;
    return out;
}

std::optional<Outcome> EngineLoop::receiveFailed(UserSocket& s, int err, bool mayWait)
{
    if (err == EAGAIN && mayWait)
        return std::nullopt;
    s.info.lastError = err;
    if (err == ECONNRESET)
        s.info.peerClosed = true;
    markDirty(s);
    return Outcome::failed(err);
}

std::optional<Outcome> EngineLoop::receiveOnce(UserSocket& s, PendingCall& call, bool mayWait)
{
    if (call.mode == CallMode::WithFd)
        return receiveFdOnce(s, call, mayWait);
    const bool messages = s.info.type != SockType::Stream;
    std::string buffer(call.maxBytes, '\0');
    std::size_t real = 0;
    if (messages) {
        // Peek at the datagram's real size so truncation can be explained; the call that is
        // journaled (and that a program would make) is the plain one below.
        auto peek = sys::recvFrom(s.fd.get(), buffer.data(), buffer.size(), MSG_PEEK | MSG_TRUNC);
        if (!peek)
            return receiveFailed(s, peek.error().code, mayWait);
        real = peek->length;
    }
    auto r = sys::recvFrom(s.fd.get(), buffer.data(), buffer.size(), 0);
    if (!r)
        return receiveFailed(s, r.error().code, mayWait);
    const std::size_t n = r->length;
    if (n == 0 && !messages && call.maxBytes > 0) {
        s.info.peerClosed = true;
        if (s.info.state == SocketState::Connected || s.info.state == SocketState::Accepted)
            s.info.state = SocketState::HalfClosedRead;
        else if (s.info.state == SocketState::HalfClosedWrite)
            s.info.state = SocketState::ShutDown;
        markDirty(s);
        return Outcome::ok(0, " (end of stream: the peer will send nothing more)");
    }
    buffer.resize(n);
    s.info.bytesIn += n;
    ++s.info.messagesIn;
    m_totals.bytesIn += n;
    logFor(s).append(buffer.data(), n);
    sayIfLogFailed(s);
    markDirty(s);
    Outcome out = Outcome::ok(static_cast<std::int64_t>(n), " " + quoteBytes(buffer));
    out.received = true;
    out.fullLength = real;
    if (call.mode == CallMode::Addressed)
        out.detail += " (from " + (r->from.isEmpty() ? std::string("an unnamed socket") : r->from.toString()) + ")";
    if (messages && real > n)
        out.detail += " [truncated: the datagram had " + std::to_string(real) + " bytes; "
            + std::to_string(real - n) + " were discarded (MSG_TRUNC)]";
    out.from = std::move(r->from);
    out.bytes = std::move(buffer);
    return out;
}

SysResult<std::size_t> EngineLoop::sendOnce(UserSocket& s, const PendingCall& call)
{
    const char* data = call.sendBuffer.data() + call.sent;
    const std::size_t length = call.sendBuffer.size() - call.sent;
    switch (call.mode) {
    case CallMode::Addressed: return sys::sendTo(s.fd.get(), data, length, call.to);
    case CallMode::WithFd: {
        // A closed socket has no descriptor: pass -1 and let the kernel say EBADF, rather
        // than its old number, which may belong to something else by now.
        auto it = m_sockets.find(call.passed);
        const int passed = it != m_sockets.end() && it->second->fd ? it->second->fd.get() : -1;
        return sys::sendFd(s.fd.get(), passed, data, length);
    }
    case CallMode::Plain: break;
    }
    return sys::send(s.fd.get(), data, length);
}

std::optional<Outcome> EngineLoop::sendSome(UserSocket& s, PendingCall& call, bool mayWait)
{
    const std::string& data = call.sendBuffer;
    do {
        auto r = sendOnce(s, call);
        if (!r) {
            const int err = r.error().code;
            if (err == EAGAIN && mayWait)
                return std::nullopt;
            if (err == EAGAIN && call.sent > 0)
                break;
            s.info.lastError = err;
            if (err == EPIPE || err == ECONNRESET)
                s.info.peerClosed = true;
            markDirty(s);
            if (call.sent > 0) // a blocking send reports what it sent; the error comes next time
                return Outcome::ok(static_cast<std::int64_t>(call.sent));
            return Outcome::failed(err);
        }
        call.sent += *r;
        s.info.bytesOut += *r;
        ++s.info.messagesOut;
        m_totals.bytesOut += *r;
        markDirty(s);
        if (!mayWait || s.info.type != SockType::Stream || call.mode == CallMode::WithFd)
            break; // one call: non-blocking, or a message, which is sent whole or not at all
    } while (call.sent < data.size());
    std::string detail;
    if (call.sent < data.size())
        detail = " (partial: the send buffer is full)";
    return Outcome::ok(static_cast<std::int64_t>(call.sent), std::move(detail));
}

std::optional<Outcome> EngineLoop::connectProgress(UserSocket& s)
{
    auto soError = sys::pendingError(s.fd.get());
    const int err = soError ? *soError : soError.error().code;
    if (err != 0) {
        s.info.state = SocketState::Error;
        s.info.lastError = err;
        s.info.peer = {};
        markDirty(s);
        return Outcome::failed(err);
    }
    auto peer = sys::peerAddress(s.fd.get());
    if (!peer)
        return std::nullopt; // ENOTCONN: the handshake is still going on
    // An IP connect that went through EINPROGRESS read its local address once connect()
    // had chosen it (doConnect); the handshake does not change it.
    const KnownAddresses known{
        .local = s.info.state == SocketState::Connecting && isOneIpAddress(s.info.local) && s.info.local.port() != 0,
        .peer = true};
    s.info.peer = std::move(*peer);
    s.info.state = SocketState::Connected;
    onConnected(s, known);
    return Outcome::ok(0, joinText({" (local ", s.info.local.toString(), ")"}));
}

void EngineLoop::finishSilentConnect(UserSocket& s)
{
    auto out = connectProgress(s);
    if (!out)
        return;
    const std::string soError = out->error ? errnoName(out->error) : "0";
    const std::string_view meaning = out->error ? std::string_view(": the connection failed") : std::string_view(": connected");
    std::string text = joinText({"getsockopt(", fdText(s), ", SO_ERROR) = 0 [so_error ", soError, meaning,
                                 out->error ? std::string_view() : std::string_view(out->detail), "]"});
    journal(makeEntry(s, "getsockopt", std::move(text), 0, out->error));
    s.writeCall.reset();
    refreshWaiting(s);
}

// ---- the commands ------------------------------------------------------------------------

void EngineLoop::doCreate(const cmd::Create& c)
{
    const std::string prefix = joinText({"socket(", addressFamilyName(c.family), ", ", sockTypeName(c.type), ", 0)"});
    auto fd = sys::socket(toAddressFamily(c.family), toSocketType(c.type), 0);
    if (!fd) {
        // The id still gets a row, closed, so the failure shows where it happened.
        auto owned = std::make_unique<UserSocket>();
        UserSocket& s = *owned;
        s.info.id = c.id;
        s.info.family = c.family;
        s.info.type = c.type;
        s.info.role = c.role;
        s.info.state = SocketState::Closed;
        s.info.lastError = fd.error().code;
        journal(makeEntry(s, "socket", prefix + resultText(-1, fd.error().code), -1, fd.error().code));
        markDirty(s);
        m_sockets.insert_or_assign(c.id, std::move(owned));
        return;
    }
    UserSocket& s = adopt(std::move(*fd), c.id, c.family, c.type);
    s.info.role = c.role;
    journal(makeEntry(s, "socket", prefix + resultText(s.fd.get(), 0), s.fd.get(), 0));
    refreshInode(s);
    refreshOptions(s);
}

void EngineLoop::doBind(const cmd::Bind& c)
{
    UserSocket* s = find(c.id, "bind");
    if (!s)
        return;
    auto ep = resolveFor(*s, c.endpoint);
    if (!ep)
        return;
    auto r = sys::bind(s->fd.get(), *ep);
    const int err = r ? 0 : r.error().code;
    std::string text = "bind(" + fdText(*s) + ", " + ep->toString() + ")" + resultText(0, err);
    if (r) {
        if (auto local = sys::localAddress(s->fd.get())) {
            if (!(*local == *ep))
                text += " (bound to " + local->toString() + ")";
            s->info.local = *local;
        }
        if (s->info.state == SocketState::Created)
            s->info.state = SocketState::Bound;
        text += noteUnixFile(*s, *ep);
    } else {
        s->info.lastError = err;
        if (err == EADDRINUSE && ep->isUnix() && !ep->isAbstract())
            text += " (" + ep->unixName() + " already exists: a Unix socket's path must not exist before bind;"
                    " remove the file (unlink) or choose another name)";
        else if (err == ENOENT && ep->isUnix())
            text += " (the directory of " + ep->unixName() + " does not exist)";
    }
    journal(makeEntry(*s, "bind", std::move(text), err ? -1 : 0, err));
    markDirty(*s);
}

void EngineLoop::doListen(const cmd::Listen& c)
{
    UserSocket* s = find(c.id, "listen");
    if (!s)
        return;
    auto r = sys::listen(s->fd.get(), c.backlog);
    const int err = r ? 0 : r.error().code;
    std::string text = "listen(" + fdText(*s) + ", " + std::to_string(c.backlog) + ")" + resultText(0, err);
    if (r) {
        s->info.state = SocketState::Listening;
        s->info.backlog = c.backlog;
        refreshOptions(*s);
        m_timerNeedsCheck = true;
        if (auto local = sys::localAddress(s->fd.get())) {
            if (!(*local == s->info.local))
                text += " (the kernel bound it to " + local->toString() + ")";
            s->info.local = *local;
        }
    } else {
        s->info.lastError = err;
    }
    journal(makeEntry(*s, "listen", std::move(text), err ? -1 : 0, err));
    markDirty(*s);
    if (r)
        autoAccept(*s);
}

void EngineLoop::doAccept(const cmd::Accept& c)
{
    if (UserSocket* s = find(c.id, "accept"))
        startCall(*s, s->readCall, makeCall(Waiting::Accept, "accept(" + fdText(*s) + ")"));
}

void EngineLoop::autoAccept(UserSocket& listener)
{
    if (!listener.info.autoAccept || listener.info.state != SocketState::Listening || listener.readCall)
        return;
    for (int i = 0; i < kAutoAcceptPerRound; ++i) {
        auto out = acceptOnce(listener, true);
        if (!out)
            return; // the accept queue is empty
        JournalEntry e = makeEntry(listener, "accept",
                                   joinText({"accept(", fdText(listener), ")", resultText(out->result, out->error), out->detail}),
                                   out->result, out->error);
        e.newSocket = out->newSocket;
        journal(std::move(e));
        if (out->error) {
            // EMFILE and the like: the connection waits in the kernel. Tried again when the
            // next one arrives or when a descriptor is freed (doClose).
            if (std::find(m_starved.begin(), m_starved.end(), listener.info.id) == m_starved.end())
                m_starved.push_back(listener.info.id);
            return;
        }
    }
    again(listener); // more may wait: go on next round, after other work
}

void EngineLoop::doSetAutoAccept(const cmd::SetAutoAccept& c)
{
    UserSocket* s = find(c.id, "accept");
    if (!s)
        return;
    s->info.autoAccept = c.on;
    markDirty(*s);
    autoAccept(*s);
}

void EngineLoop::doSetBlocking(const cmd::SetBlocking& c)
{
    UserSocket* s = find(c.id, "fcntl");
    if (!s || s->info.blocking == c.on)
        return;
    // The real descriptor stays O_NONBLOCK; only how the app lets calls wait changes.
    s->info.blocking = c.on;
    markDirty(*s);
    notice(Notice::Level::Info, c.id,
           "socket #" + std::to_string(c.id)
               + (c.on ? " is blocking: a call that cannot complete waits (shown as \"waiting in ...\")"
                       : " is non-blocking (like fcntl(fd, F_SETFL, O_NONBLOCK)): a call that cannot complete returns EAGAIN or EINPROGRESS"));
}

void EngineLoop::doConnect(const cmd::Connect& c)
{
    UserSocket* s = find(c.id, "connect");
    if (!s)
        return;
    auto ep = resolveFor(*s, c.endpoint);
    if (!ep)
        return;
    if (s->writeCall && !s->writeCall->silent) {
        notice(Notice::Level::Warning, c.id, "socket #" + std::to_string(c.id) + " is still waiting in "
                   + std::string(waitingCall(s->writeCall->kind)) + "()");
        return;
    }
    const std::string prefix = joinText({"connect(", fdText(*s), ", ", ep->toString(), ")"});
    auto r = sys::connect(s->fd.get(), *ep);
    const int err = r ? 0 : r.error().code;
    if (err == EINPROGRESS && !s->writeCall) {
        s->info.state = SocketState::Connecting;
        s->info.peer = *ep;
        if (auto local = sys::localAddress(s->fd.get()))
            s->info.local = *local; // the ephemeral port is chosen already
        markDirty(*s);
        if (!s->info.blocking) {
            journal(makeEntry(*s, "connect", prefix + resultText(-1, err), -1, err));
            s->writeCall = makeCall(Waiting::Connect, prefix);
            s->writeCall->silent = true;
            refreshWaiting(*s);
            return;
        }
        PendingCall call = makeCall(Waiting::Connect, prefix);
        call.entry = makeEntry(*s, "connect", prefix, 0, 0);
        call.entry.pending = true;
        journal(call.entry);
        s->writeCall = std::move(call);
        refreshWaiting(*s);
        return;
    }
    Outcome out = err ? Outcome::failed(err) : Outcome::ok(0);
    if (!err) {
        s->writeCall.reset(); // a silent connect that this call confirmed
        if (auto done = connectProgress(*s))
            out.detail = done->detail;
    } else if (connectionFailure(err)) {
        s->info.state = SocketState::Error;
        s->info.peer = {};
        s->writeCall.reset();
    }
    if (err)
        s->info.lastError = err;
    refreshWaiting(*s);
    journal(makeEntry(*s, "connect", joinText({prefix, resultText(out.result, err), out.detail}), out.result, err));
}

void EngineLoop::doSend(const cmd::Send& c)
{
    UserSocket* s = find(c.id, "send");
    if (!s)
        return;
    PendingCall call = makeCall(
        Waiting::Send, "send(" + fdText(*s) + ", " + quoteBytes(c.bytes) + ", " + std::to_string(c.bytes.size()) + ")");
    call.sendBuffer = c.bytes;
    startCall(*s, s->writeCall, std::move(call));
}

void EngineLoop::doRecv(const cmd::Recv& c)
{
    UserSocket* s = find(c.id, "recv");
    if (!s)
        return;
    const std::size_t max = std::min(c.maxBytes, kMaxRecv);
    PendingCall call = makeCall(Waiting::Recv, "recv(" + fdText(*s) + ", " + std::to_string(max) + ")");
    call.maxBytes = max;
    startCall(*s, s->readCall, std::move(call));
}

void EngineLoop::applyShutdown(UserSocket& s, ShutdownHow how)
{
    const SocketState st = s.info.state;
    const bool readDone = how != ShutdownHow::Write || st == SocketState::HalfClosedRead;
    const bool writeDone = how != ShutdownHow::Read || st == SocketState::HalfClosedWrite;
    if (!established(st))
        return;
    s.info.state = readDone && writeDone ? SocketState::ShutDown
        : readDone                       ? SocketState::HalfClosedRead
                                         : SocketState::HalfClosedWrite;
    markDirty(s);
}

void EngineLoop::doShutdown(const cmd::Shutdown& c)
{
    UserSocket* s = find(c.id, "shutdown");
    if (!s)
        return;
    const int how = c.how == ShutdownHow::Read ? SHUT_RD : c.how == ShutdownHow::Write ? SHUT_WR : SHUT_RDWR;
    auto r = sys::shutdown(s->fd.get(), how);
    const int err = r ? 0 : r.error().code;
    if (r)
        applyShutdown(*s, c.how);
    else
        s->info.lastError = err;
    journal(makeEntry(*s, "shutdown", "shutdown(" + fdText(*s) + ", " + std::string(shutdownHowName(c.how)) + ")" + resultText(0, err),
                      err ? -1 : 0, err));
    markDirty(*s);
}

void EngineLoop::doClose(const cmd::Close& c)
{
    UserSocket* s = find(c.id, "close");
    if (!s)
        return;
    cancelCall(*s, s->readCall);
    cancelCall(*s, s->writeCall);
    if (s->generator)
        endGenerator(*s, 0, "stopped: the socket was closed");
    const std::string prefix = joinText({"close(", fdText(*s), ")"});
    // epoll keys on the open file: close() takes it out of the interest list only when
    // this is the file's last descriptor. A passed one may keep the file alive.
    if (s->shared)
        ::epoll_ctl(m_epoll.get(), EPOLL_CTL_DEL, s->fd.get(), nullptr);
    const int rc = s->fd.reset();
    const int err = rc < 0 ? errno : 0;
    s->info.fd = -1;
    s->info.state = SocketState::Closed;
    s->info.waiting = Waiting::None;
    --m_totals.openSockets;
    journal(makeEntry(*s, "close", joinText({prefix, resultText(rc, err)}), rc, err));
    removeSocketFile(*s);
    markDirty(*s);
    for (SocketId id : std::exchange(m_starved, {})) // a descriptor is free again
        if (auto it = m_sockets.find(id); it != m_sockets.end())
            again(*it->second);
}

void EngineLoop::onReady(UserSocket& s, std::uint32_t events)
{
    const SocketState st = s.info.state;
    if (events & EPOLLIN)
        s.inputSeen = true;
    if ((events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && !s.info.peerClosed
        && (st == SocketState::Connected || st == SocketState::Accepted || st == SocketState::HalfClosedWrite)) {
        s.info.peerClosed = true;
    }
    if (s.writeCall) {
        if (s.writeCall->silent)
            finishSilentConnect(s);
        else
            resumeCall(s, s.writeCall);
    }
    if (s.readCall)
        resumeCall(s, s.readCall);
    progress(s);
    if (established(s.info.state))
        markDirty(s); // queue depths changed; sampled at the next flush
}

} // namespace sks
