// UDP, IPv6, Unix domain, socketpair, descriptor passing and options on real sockets.
#include "testsupport.h"

#include "core/engine/engine.h"
#include "core/sys/errnos.h"

#include <sys/stat.h>
#include <unistd.h>

#include <QFileInfo>
#include <QTest>

#include <cerrno>
#include <random>

using namespace sks;
using testsupport::EngineProbe;

namespace {

struct Fixture {
    std::unique_ptr<Engine> engine;
    std::unique_ptr<EngineProbe> probe;
    Engine& e() { return *engine; }
    EngineProbe& p() { return *probe; }
};

Fixture startEngine()
{
    auto e = Engine::start();
    if (!e)
        qFatal("engine did not start: %s", e.error().toString().c_str());
    Fixture f;
    f.engine = std::move(*e);
    f.probe = std::make_unique<EngineProbe>(*f.engine);
    return f;
}

Endpoint parsed(const std::string& text)
{
    auto ep = Endpoint::parse(text);
    if (!ep)
        qFatal("bad endpoint in test: %s", text.c_str());
    return *ep;
}

std::string uniqueName(const char* stem)
{
    std::random_device rd;
    return std::string(stem) + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd());
}

SocketId boundUdp(Fixture& f, Family family)
{
    const SocketId id = f.e().create(family, SockType::Datagram, Role::Client);
    f.e().post(cmd::Bind{id, family == Family::IPv6 ? Endpoint::ipv6Loopback(0) : Endpoint::ipv4Loopback(0)});
    const auto* bind = f.p().waitCall(id, "bind");
    return bind && bind->result == 0 ? id : 0;
}

// A received datagram's bytes, waiting for the `n`-th delivery.
std::string nthReceived(Fixture& f, std::size_t n)
{
    if (!f.p().waitFor([&] { return f.p().received.size() > n; }))
        return "<nothing received>";
    return f.p().received[n].bytes;
}

std::pair<SocketId, SocketId> pair(Fixture& f, SockType type)
{
    const SocketId a = f.e().newSocketId();
    const SocketId b = f.e().newSocketId();
    f.e().post(cmd::SocketPair{a, b, type});
    f.p().waitState(b, SocketState::Connected);
    return {a, b};
}

} // namespace

class TestSocketKinds : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void udpDatagramsNameTheirSender_data();
    void udpDatagramsNameTheirSender();
    void udpTruncatedDatagramShowsItsRealLength();
    void udpConnectGivesADefaultPeerAndLaterRefusal();
    void udpOversizedDatagramIsEmsgsize();
    void dualStackListenerSeesMappedPeers();
    void v6OnlyRefusesMappedAddresses();
    void unixStreamFileCredentialsAndCleanup();
    void unixKeptFileStaysAfterClose();
    void unixAbstractNameHasNoFile();
    void unixExistingPathIsEaddrinuseWithHint();
    void messageBoundaries_data();
    void messageBoundaries();
    void socketPairEndsAreLinked();
    void passedDescriptorIsTheSameSocket();
    void passingAClosedSocketIsEbadf();
    void optionsShowWhatTheKernelApplied();
    void optionsAreReadOnlyForWatchedSockets();
    void outOfRangeOptionIsEinval();
    void lingerZeroCloseResetsThePeer();
    void runtimeDirIsPrivateAndRemoved();
};

void TestSocketKinds::udpDatagramsNameTheirSender_data()
{
    QTest::addColumn<int>("family");
    QTest::newRow("IPv4") << int(Family::IPv4);
    QTest::newRow("IPv6") << int(Family::IPv6);
}

