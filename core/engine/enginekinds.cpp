// The other socket kinds and their calls: socketpair, datagrams (sendto/recvfrom),
// options, descriptor passing and Unix socket files. All on the engine thread.
#include "core/engine/engineloop.h"
#include "core/engine/journalformat.h"
#include "core/sys/errnos.h"
#include "core/sys/syscalls.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace sks {
namespace {

std::string_view levelName(int level)
{
    switch (level) {
    case SOL_SOCKET: return "SOL_SOCKET";
    case IPPROTO_TCP: return "IPPROTO_TCP";
    case IPPROTO_IPV6: return "IPPROTO_IPV6";
    default: return "?";
    }
}

// "srwxr-xr-x", as ls -l prints a socket file.
std::string modeText(std::uint32_t mode)
{
    std::string text = S_ISSOCK(mode) ? "s" : S_ISDIR(mode) ? "d" : "-";
    const char* rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; ++i)
        text += (mode & (0400u >> i)) ? rwx[i] : '-';
    return text;
}

Family familyOf(int domain)
{
    switch (domain) {
    case AF_INET: return Family::IPv4;
    case AF_INET6: return Family::IPv6;
    case AF_UNIX: return Family::Unix;
    default: return Family::Unspecified;
    }
}

SockType typeOf(int type)
{
    switch (type) {
    case SOCK_DGRAM: return SockType::Datagram;
    case SOCK_SEQPACKET: return SockType::SeqPacket;
    default: return SockType::Stream;
    }
}

PendingCall makeCall(Waiting kind, CallMode mode, std::string prefix)
{
    PendingCall call;
    call.kind = kind;
    call.mode = mode;
    call.prefix = std::move(prefix);
    return call;
}

} // namespace

UserSocket& EngineLoop::adopt(Fd fd, SocketId id, Family family, SockType type)
{
    auto owned = std::make_unique<UserSocket>();
    UserSocket& s = *owned;
    s.info.id = id;
    s.info.family = family;
    s.info.type = type;
    s.fd = std::move(fd);
    s.info.fd = s.info.lastFd = s.fd.get();
    registerFd(s);
    ++m_totals.openSockets;
    m_sockets.insert_or_assign(id, std::move(owned));
    markDirty(s);
    // A datagram socket is sampled for drops. Only then: the check walks every socket, and
    // doing that for each of a thousand connections a second was a cost that grew with
    // the number open.
    if (type == SockType::Datagram)
        m_timerNeedsCheck = true;
    return s;
}

void EngineLoop::refreshInode(UserSocket& s)
{
    if (auto inode = sys::inodeOf(s.fd.get()))
        s.info.inode = *inode;
}

void EngineLoop::onConnected(UserSocket& s, KnownAddresses known)
{
    if (!known.local)
        if (auto got = sys::localAddress(s.fd.get()))
            s.info.local = *got;
    if (!known.peer)
        if (auto got = sys::peerAddress(s.fd.get()))
            s.info.peer = *got;
    if (s.info.family == Family::Unix) {
        if (auto cred = sys::peerCredentials(s.fd.get())) {
            s.info.peerPid = cred->pid;
            s.info.peerUid = cred->uid;
            s.info.peerGid = cred->gid;
        }
    }
    if (s.info.inode == 0) // a socket's inode never changes; accepted and received ones have none yet
        refreshInode(s);
    refreshOptions(s);
    markDirty(s);
}

void EngineLoop::refreshOptions(UserSocket& s)
{
    // Only a watched socket's options are read, and at the next snapshot, not now:
    // several changes in a frame cost one read, and the thousands of sockets of a
    // connection churn that nobody looks at never pay the ~19 getsockopt calls each.
    s.optionsStale = s.optionsWatched;
    markDirty(s);
}

void EngineLoop::doWatchOptions(const cmd::WatchOptions& c)
{
    auto it = m_sockets.find(c.id);
    if (it == m_sockets.end() || !it->second->fd)
        return; // closed meanwhile: nothing to read, and nothing to report
    it->second->optionsWatched = true;
    refreshOptions(*it->second);
}

void EngineLoop::readOptions(UserSocket& s)
{
    s.optionsStale = false;
    auto values = std::make_shared<OptionValues>();
    (*values)[SockOption::Error] = s.info.option(SockOption::Error); // the last one the user read
    for (const SockOptionInfo& o : sockOptions()) {
        int& value = (*values)[o.option];
        if (o.option == SockOption::Error)
            continue; // reading SO_ERROR clears it: only when the user asks
        if (o.option == SockOption::Linger) {
            auto l = sys::getLinger(s.fd.get());
            value = l ? l->onoff : -1;
            values->lingerSeconds = l ? l->seconds : 0;
            continue;
        }
        auto v = sys::getIntOption(s.fd.get(), o.level, o.optname);
        value = v ? *v : -1;
    }
    s.info.options = std::move(values);
}

