// The engine on real loopback sockets: every call goes to the kernel, nothing is mocked.
#include "testsupport.h"

#include "core/engine/engine.h"
#include "core/sys/errnos.h"

#include <QTest>

#include <cerrno>

using namespace sks;
using testsupport::EngineProbe;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

Endpoint loopback(Family family) { return family == Family::IPv6 ? Endpoint::ipv6Loopback(0) : Endpoint::ipv4Loopback(0); }

struct Fixture {
    std::unique_ptr<Engine> engine;
    std::unique_ptr<EngineProbe> probe;
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

// Creates a listening server on loopback; returns its id (0 when the family is unusable).
SocketId listeningServer(Engine& engine, EngineProbe& probe, Family family, int backlog = 5)
{
    const SocketId id = engine.create(family, SockType::Stream, Role::Server);
    engine.post(cmd::Bind{id, loopback(family)});
    engine.post(cmd::Listen{id, backlog});
    const auto* listen = probe.waitCall(id, "listen");
    return listen && listen->result == 0 ? id : 0;
}

// Waits until the engine has run every command posted before this one.
void settle(Engine& engine, EngineProbe& probe, SocketId anySocket)
{
    const std::size_t before = probe.notices.size();
    engine.post(cmd::SetBlocking{anySocket, false});
    engine.post(cmd::SetBlocking{anySocket, true});
    QVERIFY(probe.waitFor([&] { return probe.notices.size() >= before + 2; }));
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lifeCycle_data();
    void lifeCycle();
    void waitingAcceptCompletesWhenClientConnects();
    void manualAcceptLeavesConnectionsQueued();
    void autoAcceptTakesEveryConnection();
    void acceptedSocketKnowsBothAddresses();
    void kernelQueuesFollowArrivalsAndReads();
    void passedSocketShowsBytesBelowItsLowWaterMark();
    void nonBlockingCallsReturnEagainAndEinprogress();
    void secondBindIsEaddrinuse();
    void connectToClosedPortIsRefused();
    void blockingRecvWaitsForData();
    void largeSendWaitsForTheReaderAndCountsExactly();
    void closeWhileWaitingEndsTheCall();
    void callOnClosedSocketIsRefusedBeforeTheKernel();
    void hostNameIsResolvedVisibly();
    void journalSequenceHasNoGaps();
    void noDescriptorLeftOpen();
};

void TestEngine::lifeCycle_data()
{
    QTest::addColumn<int>("family");
    QTest::newRow("IPv4") << int(Family::IPv4);
    QTest::newRow("IPv6") << int(Family::IPv6);
}

void TestEngine::lifeCycle()
{
    QFETCH(int, family);
    const auto fam = static_cast<Family>(family);
    auto [engine, probe] = startEngine();

    const SocketId server = listeningServer(*engine, *probe, fam);
    if (!server && fam == Family::IPv6)
        QSKIP("IPv6 loopback is not available here");
    QVERIFY(server);
    const SocketInfo srv = *probe->socket(server);
    QCOMPARE(srv.state, SocketState::Listening);
    QVERIFY(srv.fd >= 0);
    QVERIFY(srv.local.port() != 0); // port 0 asked the kernel for a free port
    QCOMPARE(srv.backlog, 5);
    QVERIFY(probe->lastCall(server, "socket")->text.starts_with(fam == Family::IPv6 ? "socket(AF_INET6, SOCK_STREAM, 0) = " : "socket(AF_INET, SOCK_STREAM, 0) = "));
    QVERIFY(probe->lastCall(server, "bind")->text.find("(bound to " + srv.local.toString() + ")") != std::string::npos);

    const SocketId client = engine->create(fam, SockType::Stream, Role::Client);
    engine->post(cmd::Connect{client, srv.local});
    QVERIFY(probe->waitState(client, SocketState::Connected));
    const SocketInfo cli = *probe->socket(client);
    QVERIFY(cli.local.port() != 0); // the ephemeral port is known after connect
    QCOMPARE(cli.peer, srv.local);
    QCOMPARE(probe->waitCall(client, "connect")->result, 0);

    engine->post(cmd::Accept{server});
    const auto* accept = probe->waitCall(server, "accept");
    QVERIFY(accept);
    QVERIFY2(accept->result >= 0, accept->text.c_str());
    const auto kids = probe->children(server);
    QCOMPARE(kids.size(), std::size_t(1));
    const SocketId conn = kids[0].id;
    QCOMPARE(kids[0].fd, int(accept->result));
    QCOMPARE(kids[0].state, SocketState::Accepted);
    QCOMPARE(kids[0].peer, cli.local); // accept() names the client's ephemeral address
    QVERIFY(accept->text.find("peer " + cli.local.toString()) != std::string::npos);

    engine->post(cmd::Send{client, "hello\n"});
    engine->post(cmd::Recv{conn, 1024});
    const auto* recv = probe->waitCall(conn, "recv");
    QVERIFY(recv);
    QCOMPARE(recv->result, 6);
    QCOMPARE(q(recv->text), QStringLiteral("recv(%1, 1024) = 6 \"hello\\n\"").arg(kids[0].fd));
    QCOMPARE(probe->received.back().bytes, std::string("hello\n"));
    QCOMPARE(probe->lastCall(client, "send")->result, 6);

    engine->post(cmd::Send{conn, std::string("back\0!", 6)});
    engine->post(cmd::Recv{client, 3});
    engine->post(cmd::Recv{client, 100});
    QVERIFY(probe->waitFor([&] { return probe->received.size() == 3; }));
    QCOMPARE(probe->received[1].bytes + probe->received[2].bytes, std::string("back\0!", 6));

    // Half-close: the peer reads end-of-stream but can still send.
    engine->post(cmd::Shutdown{client, ShutdownHow::Write});
    QVERIFY(probe->waitState(client, SocketState::HalfClosedWrite));
    engine->post(cmd::Recv{conn, 10});
    QVERIFY(probe->waitState(conn, SocketState::HalfClosedRead));
    QCOMPARE(probe->lastCall(conn, "recv")->result, 0);

    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->bytesOut == 6 && probe->socket(client)->bytesIn == 6; }));
    QCOMPARE(probe->socket(client)->bytesOut, std::uint64_t(6));
    QCOMPARE(probe->socket(conn)->bytesIn, std::uint64_t(6));
    QCOMPARE(probe->totals.bytesIn, std::uint64_t(12));
    QCOMPARE(probe->totals.bytesOut, std::uint64_t(12));
    QCOMPARE(probe->totals.openSockets, 3u);

    for (SocketId id : {client, conn, server})
        engine->post(cmd::Close{id});
    for (SocketId id : {client, conn, server}) {
        QVERIFY(probe->waitState(id, SocketState::Closed));
        QCOMPARE(probe->socket(id)->fd, -1);
        QVERIFY(probe->socket(id)->lastFd >= 0);
        QCOMPARE(probe->lastCall(id, "close")->result, 0);
    }
    QCOMPARE(probe->totals.openSockets, 0u);
}