void TestSocketKinds::udpDatagramsNameTheirSender()
{
    QFETCH(int, family);
    auto f = startEngine();
    const SocketId a = boundUdp(f, Family(family));
    if (!a && Family(family) == Family::IPv6)
        QSKIP("IPv6 loopback is not available here");
    const SocketId b = boundUdp(f, Family(family));
    QVERIFY(a && b);
    const Endpoint to = f.p().socket(b)->local;
    for (const char* msg : {"one", "two", "three"})
        f.e().post(cmd::SendTo{a, to, msg});
    for (int i = 0; i < 3; ++i)
        f.e().post(cmd::RecvFrom{b, 100});
    QCOMPARE(nthReceived(f, 0), std::string("one"));
    QCOMPARE(nthReceived(f, 1), std::string("two")); // one datagram per call: boundaries kept
    QCOMPARE(nthReceived(f, 2), std::string("three"));
    QCOMPARE(f.p().received[0].from, f.p().socket(a)->local);
    const auto* last = f.p().waitCall(b, "recvfrom");
    QVERIFY(last->text.ends_with("= 5 \"three\" (from " + f.p().socket(a)->local.toString() + ")"));
    QVERIFY(f.p().waitFor([&] { return f.p().socket(b) && f.p().socket(b)->messagesIn == 3; }));
    QCOMPARE(f.p().socket(b)->bytesIn, std::uint64_t(11));
    QCOMPARE(f.p().socket(a)->messagesOut, std::uint64_t(3));
}

void TestSocketKinds::udpTruncatedDatagramShowsItsRealLength()
{
    auto f = startEngine();
    const SocketId a = boundUdp(f, Family::IPv4);
    const SocketId b = boundUdp(f, Family::IPv4);
    QVERIFY(a && b);
    f.e().post(cmd::SendTo{a, f.p().socket(b)->local, std::string(100, 'x')});
    f.e().post(cmd::Recv{b, 10});
    QCOMPARE(nthReceived(f, 0), std::string(10, 'x'));
    QCOMPARE(f.p().received[0].fullLength, std::size_t(100));
    const auto* recv = f.p().waitCall(b, "recv");
    QCOMPARE(recv->result, 10); // what a program's recv() returns
    QVERIFY2(recv->text.find("truncated: the datagram had 100 bytes; 90 were discarded") != std::string::npos, recv->text.c_str());
}

void TestSocketKinds::udpConnectGivesADefaultPeerAndLaterRefusal()
{
    auto f = startEngine();
    // A port that nothing is bound to: bind, note it, close.
    const SocketId gone = boundUdp(f, Family::IPv4);
    QVERIFY(gone);
    const Endpoint closedPort = f.p().socket(gone)->local;
    f.e().post(cmd::Close{gone});
    QVERIFY(f.p().waitState(gone, SocketState::Closed));

    const SocketId u = f.e().create(Family::IPv4, SockType::Datagram, Role::Client);
    f.e().post(cmd::Connect{u, closedPort});
    QVERIFY(f.p().waitState(u, SocketState::Connected)); // no handshake: just a default peer
    QCOMPARE(f.p().socket(u)->peer, closedPort);
    QCOMPARE(f.p().waitCall(u, "connect")->result, 0);
    f.e().post(cmd::Send{u, "anyone?"});
    QCOMPARE(f.p().waitCall(u, "send")->result, 7); // the send itself succeeds
    f.e().post(cmd::Recv{u, 100});
    const auto* recv = f.p().waitCall(u, "recv"); // the ICMP port-unreachable answers here
    QVERIFY(recv);
    QCOMPARE(recv->error, ECONNREFUSED);
}

void TestSocketKinds::udpOversizedDatagramIsEmsgsize()
{
    auto f = startEngine();
    const SocketId a = boundUdp(f, Family::IPv4);
    QVERIFY(a);
    f.e().post(cmd::SendTo{a, f.p().socket(a)->local, std::string(70000, 'z')});
    const auto* send = f.p().waitCall(a, "sendto");
    QVERIFY(send);
    QCOMPARE(send->error, EMSGSIZE);
    QCOMPARE(f.p().socket(a)->bytesOut, std::uint64_t(0)); // nothing was counted
}