std::string EngineLoop::noteUnixFile(UserSocket& s, const Endpoint& bound)
{
    if (!bound.isUnix() || bound.isAbstract() || bound.isUnnamedUnix())
        return {};
    s.boundPath = bound.unixName();
    m_timerNeedsCheck = true; // the file is watched
    struct stat st{};
    if (::stat(s.boundPath.c_str(), &st) != 0)
        return {};
    s.info.fileInode = st.st_ino;
    s.info.fileMode = st.st_mode;
    return " (created the file " + s.boundPath + ", " + modeText(st.st_mode) + ", inode " + std::to_string(st.st_ino) + ")";
}

void EngineLoop::removeSocketFile(UserSocket& s)
{
    if (s.boundPath.empty() || s.info.keepFile)
        return;
    // Only the file this socket made: if someone replaced it, it is theirs.
    struct stat st{};
    if (::lstat(s.boundPath.c_str(), &st) == 0 && S_ISSOCK(st.st_mode) && st.st_ino == s.info.fileInode) {
        const int rc = ::unlink(s.boundPath.c_str());
        const int err = rc < 0 ? errno : 0;
        if (m_thread.joinable() && std::this_thread::get_id() == m_thread.get_id())
            journal(makeEntry(s, "unlink", "unlink(" + quoteBytes(s.boundPath, 256) + ")" + resultText(rc, err)
                                               + " (the app removes the socket files it created)", rc, err));
    }
    s.boundPath.clear();
}

void EngineLoop::doSetKeepFile(const cmd::SetKeepFile& c)
{
    if (UserSocket* s = find(c.id, "unlink")) {
        s->info.keepFile = c.on;
        markDirty(*s);
    }
}

void EngineLoop::doSocketPair(const cmd::SocketPair& c)
{
    const std::string prefix = "socketpair(AF_UNIX, " + std::string(sockTypeName(c.type)) + ", 0, ";
    auto pair = sys::socketpair(AF_UNIX, toSocketType(c.type));
    if (!pair) {
        const int err = pair.error().code;
        for (SocketId id : {c.id, c.second}) {
            auto owned = std::make_unique<UserSocket>();
            owned->info.id = id;
            owned->info.family = Family::Unix;
            owned->info.type = c.type;
            owned->info.state = SocketState::Closed;
            owned->info.lastError = err;
            markDirty(*owned);
            m_sockets.insert_or_assign(id, std::move(owned));
        }
        journal(makeEntry(*m_sockets.at(c.id), "socketpair", prefix + "[?, ?])" + resultText(-1, err), -1, err));
        return;
    }
    UserSocket& a = adopt(std::move(pair->first), c.id, Family::Unix, c.type);
    UserSocket& b = adopt(std::move(pair->second), c.second, Family::Unix, c.type);
    for (UserSocket* s : {&a, &b}) {
        s->info.state = SocketState::Connected;
        onConnected(*s);
    }
    a.info.linked = b.info.id;
    b.info.linked = a.info.id;
    JournalEntry e = makeEntry(a, "socketpair", prefix + "[" + fdText(a) + ", " + fdText(b) + "]) = 0 (sockets #"
                                   + std::to_string(a.info.id) + " and #" + std::to_string(b.info.id) + ", connected to each other)",
                               0, 0);
    e.newSocket = b.info.id;
    journal(std::move(e));
}

void EngineLoop::doSendTo(const cmd::SendTo& c)
{
    UserSocket* s = find(c.id, "sendto");
    if (!s)
        return;
    auto ep = resolveFor(*s, c.endpoint);
    if (!ep)
        return;
    PendingCall call = makeCall(Waiting::Send, CallMode::Addressed,
                                "sendto(" + fdText(*s) + ", " + quoteBytes(c.bytes) + ", " + std::to_string(c.bytes.size())
                                    + ", " + ep->toString() + ")");
    call.sendBuffer = c.bytes;
    call.to = *ep;
    const bool wasUnbound = s->info.local.isEmpty();
    startCall(*s, s->writeCall, std::move(call));
    if (wasUnbound && s->info.family != Family::Unix) {
        // The first sendto binds an unbound socket to an ephemeral port: show it.
        if (auto local = sys::localAddress(s->fd.get()); local && local->port() != 0) {
            s->info.local = *local;
            if (s->info.state == SocketState::Created)
                s->info.state = SocketState::Bound;
            markDirty(*s);
        }
    }
}