void TestEngine::waitingAcceptCompletesWhenClientConnects()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    engine->post(cmd::Accept{server});
    QVERIFY(probe->waitFor([&] { return probe->socket(server)->waiting == Waiting::Accept; }));
    const auto* pending = probe->lastCall(server, "accept");
    QVERIFY(pending && pending->pending);
    const std::uint64_t seq = pending->seq;
    QCOMPARE(q(probe->socket(server)->stateText()), QStringLiteral("waiting in accept()"));

    const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
    engine->post(cmd::Connect{client, probe->socket(server)->local});
    QVERIFY(probe->waitFor([&] { return !probe->journal[seq].pending; }));
    const JournalEntry& done = probe->journal[seq]; // the same entry, now completed
    QVERIFY2(done.result >= 0, done.text.c_str());
    QVERIFY(done.waitedNs > 0);
    QVERIFY(probe->waitFor([&] { return probe->socket(server)->waiting == Waiting::None; }));
    QCOMPARE(probe->children(server).size(), std::size_t(1));
}

void TestEngine::manualAcceptLeavesConnectionsQueued()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4, 5);
    QVERIFY(server);
    const Endpoint addr = probe->socket(server)->local;
    std::vector<SocketId> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(engine->create(Family::IPv4, SockType::Stream, Role::Client));
        engine->post(cmd::Connect{clients.back(), addr});
    }
    for (SocketId c : clients) // the kernel completes the handshake without accept()
        QVERIFY(probe->waitState(c, SocketState::Connected));
    settle(*engine, *probe, server);
    QVERIFY(probe->children(server).empty()); // still in the kernel's accept queue

    engine->post(cmd::Accept{server});
    QVERIFY(probe->waitFor([&] { return probe->children(server).size() == 1; }));
    settle(*engine, *probe, server);
    QCOMPARE(probe->children(server).size(), std::size_t(1)); // one accept, one connection
    QCOMPARE(probe->socket(server)->acceptedCount, std::uint64_t(1));
}