void TestSocketKinds::dualStackListenerSeesMappedPeers()
{
    auto f = startEngine();
    const SocketId srv = f.e().create(Family::IPv6, SockType::Stream, Role::Server);
    f.e().post(cmd::SetOption{srv, SockOption::V6Only, 0});
    f.e().post(cmd::Bind{srv, parsed("[::ffff:127.0.0.1]:0")});
    f.e().post(cmd::Listen{srv, 5});
    f.e().post(cmd::SetAutoAccept{srv, true});
    if (!f.p().waitState(srv, SocketState::Listening))
        QSKIP("IPv6 sockets are not available here");
    const SocketId cli = f.e().create(Family::IPv4, SockType::Stream, Role::Client);
    f.e().post(cmd::Connect{cli, Endpoint::ipv4Loopback(f.p().socket(srv)->local.port())});
    QVERIFY(f.p().waitFor([&] { return f.p().children(srv).size() == 1; }));
    const SocketInfo conn = f.p().children(srv)[0];
    QVERIFY(conn.peer.isV4Mapped());
    QCOMPARE(QString::fromStdString(conn.peer.toString()),
             QStringLiteral("[::ffff:127.0.0.1]:%1").arg(f.p().socket(cli)->local.port()));
}

// ~19 getsockopt calls per snapshot are only paid for a socket someone looks at (the
// options panel posts WatchOptions for the socket it shows); the others say "not known".
void TestSocketKinds::optionsAreReadOnlyForWatchedSockets()
{
    auto f = startEngine();
    const SocketId watched = f.e().create(Family::IPv4, SockType::Datagram, Role::Client);
    const SocketId unwatched = f.e().create(Family::IPv4, SockType::Datagram, Role::Client);
    f.e().post(cmd::WatchOptions{watched});
    f.e().post(cmd::WatchOptions{SocketId(9999)}); // no such socket: ignored, no error line
    QVERIFY(f.p().waitFor([&] {
        const auto* i = f.p().socket(watched);
        return i && i->optionsKnown() && f.p().socket(unwatched);
    }));
    QCOMPARE(f.p().socket(watched)->option(SockOption::Type), int(SOCK_DGRAM));
    QVERIFY(!f.p().socket(unwatched)->optionsKnown());
    QVERIFY(!f.p().lastCall(SocketId(9999), "getsockopt"));

    // Watched from now on: read at once, and again after a call that changes them.
    f.e().post(cmd::WatchOptions{unwatched});
    QVERIFY(f.p().waitFor([&] { return f.p().socket(unwatched)->optionsKnown(); }));
    QCOMPARE(f.p().socket(unwatched)->option(SockOption::Broadcast), 0);
    f.e().post(cmd::SetOption{unwatched, SockOption::Broadcast, 1});
    QVERIFY(f.p().waitFor([&] { return f.p().socket(unwatched)->option(SockOption::Broadcast) == 1; }));
}

void TestSocketKinds::v6OnlyRefusesMappedAddresses()
{
    auto f = startEngine();
    const SocketId srv = f.e().create(Family::IPv6, SockType::Stream, Role::Server);
    f.e().post(cmd::SetOption{srv, SockOption::V6Only, 1});
    f.e().post(cmd::Bind{srv, parsed("[::ffff:127.0.0.1]:0")});
    const auto* bind = f.p().waitCall(srv, "bind");
    QVERIFY(bind);
    QCOMPARE(bind->result, -1); // an IPv6-only socket cannot take an IPv4 address
    QCOMPARE(f.p().socket(srv)->option(SockOption::V6Only), 1);
}