void EngineLoop::doRecvFrom(const cmd::RecvFrom& c)
{
    UserSocket* s = find(c.id, "recvfrom");
    if (!s)
        return;
    const std::size_t max = std::min<std::size_t>(c.maxBytes, 16u << 20);
    PendingCall call = makeCall(Waiting::Recv, CallMode::Addressed, "recvfrom(" + fdText(*s) + ", " + std::to_string(max) + ")");
    call.maxBytes = max;
    startCall(*s, s->readCall, std::move(call));
}

void EngineLoop::doSetOption(const cmd::SetOption& c)
{
    UserSocket* s = find(c.id, "setsockopt");
    if (!s)
        return;
    const SockOptionInfo& o = sockOptionInfo(c.option);
    const std::string where = fdText(*s) + ", " + std::string(levelName(o.level)) + ", " + std::string(o.name);
    SysResult<void> r;
    std::string value;
    if (c.option == SockOption::Linger) {
        r = sys::setLinger(s->fd.get(), {c.value, c.value2});
        value = "{l_onoff=" + std::to_string(c.value) + ", l_linger=" + std::to_string(c.value2) + "}";
    } else {
        r = sys::setIntOption(s->fd.get(), o.level, o.optname, c.value);
        value = "[" + std::to_string(c.value) + "]";
    }
    const int err = r ? 0 : r.error().code;
    if (err)
        s->info.lastError = err;
    else if (c.option == SockOption::RcvLowat && c.value > 1) {
        // The mark is the socket's: every descriptor of it here (passed with SCM_RIGHTS)
        // has a row whose receive queue must now be sampled.
        for (auto& [id, other] : m_sockets)
            if (other.get() == s || (s->shared && other->fd && other->info.inode == s->info.inode))
                watchHiddenArrivals(*other);
    }
    journal(makeEntry(*s, "setsockopt", "setsockopt(" + where + ", " + value + ")" + resultText(err ? -1 : 0, err),
                      err ? -1 : 0, err));
    doGetOption(cmd::GetOption{c.id, c.option});
    if (!err && (c.option == SockOption::RcvBuf || c.option == SockOption::SndBuf)
        && s->info.option(c.option) != c.value)
        notice(Notice::Level::Info, c.id,
               std::string(o.name) + ": asked for " + std::to_string(c.value) + ", the kernel applied "
                   + std::to_string(s->info.option(c.option))
                   + " (Linux doubles the value for its bookkeeping, within net.core limits)");
}

void EngineLoop::doGetOption(const cmd::GetOption& c)
{
    UserSocket* s = find(c.id, "getsockopt");
    if (!s)
        return;
    const SockOptionInfo& o = sockOptionInfo(c.option);
    std::string text = "getsockopt(" + fdText(*s) + ", " + std::string(levelName(o.level)) + ", " + std::string(o.name) + ")";
    int err = 0;
    if (c.option == SockOption::Linger) {
        auto l = sys::getLinger(s->fd.get());
        err = l ? 0 : l.error().code;
        text += resultText(err ? -1 : 0, err);
        if (l)
            text += " {l_onoff=" + std::to_string(l->onoff) + ", l_linger=" + std::to_string(l->seconds) + "}";
    } else {
        auto v = sys::getIntOption(s->fd.get(), o.level, o.optname);
        err = v ? 0 : v.error().code;
        text += resultText(err ? -1 : 0, err);
        if (v) {
            text += " [" + std::to_string(*v) + "]";
            if (c.option == SockOption::Error && *v != 0)
                text += " (" + errnoName(*v) + ")";
            if (!s->info.options)
                readOptions(*s); // the first read of this socket's options: all of them
            auto values = std::make_shared<OptionValues>(*s->info.options);
            (*values)[c.option] = *v;
            s->info.options = std::move(values);
        }
    }
    journal(makeEntry(*s, "getsockopt", std::move(text), err ? -1 : 0, err));
    s->optionsWatched = true; // someone is looking at this socket's options
    if (c.option != SockOption::Error)
        refreshOptions(*s);
}