void TestEngine::autoAcceptTakesEveryConnection()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    engine->post(cmd::SetAutoAccept{server, true});
    for (int i = 0; i < 5; ++i) {
        const SocketId c = engine->create(Family::IPv4, SockType::Stream, Role::Client);
        engine->post(cmd::Connect{c, probe->socket(server)->local});
    }
    QVERIFY(probe->waitFor([&] { return probe->children(server).size() == 5; }));
    QCOMPARE(probe->socket(server)->acceptedCount, std::uint64_t(5));
}

// accept4() names the peer and a listener bound to one address names the local end; a
// wildcard listener's accepted socket must still show the address the client dialled.
void TestEngine::acceptedSocketKnowsBothAddresses()
{
    auto [engine, probe] = startEngine();
    const SocketId wildcard = engine->create(Family::IPv4, SockType::Stream, Role::Server);
    engine->post(cmd::Bind{wildcard, Endpoint::ipv4Any(0)});
    engine->post(cmd::Listen{wildcard, 5});
    engine->post(cmd::SetAutoAccept{wildcard, true});
    const SocketId specific = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(specific);
    engine->post(cmd::SetAutoAccept{specific, true});
    // An IPv6 socket bound to the IPv4-mapped wildcard takes IPv4 connections to any address.
    const SocketId mappedWildcard = engine->create(Family::IPv6, SockType::Stream, Role::Server);
    engine->post(cmd::Bind{mappedWildcard, *Endpoint::parse("[::ffff:0.0.0.0]:0")});
    engine->post(cmd::Listen{mappedWildcard, 5});
    engine->post(cmd::SetAutoAccept{mappedWildcard, true});
    QVERIFY(probe->waitState(wildcard, SocketState::Listening));
    std::vector<SocketId> servers{wildcard, specific};
    if (probe->waitState(mappedWildcard, SocketState::Listening))
        servers.push_back(mappedWildcard); // where IPv6 is usable
    for (SocketId server : servers) {
        const std::uint16_t port = probe->socket(server)->local.port();
        const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
        engine->post(cmd::Connect{client, Endpoint::ipv4Loopback(port)});
        QVERIFY(probe->waitState(client, SocketState::Connected));
        QVERIFY(probe->waitFor([&] { return probe->children(server).size() == 1; }));
        const SocketInfo accepted = probe->children(server)[0];
        const SocketInfo cli = *probe->socket(client);
        const QString expected = server == mappedWildcard ? QStringLiteral("[::ffff:127.0.0.1]:%1") : QStringLiteral("127.0.0.1:%1");
        QCOMPARE(q(accepted.local.toString()), expected.arg(port));
        if (server != mappedWildcard) {
            QCOMPARE(accepted.local, cli.peer);
            QCOMPARE(accepted.peer, cli.local);
        }
        QVERIFY(accepted.inode != 0);
        QVERIFY(accepted.inode != cli.inode);
    }
}

// The queue depths a user watches: bytes waiting to be read appear with each arrival
// (also those that came before accept()), shrink with each recv, and a send the reader
// does not keep up with shows in the sender's queue.
void TestEngine::kernelQueuesFollowArrivalsAndReads()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
    engine->post(cmd::Connect{client, probe->socket(server)->local});
    QVERIFY(probe->waitState(client, SocketState::Connected));
    engine->post(cmd::Send{client, "early"}); // before accept(): waits in the new socket
    QCOMPARE(probe->waitCall(client, "send")->result, 5);
    engine->post(cmd::Accept{server});
    QVERIFY(probe->waitFor([&] { return probe->children(server).size() == 1; }));
    const SocketId conn = probe->children(server)[0].id;
    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->recvQueue == 5; }));
    QCOMPARE(probe->socket(client)->recvQueue, 0u);

    engine->post(cmd::Send{client, "+more"});
    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->recvQueue == 10; }));
    engine->post(cmd::Recv{conn, 4});
    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->recvQueue == 6; }));
    engine->post(cmd::Recv{conn, 100});
    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->recvQueue == 0; }));
    QCOMPARE(probe->socket(conn)->bytesIn, std::uint64_t(10));

    // Below SO_RCVLOWAT the kernel raises no EPOLLIN, yet the bytes are queued.
    engine->post(cmd::SetOption{conn, SockOption::RcvLowat, 100});
    QCOMPARE(probe->waitCall(conn, "setsockopt")->result, 0);
    // Nothing else happens to conn: the 10 Hz sample alone must show them.
    engine->post(cmd::Send{client, "tiny"});
    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->recvQueue == 4; }));
    engine->post(cmd::Send{client, "++"});
    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->recvQueue == 6; }));

    engine->post(cmd::Send{conn, "reply"}); // the other way, and its arrival at the client
    QVERIFY(probe->waitFor([&] { return probe->socket(client)->recvQueue == 5; }));

    engine->post(cmd::SetBlocking{client, false});
    engine->post(cmd::Send{client, std::string(8u << 20, 'x')}); // more than the buffers hold
    QVERIFY(probe->waitFor([&] { return probe->socket(client)->sendQueue > 0 && probe->socket(conn)->recvQueue > 0; }));
}