void TestSocketKinds::unixStreamFileCredentialsAndCleanup()
{
    auto f = startEngine();
    const std::string path = f.e().runtimeDir() + "/server.sock";
    const SocketId srv = f.e().create(Family::Unix, SockType::Stream, Role::Server);
    f.e().post(cmd::Bind{srv, parsed(path)});
    f.e().post(cmd::Listen{srv, 5});
    QVERIFY(f.p().waitState(srv, SocketState::Listening));
    const SocketInfo info = *f.p().socket(srv);
    struct stat st{};
    QCOMPARE(::stat(path.c_str(), &st), 0);
    QVERIFY(S_ISSOCK(info.fileMode));
    QCOMPARE(info.fileInode, std::uint64_t(st.st_ino));
    QVERIFY(f.p().lastCall(srv, "bind")->text.find("created the file " + path + ", srw") != std::string::npos);

    const SocketId cli = f.e().create(Family::Unix, SockType::Stream, Role::Client);
    f.e().post(cmd::Connect{cli, parsed(path)});
    f.e().post(cmd::Accept{srv});
    QVERIFY(f.p().waitFor([&] { return f.p().children(srv).size() == 1; }));
    QVERIFY(f.p().waitState(cli, SocketState::Connected));
    const SocketInfo conn = f.p().children(srv)[0];
    QCOMPARE(conn.peerPid, int(::getpid())); // SO_PEERCRED: the client is this process
    QCOMPARE(conn.peerUid, int(::getuid()));
    QCOMPARE(f.p().socket(cli)->peer.unixName(), path);

    f.e().post(cmd::Close{srv});
    QVERIFY(f.p().waitState(srv, SocketState::Closed));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(path))); // the app removed its file
    QCOMPARE(f.p().lastCall(srv, "unlink")->result, 0);
}

void TestSocketKinds::unixKeptFileStaysAfterClose()
{
    auto f = startEngine();
    const std::string path = f.e().runtimeDir() + "/kept.sock";
    const SocketId srv = f.e().create(Family::Unix, SockType::Stream, Role::Server);
    f.e().post(cmd::Bind{srv, parsed(path)});
    f.e().post(cmd::SetKeepFile{srv, true});
    f.e().post(cmd::Close{srv});
    QVERIFY(f.p().waitState(srv, SocketState::Closed));
    QVERIFY(QFileInfo::exists(QString::fromStdString(path)));
}

void TestSocketKinds::unixAbstractNameHasNoFile()
{
    auto f = startEngine();
    const std::string name = "@" + uniqueName("sockscope-test");
    const SocketId srv = f.e().create(Family::Unix, SockType::SeqPacket, Role::Server);
    f.e().post(cmd::Bind{srv, parsed(name)});
    f.e().post(cmd::Listen{srv, 5});
    QVERIFY(f.p().waitState(srv, SocketState::Listening));
    QCOMPARE(f.p().socket(srv)->local.toString(), name);
    QCOMPARE(f.p().socket(srv)->fileInode, std::uint64_t(0));
    const SocketId cli = f.e().create(Family::Unix, SockType::SeqPacket, Role::Client);
    f.e().post(cmd::Connect{cli, parsed(name)});
    QVERIFY(f.p().waitState(cli, SocketState::Connected));
}

void TestSocketKinds::unixExistingPathIsEaddrinuseWithHint()
{
    auto f = startEngine();
    const std::string path = f.e().runtimeDir() + "/taken.sock";
    const SocketId first = f.e().create(Family::Unix, SockType::Stream, Role::Server);
    f.e().post(cmd::Bind{first, parsed(path)});
    f.e().post(cmd::SetKeepFile{first, true});
    f.e().post(cmd::Close{first}); // the file stays behind, as after a crashed server
    const SocketId second = f.e().create(Family::Unix, SockType::Stream, Role::Server);
    f.e().post(cmd::Bind{second, parsed(path)});
    const auto* bind = f.p().waitCall(second, "bind");
    QVERIFY(bind);
    QCOMPARE(bind->error, EADDRINUSE);
    QVERIFY(bind->text.find("already exists") != std::string::npos);
    QVERIFY(bind->text.find("remove the file") != std::string::npos);
}

void TestSocketKinds::messageBoundaries_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("recvsForAll");
    QTest::newRow("stream merges") << int(SockType::Stream) << 1;
    QTest::newRow("seqpacket keeps") << int(SockType::SeqPacket) << 3;
    QTest::newRow("datagram keeps") << int(SockType::Datagram) << 3;
}