void EngineLoop::doSendFd(const cmd::SendFd& c)
{
    UserSocket* s = find(c.id, "sendmsg");
    if (!s)
        return;
    auto it = m_sockets.find(c.passed);
    const bool open = it != m_sockets.end() && it->second->fd;
    const std::string passedText = open ? "fd " + std::to_string(it->second->fd.get()) + " = socket #" + std::to_string(c.passed)
                                        : "socket #" + std::to_string(c.passed) + " (closed: no descriptor, sent as -1)";
    if (open)
        it->second->shared = true; // from now on a message in flight, or a receiver, may hold it
    const std::string bytes = c.bytes.empty() ? std::string("F") : c.bytes; // SCM_RIGHTS needs a data byte
    PendingCall call = makeCall(Waiting::Send, CallMode::WithFd,
                                "sendmsg(" + fdText(*s) + ", " + quoteBytes(bytes) + ", SCM_RIGHTS [" + passedText + "])");
    call.sendBuffer = bytes;
    call.passed = c.passed;
    startCall(*s, s->writeCall, std::move(call));
}

void EngineLoop::doRecvFd(const cmd::RecvFd& c)
{
    UserSocket* s = find(c.id, "recvmsg");
    if (!s)
        return;
    const std::size_t max = std::max<std::size_t>(1, std::min<std::size_t>(c.maxBytes, 1u << 20));
    PendingCall call = makeCall(Waiting::Recv, CallMode::WithFd, "recvmsg(" + fdText(*s) + ", " + std::to_string(max) + ")");
    call.maxBytes = max;
    startCall(*s, s->readCall, std::move(call));
}

std::optional<Outcome> EngineLoop::receiveFdOnce(UserSocket& s, PendingCall& call, bool mayWait)
{
    std::string buffer(call.maxBytes, '\0');
    auto r = sys::recvFd(s.fd.get(), buffer.data(), buffer.size());
    if (!r)
        return receiveFailed(s, r.error().code, mayWait);
    buffer.resize(r->length);
    s.info.bytesIn += r->length;
    ++s.info.messagesIn;
    m_totals.bytesIn += r->length;
    if (r->length > 0) {
        logFor(s).append(buffer.data(), r->length);
        sayIfLogFailed(s);
    }
    markDirty(s);
    Outcome out = Outcome::ok(static_cast<std::int64_t>(r->length), " " + quoteBytes(buffer));
    out.received = r->length > 0 || s.info.type != SockType::Stream;
    out.bytes = std::move(buffer);
    if (r->controlTruncated)
        out.detail += " [MSG_CTRUNC: a descriptor did not fit and was lost]";
    if (!r->fd) {
        if (r->length == 0 && s.info.type == SockType::Stream)
            out.detail = " (end of stream: the peer will send nothing more)";
        else
            out.detail += " [no descriptor in this message]";
        return out;
    }
    const int domain = sys::getIntOption(r->fd.get(), SOL_SOCKET, SO_DOMAIN).value_or(AF_UNSPEC);
    const int type = sys::getIntOption(r->fd.get(), SOL_SOCKET, SO_TYPE).value_or(SOCK_STREAM);
    UserSocket& got = adopt(std::move(r->fd), newSocketId(), familyOf(domain), typeOf(type));
    got.shared = true; // the sender (maybe another process) may still hold the same file
    // SO_RCVLOWAT belongs to the socket, so it came along: bytes below it raise no EPOLLIN.
    if (sys::getIntOption(got.fd.get(), SOL_SOCKET, SO_RCVLOWAT).value_or(1) > 1)
        watchHiddenArrivals(got);
    const bool listening = sys::getIntOption(got.fd.get(), SOL_SOCKET, SO_ACCEPTCONN).value_or(0) != 0;
    got.info.state = listening ? SocketState::Listening
        : sys::peerAddress(got.fd.get())                  ? SocketState::Connected
                                                          : SocketState::Created;
    got.info.role = listening ? Role::Server : Role::Client;
    if (listening)
        m_timerNeedsCheck = true; // its accept queue is sampled
    onConnected(got);
    if (got.info.state == SocketState::Created && got.info.local.port() != 0)
        got.info.state = SocketState::Bound;
    for (const auto& [id, other] : m_sockets)
        if (id != got.info.id && other->fd && other->info.inode == got.info.inode)
            got.info.sameSocketAs = id;
    out.newSocket = got.info.id;
    out.detail += " [SCM_RIGHTS: fd " + std::to_string(got.fd.get()) + ", new socket #" + std::to_string(got.info.id);
    if (got.info.sameSocketAs)
        out.detail += ", the same open socket as #" + std::to_string(got.info.sameSocketAs);
    out.detail += ", inode " + std::to_string(got.info.inode) + "]";
    return out;
}

} // namespace sks