void TestEngine::passedSocketShowsBytesBelowItsLowWaterMark()
{
    // A socket passed with SCM_RIGHTS has a row per descriptor; SO_RCVLOWAT is the
    // socket's, so each row must show bytes waiting below the mark, whether it was set
    // before the socket was passed or after.
    auto [engine, probe] = startEngine();
    const SocketId a = engine->newSocketId();
    const SocketId b = engine->newSocketId();
    engine->post(cmd::SocketPair{a, b, SockType::Stream});
    QVERIFY(probe->waitState(b, SocketState::Connected));
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    const auto connection = [&] {
        const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
        engine->post(cmd::Connect{client, probe->socket(server)->local});
        const std::size_t before = probe->children(server).size();
        engine->post(cmd::Accept{server});
        const bool accepted = probe->waitFor([&] { return probe->children(server).size() == before + 1; });
        return std::pair{client, accepted ? probe->children(server).back().id : SocketId(0)};
    };
    const auto pass = [&](SocketId conn) {
        engine->post(cmd::SendFd{a, conn, "F"});
        engine->post(cmd::RecvFd{b, 16});
        SocketId dup = 0;
        probe->waitFor([&] {
            for (const auto& [id, info] : probe->sockets)
                if (info.sameSocketAs == conn && info.fd >= 0)
                    dup = id;
            return dup != 0;
        });
        return dup;
    };

    const auto [client1, conn1] = connection();
    QVERIFY(conn1);
    engine->post(cmd::SetOption{conn1, SockOption::RcvLowat, 100});
    QCOMPARE(probe->waitCall(conn1, "setsockopt")->result, 0);
    const SocketId dup1 = pass(conn1);
    QVERIFY(dup1);
    engine->post(cmd::Send{client1, "tiny"});
    QVERIFY(probe->waitFor([&] { return probe->socket(dup1)->recvQueue == 4; }));

    const auto [client2, conn2] = connection();
    QVERIFY(conn2);
    const SocketId dup2 = pass(conn2);
    QVERIFY(dup2);
    engine->post(cmd::SetOption{conn2, SockOption::RcvLowat, 100});
    QCOMPARE(probe->waitCall(conn2, "setsockopt")->result, 0);
    engine->post(cmd::Send{client2, "tiny"});
    QVERIFY(probe->waitFor([&] { return probe->socket(dup2)->recvQueue == 4 && probe->socket(conn2)->recvQueue == 4; }));
}

void TestEngine::nonBlockingCallsReturnEagainAndEinprogress()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    engine->post(cmd::SetBlocking{server, false});
    engine->post(cmd::Accept{server});
    const auto* accept = probe->waitCall(server, "accept");
    QVERIFY(accept);
    QCOMPARE(accept->error, EAGAIN);
    QVERIFY(accept->text.ends_with("= -1 EAGAIN"));
    QCOMPARE(probe->socket(server)->waiting, Waiting::None);

    const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
    engine->post(cmd::SetBlocking{client, false});
    engine->post(cmd::Connect{client, probe->socket(server)->local});
    QVERIFY(probe->waitState(client, SocketState::Connected));
    const auto* connect = probe->lastCall(client, "connect");
    // Loopback may finish the handshake inside connect(); otherwise EINPROGRESS and a
    // getsockopt(SO_ERROR) line when it completes.
    if (connect->error == EINPROGRESS) {
        const auto* check = probe->waitCall(client, "getsockopt");
        QVERIFY(check);
        QCOMPARE(check->error, 0);
        const std::string fd = std::to_string(probe->socket(client)->fd);
        QVERIFY2(check->text.starts_with("getsockopt(" + fd + ", SO_ERROR) = 0 [so_error 0: connected (local 127.0.0.1:")
                     && check->text.ends_with(")]"),
                 check->text.c_str());
    } else {
        QCOMPARE(connect->result, 0);
    }
    engine->post(cmd::Recv{client, 100});
    const auto* recv = probe->waitCall(client, "recv");
    QVERIFY(recv);
    QCOMPARE(recv->error, EAGAIN);
}