void TestSocketKinds::messageBoundaries()
{
    QFETCH(int, type);
    QFETCH(int, recvsForAll);
    auto f = startEngine();
    const auto [a, b] = pair(f, SockType(type));
    for (const char* m : {"aa", "bbb", "c"})
        f.e().post(cmd::Send{a, m});
    QVERIFY(f.p().waitFor([&] { return f.p().socket(a) && f.p().socket(a)->messagesOut == 3; }));
    std::string all;
    int recvs = 0;
    while (all.size() < 6 && recvs < 5) {
        f.e().post(cmd::Recv{b, 100});
        all += nthReceived(f, std::size_t(recvs++));
    }
    QCOMPARE(all, std::string("aabbbc"));
    QCOMPARE(recvs, recvsForAll);
}

void TestSocketKinds::socketPairEndsAreLinked()
{
    auto f = startEngine();
    const auto [a, b] = pair(f, SockType::Stream);
    QCOMPARE(f.p().socket(a)->linked, b);
    QCOMPARE(f.p().socket(b)->linked, a);
    QCOMPARE(f.p().socket(a)->state, SocketState::Connected);
    QCOMPARE(f.p().socket(a)->peerPid, int(::getpid()));
    const auto* e = f.p().lastCall(a, "socketpair");
    QVERIFY(e->text.starts_with("socketpair(AF_UNIX, SOCK_STREAM, 0, [" + std::to_string(f.p().socket(a)->fd) + ", "));
    QCOMPARE(e->newSocket, b);
}

void TestSocketKinds::passedDescriptorIsTheSameSocket()
{
    auto f = startEngine();
    const auto [a, b] = pair(f, SockType::Stream);
    const SocketId srv = f.e().create(Family::IPv4, SockType::Stream, Role::Server);
    f.e().post(cmd::Bind{srv, Endpoint::ipv4Loopback(0)});
    f.e().post(cmd::Listen{srv, 5});
    QVERIFY(f.p().waitState(srv, SocketState::Listening));
    f.e().post(cmd::SendFd{a, srv, "F"});
    f.e().post(cmd::RecvFd{b, 16});
    const auto* recv = f.p().waitCall(b, "recvmsg");
    QVERIFY(recv && recv->newSocket);
    const SocketId dup = recv->newSocket;
    QVERIFY(f.p().waitFor([&] { return f.p().socket(dup) != nullptr; }));
    const SocketInfo d = *f.p().socket(dup);
    QCOMPARE(d.sameSocketAs, srv);
    QCOMPARE(d.inode, f.p().socket(srv)->inode); // same open socket...
    QVERIFY(d.fd != f.p().socket(srv)->fd);       // ...under another number
    QCOMPARE(d.state, SocketState::Listening);
    QVERIFY(testsupport::openFds().contains(QString::number(d.fd)));

    // Closing the original leaves the socket alive through the passed descriptor.
    f.e().post(cmd::Close{srv});
    QVERIFY(f.p().waitState(srv, SocketState::Closed));
    const SocketId cli = f.e().create(Family::IPv4, SockType::Stream, Role::Client);
    f.e().post(cmd::Connect{cli, d.local});
    f.e().post(cmd::Accept{dup});
    QVERIFY(f.p().waitFor([&] { return f.p().children(dup).size() == 1; }));
}

void TestSocketKinds::passingAClosedSocketIsEbadf()
{
    auto f = startEngine();
    const auto [a, b] = pair(f, SockType::Stream);
    const SocketId victim = f.e().create(Family::IPv4, SockType::Stream, Role::Client);
    f.e().post(cmd::Close{victim});
    f.e().post(cmd::SendFd{a, victim, "F"});
    const auto* send = f.p().waitCall(a, "sendmsg");
    QVERIFY(send);
    QCOMPARE(send->error, EBADF);
    f.e().post(cmd::Send{victim, "x"}); // using the closed socket itself
    QVERIFY(f.p().waitFor([&] { return !f.p().notices.empty(); }));
    QVERIFY(f.p().notices.back().text.find("EBADF") != std::string::npos);
}