void TestEngine::secondBindIsEaddrinuse()
{
    auto [engine, probe] = startEngine();
    const SocketId first = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(first);
    const SocketId second = engine->create(Family::IPv4, SockType::Stream, Role::Server);
    engine->post(cmd::Bind{second, probe->socket(first)->local});
    const auto* bind = probe->waitCall(second, "bind");
    QVERIFY(bind);
    QCOMPARE(bind->result, -1);
    QCOMPARE(bind->error, EADDRINUSE);
    QVERIFY(bind->text.ends_with("= -1 EADDRINUSE"));
    QVERIFY(probe->waitFor([&] { return probe->socket(second)->lastError == EADDRINUSE; }));
    QCOMPARE(probe->socket(second)->state, SocketState::Created);
    QVERIFY(findErrno(bind->error) != nullptr);
}

void TestEngine::connectToClosedPortIsRefused()
{
    auto [engine, probe] = startEngine();
    // A bound, non-listening socket reserves a port nobody listens on.
    const SocketId holder = engine->create(Family::IPv4, SockType::Stream, Role::Server);
    engine->post(cmd::Bind{holder, Endpoint::ipv4Loopback(0)});
    QVERIFY(probe->waitState(holder, SocketState::Bound));
    const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
    engine->post(cmd::Connect{client, probe->socket(holder)->local});
    QVERIFY(probe->waitState(client, SocketState::Error));
    const auto* connect = probe->waitCall(client, "connect");
    QVERIFY(connect);
    QCOMPARE(connect->error, ECONNREFUSED);
    QCOMPARE(q(connect->text), QStringLiteral("connect(%1, %2) = -1 ECONNREFUSED")
                                   .arg(probe->socket(client)->fd)
                                   .arg(q(probe->socket(holder)->local.toString())));
    QCOMPARE(probe->socket(client)->lastError, ECONNREFUSED);
}

void TestEngine::blockingRecvWaitsForData()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    engine->post(cmd::SetAutoAccept{server, true});
    const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
    engine->post(cmd::Connect{client, probe->socket(server)->local});
    QVERIFY(probe->waitFor([&] { return probe->children(server).size() == 1; }));
    const SocketId conn = probe->children(server)[0].id;

    engine->post(cmd::Recv{conn, 64});
    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->waiting == Waiting::Recv; }));
    QVERIFY(probe->lastCall(conn, "recv")->pending);
    engine->post(cmd::Send{client, "ping"});
    const auto* recv = probe->waitCall(conn, "recv");
    QVERIFY(recv);
    QCOMPARE(recv->result, 4);
    QVERIFY(recv->text.ends_with("= 4 \"ping\""));
    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->waiting == Waiting::None; }));
}

void TestEngine::largeSendWaitsForTheReaderAndCountsExactly()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    engine->post(cmd::SetAutoAccept{server, true});
    const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
    engine->post(cmd::Connect{client, probe->socket(server)->local});
    QVERIFY(probe->waitFor([&] { return probe->children(server).size() == 1; }));
    const SocketId conn = probe->children(server)[0].id;

    const std::size_t size = 32u << 20; // far more than the kernel buffers hold
    std::string payload(size, '\0');
    for (std::size_t i = 0; i < size; ++i)
        payload[i] = static_cast<char>(i * 7 + 3);
    engine->post(cmd::Send{client, payload});
    QVERIFY(probe->waitFor([&] { return probe->socket(client)->waiting == Waiting::Send; }));

    std::string got;
    while (got.size() < size) {
        const std::size_t before = probe->received.size();
        engine->post(cmd::Recv{conn, 1u << 20});
        QVERIFY(probe->waitFor([&] { return probe->received.size() > before; }));
        got += probe->received.back().bytes;
    }
    QVERIFY(got == payload);
    const auto* send = probe->waitCall(client, "send");
    QVERIFY(send);
    QCOMPARE(send->result, std::int64_t(size));
    QVERIFY(send->waitedNs > 0);
    QVERIFY(probe->waitFor([&] { return probe->socket(conn)->bytesIn == size; }));
    QCOMPARE(probe->socket(client)->bytesOut, std::uint64_t(size));
}