void TestSocketKinds::optionsShowWhatTheKernelApplied()
{
    auto f = startEngine();
    const SocketId s = f.e().create(Family::IPv4, SockType::Stream, Role::Server);
    f.e().post(cmd::SetOption{s, SockOption::RcvBuf, 4096});
    f.e().post(cmd::SetOption{s, SockOption::ReuseAddr, 1});
    f.e().post(cmd::SetOption{s, SockOption::NoDelay, 1});
    QVERIFY(f.p().waitFor([&] {
        const auto* i = f.p().socket(s);
        return i && i->optionsKnown() && i->option(SockOption::NoDelay) == 1;
    }));
    const SocketInfo info = *f.p().socket(s);
    QCOMPARE(info.option(SockOption::RcvBuf), 8192); // Linux doubles it
    QCOMPARE(info.option(SockOption::ReuseAddr), 1);
    QCOMPARE(info.option(SockOption::Type), int(SOCK_STREAM));
    QCOMPARE(info.option(SockOption::AcceptConn), 0);
    const auto* get = f.p().lastCall(s, "getsockopt");
    QVERIFY(get->text.ends_with("= 0 [1]"));
    bool explained = false;
    for (const auto& n : f.p().notices)
        explained = explained || n.text.find("doubles") != std::string::npos;
    QVERIFY(explained);
}

void TestSocketKinds::outOfRangeOptionIsEinval()
{
    auto f = startEngine();
    const SocketId s = f.e().create(Family::IPv4, SockType::Stream, Role::Client);
    f.e().post(cmd::SetOption{s, SockOption::KeepIdle, 0});
    const auto* set = f.p().waitCall(s, "setsockopt");
    QVERIFY(set);
    QCOMPARE(set->error, EINVAL);
    QVERIFY(findErrno(EINVAL) != nullptr);
}

void TestSocketKinds::lingerZeroCloseResetsThePeer()
{
    auto f = startEngine();
    const SocketId srv = f.e().create(Family::IPv4, SockType::Stream, Role::Server);
    f.e().post(cmd::Bind{srv, Endpoint::ipv4Loopback(0)});
    f.e().post(cmd::Listen{srv, 5});
    f.e().post(cmd::SetAutoAccept{srv, true});
    QVERIFY(f.p().waitState(srv, SocketState::Listening));
    const SocketId cli = f.e().create(Family::IPv4, SockType::Stream, Role::Client);
    f.e().post(cmd::Connect{cli, f.p().socket(srv)->local});
    QVERIFY(f.p().waitFor([&] { return f.p().children(srv).size() == 1; }));
    const SocketId conn = f.p().children(srv)[0].id;
    f.e().post(cmd::SetOption{cli, SockOption::Linger, 1, 0});
    f.e().post(cmd::Close{cli});
    f.e().post(cmd::Recv{conn, 100});
    const auto* recv = f.p().waitCall(conn, "recv");
    QVERIFY(recv);
    QCOMPARE(recv->error, ECONNRESET);
    QVERIFY(f.p().waitFor([&] { return f.p().socket(conn) && f.p().socket(conn)->peerClosed; }));
}

void TestSocketKinds::runtimeDirIsPrivateAndRemoved()
{
    std::string dir;
    {
        auto f = startEngine();
        dir = f.e().runtimeDir();
        struct stat st{};
        QCOMPARE(::stat(dir.c_str(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0700u);
        const SocketId s = f.e().create(Family::Unix, SockType::Datagram, Role::Client);
        f.e().post(cmd::Bind{s, parsed(dir + "/left-open.sock")});
        QVERIFY(f.p().waitState(s, SocketState::Bound));
    }
    QVERIFY(!QFileInfo::exists(QString::fromStdString(dir)));
}

QTEST_GUILESS_MAIN(TestSocketKinds)
#include "tst_socketkinds.moc"