void TestEngine::closeWhileWaitingEndsTheCall()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    engine->post(cmd::Accept{server});
    QVERIFY(probe->waitFor([&] { return probe->socket(server)->waiting == Waiting::Accept; }));
    const std::uint64_t seq = probe->lastCall(server, "accept")->seq;
    engine->post(cmd::Close{server});
    QVERIFY(probe->waitState(server, SocketState::Closed));
    QVERIFY(!probe->journal[seq].pending);
    QCOMPARE(probe->journal[seq].error, ECANCELED);
    QCOMPARE(probe->socket(server)->waiting, Waiting::None);
}

void TestEngine::callOnClosedSocketIsRefusedBeforeTheKernel()
{
    auto [engine, probe] = startEngine();
    const SocketId s = engine->create(Family::IPv4, SockType::Stream, Role::Client);
    engine->post(cmd::Close{s});
    QVERIFY(probe->waitState(s, SocketState::Closed));
    const std::size_t entries = probe->journal.size();
    engine->post(cmd::Send{s, "late"});
    QVERIFY(probe->waitFor([&] { return !probe->notices.empty(); }));
    QCOMPARE(probe->notices.back().level, Notice::Level::Error);
    QVERIFY(probe->notices.back().text.find("EBADF") != std::string::npos);
    QCOMPARE(probe->journal.size(), entries); // no syscall was made on a stale fd number
}

void TestEngine::hostNameIsResolvedVisibly()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    const auto port = probe->socket(server)->local.port();
    auto name = Endpoint::parse("localhost:" + std::to_string(port));
    QVERIFY(name && name->isName());
    const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
    engine->post(cmd::Connect{client, *name});
    QVERIFY(probe->waitState(client, SocketState::Connected));
    bool said = false;
    for (const auto& n : probe->notices)
        said = said || n.text.find("resolved to 127.0.0.1:" + std::to_string(port)) != std::string::npos;
    QVERIFY(said);
}

void TestEngine::journalSequenceHasNoGaps()
{
    auto [engine, probe] = startEngine();
    const SocketId server = listeningServer(*engine, *probe, Family::IPv4);
    QVERIFY(server);
    for (int i = 0; i < 50; ++i)
        engine->post(cmd::Accept{server}); // the first waits, the rest are refused by notice
    const SocketId client = engine->create(Family::IPv4, SockType::Stream, Role::Client);
    engine->post(cmd::Connect{client, probe->socket(server)->local});
    engine->post(cmd::Close{client});
    QVERIFY(probe->waitState(client, SocketState::Closed));
    for (std::size_t i = 0; i < probe->journal.size(); ++i)
        QCOMPARE(probe->journal[i].seq, std::uint64_t(i));
    QVERIFY(probe->batches < int(probe->journal.size())); // entries travel in batches
}

void TestEngine::noDescriptorLeftOpen()
{
    const QStringList before = testsupport::openFds();
    {
        auto [engine, probe] = startEngine();
        const auto engineOwn = testsupport::openFds().size() - before.size(); // epoll, eventfds, timerfd
        QCOMPARE(engineOwn, qsizetype(4));
        const SocketId server = listeningServer(*engine, *probe, Family::IPv4, 64);
        QVERIFY(server);
        engine->post(cmd::SetAutoAccept{server, true});
        std::vector<SocketId> clients;
        for (int i = 0; i < 20; ++i) {
            clients.push_back(engine->create(Family::IPv4, SockType::Stream, Role::Client));
            engine->post(cmd::Connect{clients.back(), probe->socket(server)->local});
        }
        QVERIFY(probe->waitFor([&] { return probe->children(server).size() == 20; }));
        QCOMPARE(testsupport::openFds().size(), before.size() + engineOwn + 41); // + the sockets
        for (const auto& [id, s] : probe->sockets)
            engine->post(cmd::Close{id});
        QVERIFY(probe->waitFor([&] { return probe->totals.openSockets == 0; }));
        QCOMPARE(testsupport::openFds().size(), before.size() + engineOwn);
    }
    QCOMPARE(testsupport::openFds(), before);
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
