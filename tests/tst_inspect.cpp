// System sockets: the inventory sees the sockets this test makes with real syscalls, with the right
// fields and this process as their owner; the CLI prints them; the holder lookup names this process.
#include "core/inspect/jsonwriter.h"
#include "core/inspect/socketinventory.h"
#include "core/sys/endpoint.h"
#include "core/sys/fd.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <optional>
#include <thread>

#ifndef SOCKSCOPE_CLI
#error "SOCKSCOPE_CLI must name the sockscope-cli binary (see tests/CMakeLists.txt)"
#endif

using namespace Qt::StringLiterals;
using sks::Endpoint;
using sks::Fd;
namespace inspect = sks::inspect;

namespace {

Fd makeSocket(int domain, int type) { return Fd(::socket(domain, type | SOCK_CLOEXEC, 0)); }

bool bindTo(const Fd& fd, const Endpoint& endpoint)
{
    return fd && ::bind(fd.get(), endpoint.sockaddrPtr(), endpoint.length()) == 0;
}

Endpoint localOf(const Fd& fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&storage), &length) != 0)
        return {};
    return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&storage), length);
}

std::uint64_t inodeOf(const Fd& fd)
{
    struct stat st {};
    return ::fstat(fd.get(), &st) == 0 ? st.st_ino : 0;
}

QString text(const Endpoint& endpoint) { return QString::fromStdString(endpoint.toString()); }

// A listener on `endpoint` with `backlog`, or an invalid Fd.
Fd listener(int domain, const Endpoint& endpoint, int backlog = 16)
{
    Fd fd = makeSocket(domain, SOCK_STREAM);
    if (!bindTo(fd, endpoint) || ::listen(fd.get(), backlog) != 0)
        return {};
    return fd;
}

// A blocking client connected to `to` (on loopback the handshake completes in connect()).
Fd connectedClient(int domain, const Endpoint& to)
{
    Fd fd = makeSocket(domain, SOCK_STREAM);
    if (!fd || ::connect(fd.get(), to.sockaddrPtr(), to.length()) != 0)
        return {};
    return fd;
}

std::string selfComm()
{
    QFile file(u"/proc/self/comm"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().trimmed().toStdString();
}

inspect::SocketSnapshot snapshotOrFail(const inspect::SnapshotOptions& options)
{
    auto snapshot = inspect::takeSocketSnapshot(options);
    if (!snapshot) {
        QTest::qFail(snapshot.error().toString().c_str(), __FILE__, __LINE__);
        return {};
    }
    return std::move(*snapshot);
}

inspect::SnapshotOptions ownersOptions(bool forceProcNet = false)
{
    inspect::SnapshotOptions options;
    options.owners = true;
    options.forceProcNet = forceProcNet;
    return options;
}

inspect::SocketSnapshot snapshotWithOwners() { return snapshotOrFail(ownersOptions()); }

const inspect::SystemSocket* findInode(const inspect::SocketSnapshot& snapshot, std::uint64_t inode)
{
    for (const auto& s : snapshot.sockets)
        if (s.inode == inode)
            return &s;
    return nullptr;
}

struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList& args)
{
    QProcess process;
    process.start(QStringLiteral(SOCKSCOPE_CLI), args);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
        return {};
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace

class TestInspect final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void snapshotShowsTestSockets_data();
    void snapshotShowsTestSockets();
    void unixPeersAreResolved();
    void closedSocketDisappears();
    void listenerQueues_data();
    void listenerQueues();
    void tcpInfoEssentials();
    void filters_data();
    void filters();
    void procNetFallback_data();
    void procNetFallback();
    void concurrentSnapshots();
    void cliJsonMatchesSnapshot();
    void cliTable();
    void cliHelp();
    void cliBadOptions_data();
    void cliBadOptions();
    void holderNamesThisProcess_data();
    void holderNamesThisProcess();
    void holderOfBoundTcpSocket();
    void holderOfFreeAddress();
    void jsonEscapes_data();
    void jsonEscapes();
    void jsonWriterShapes();

private:
    const Fd& socket(const QByteArray& name) const { return m_sockets.at(name); }
    Endpoint inTempDir(const QString& name) const { return *Endpoint::parse(m_dir.filePath(name).toStdString()); }

    QTemporaryDir m_dir;
    std::map<QByteArray, Fd> m_sockets;
    std::string m_comm;
};

void TestInspect::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_comm = selfComm();
    m_sockets["tcp4 listener"] = listener(AF_INET, Endpoint::ipv4Loopback(0));
    QVERIFY(socket("tcp4 listener"));
    if (Fd v6 = listener(AF_INET6, Endpoint::ipv6Loopback(0)))
        m_sockets["tcp6 listener"] = std::move(v6);
    Fd udp = makeSocket(AF_INET, SOCK_DGRAM);
    QVERIFY(bindTo(udp, Endpoint::ipv4Loopback(0)));
    m_sockets["udp4"] = std::move(udp);
    Fd udp6 = makeSocket(AF_INET6, SOCK_DGRAM);
    if (bindTo(udp6, Endpoint::ipv6Loopback(0)))
        m_sockets["udp6"] = std::move(udp6);
    m_sockets["unix path listener"] = listener(AF_UNIX, inTempDir(u"listener.sock"_s));
    QVERIFY(socket("unix path listener"));
    const auto abstract = Endpoint::parse("@sockscope-tst-inspect-" + std::to_string(::getpid()));
    Fd dgram = makeSocket(AF_UNIX, SOCK_DGRAM);
    QVERIFY(abstract && bindTo(dgram, *abstract));
    m_sockets["unix abstract dgram"] = std::move(dgram);
    m_sockets["tcp client"] = connectedClient(AF_INET, localOf(socket("tcp4 listener")));
    QVERIFY(socket("tcp client"));
    m_sockets["tcp accepted"] = Fd(::accept4(socket("tcp4 listener").get(), nullptr, nullptr, SOCK_CLOEXEC));
    QVERIFY(socket("tcp accepted"));
    int pair[2] = {-1, -1};
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
    m_sockets["unix pair a"] = Fd(pair[0]);
    m_sockets["unix pair b"] = Fd(pair[1]);
}

void TestInspect::snapshotShowsTestSockets_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QString>("netid");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QByteArray>("peerName"); // the test socket at the other end, if any

    QTest::newRow("tcp4 listener") << QByteArray("tcp4 listener") << u"tcp"_s << u"LISTEN"_s << QByteArray();
    QTest::newRow("tcp6 listener") << QByteArray("tcp6 listener") << u"tcp"_s << u"LISTEN"_s << QByteArray();
    QTest::newRow("udp4") << QByteArray("udp4") << u"udp"_s << u"UNCONN"_s << QByteArray();
    QTest::newRow("udp6") << QByteArray("udp6") << u"udp"_s << u"UNCONN"_s << QByteArray();
    QTest::newRow("unix path") << QByteArray("unix path listener") << u"u_str"_s << u"LISTEN"_s << QByteArray();
    QTest::newRow("unix abstract") << QByteArray("unix abstract dgram") << u"u_dgr"_s << u"UNCONN"_s << QByteArray();
    QTest::newRow("tcp client") << QByteArray("tcp client") << u"tcp"_s << u"ESTAB"_s << QByteArray("tcp accepted");
    QTest::newRow("tcp accepted") << QByteArray("tcp accepted") << u"tcp"_s << u"ESTAB"_s << QByteArray("tcp client");
    QTest::newRow("unix pair") << QByteArray("unix pair a") << u"u_str"_s << u"ESTAB"_s << QByteArray("unix pair b");
}

void TestInspect::snapshotShowsTestSockets()
{
    QFETCH(QByteArray, name);
    QFETCH(QString, netid);
    QFETCH(QString, state);
    QFETCH(QByteArray, peerName);
    if (!m_sockets.contains(name))
        QSKIP("IPv6 is not available here (no ::1)");
    const Fd& fd = socket(name);
    const auto snapshot = snapshotWithOwners();
    QCOMPARE(snapshot.source, inspect::SnapshotSource::Netlink);
    QVERIFY(snapshot.ownersIncluded);
    const auto* row = findInode(snapshot, inodeOf(fd));
    QVERIFY2(row, "the test's socket is missing from the snapshot");
    QCOMPARE(QString::fromUtf8(inspect::netidName(*row)), netid);
    QCOMPARE(QString::fromUtf8(row->state), state);
    QCOMPARE(text(row->local), text(localOf(fd)));
    QVERIFY(row->local == localOf(fd));
    QVERIFY(row->uid.has_value());
    QCOMPARE(*row->uid, ::getuid());
    QVERIFY(row->owner.has_value());
    QCOMPARE(row->owner->pid, ::getpid());
    QCOMPARE(row->owner->fd, fd.get());
    QCOMPARE(row->owner->process, m_comm);
    if (peerName.isEmpty())
        return;
    const Fd& peer = socket(peerName);
    if (row->family == sks::Family::Unix)
        QCOMPARE(row->peerInode, inodeOf(peer));
    else
        QCOMPARE(text(row->peer), text(localOf(peer)));
}

void TestInspect::unixPeersAreResolved()
{
    const Fd server = listener(AF_UNIX, inTempDir(u"peer.sock"_s));
    QVERIFY(server);
    const Fd client = connectedClient(AF_UNIX, localOf(server));
    QVERIFY(client);
    const Fd accepted(::accept4(server.get(), nullptr, nullptr, SOCK_CLOEXEC));
    QVERIFY(accepted);
    const auto snapshot = snapshotWithOwners();
    const auto* row = findInode(snapshot, inodeOf(client));
    QVERIFY(row);
    // The client's peer is the accepted socket, which carries the listener's name.
    QCOMPARE(row->peerInode, inodeOf(accepted));
    QCOMPARE(text(row->peer), text(localOf(server)));
    QVERIFY(row->local.isUnnamedUnix());
}

void TestInspect::closedSocketDisappears()
{
    Fd tcp = listener(AF_INET, Endpoint::ipv4Loopback(0));
    Fd unixSocket = makeSocket(AF_UNIX, SOCK_DGRAM);
    QVERIFY(tcp && unixSocket);
    const std::uint64_t inodes[] = {inodeOf(tcp), inodeOf(unixSocket)};
    const auto before = snapshotWithOwners();
    QVERIFY(findInode(before, inodes[0]) && findInode(before, inodes[1]));
    QCOMPARE(tcp.reset(), 0);
    QCOMPARE(unixSocket.reset(), 0);
    const auto after = snapshotWithOwners();
    QVERIFY(!findInode(after, inodes[0]) && !findInode(after, inodes[1]));
}

void TestInspect::listenerQueues_data()
{
    QTest::addColumn<int>("domain");
    QTest::newRow("tcp4") << AF_INET;
    QTest::newRow("tcp6") << AF_INET6;
    QTest::newRow("unix") << AF_UNIX;
}

void TestInspect::listenerQueues()
{
    QFETCH(int, domain);
    const Endpoint where = domain == AF_INET ? Endpoint::ipv4Loopback(0)
        : domain == AF_INET6                 ? Endpoint::ipv6Loopback(0)
                                             : inTempDir(u"backlog.sock"_s);
    const Fd server = listener(domain, where, 5);
    if (!server && domain == AF_INET6)
        QSKIP("IPv6 is not available here (no ::1)");
    QVERIFY(server);
    // Two clients, never accepted: they wait in the accept queue.
    const Fd a = connectedClient(domain, localOf(server));
    const Fd b = connectedClient(domain, localOf(server));
    QVERIFY(a && b);
    const std::uint64_t inode = inodeOf(server);
    const auto queues = [inode] {
        inspect::SnapshotOptions options;
        options.filter.listeningOnly = true;
        const auto snapshot = snapshotOrFail(options);
        const auto* row = findInode(snapshot, inode);
        return row ? std::pair(row->rxQueue, row->txQueue) : std::pair(~0U, ~0U);
    };
    // The server side's last handshake step is handled by loopback's softirq.
    QTRY_COMPARE(queues(), std::pair(2U, 5U));
}

void TestInspect::tcpInfoEssentials()
{
    const Fd& client = socket("tcp client");
    const Fd& accepted = socket("tcp accepted");
    const QByteArray payload(1000, 'x');
    QCOMPARE(::send(client.get(), payload.constData(), payload.size(), MSG_NOSIGNAL), payload.size());
    QByteArray received(2000, 0);
    QCOMPARE(::recv(accepted.get(), received.data(), received.size(), 0), payload.size());
    const auto details = [](const Fd& fd) {
        const auto snapshot = snapshotWithOwners();
        const auto* row = findInode(snapshot, inodeOf(fd));
        return row && row->tcp ? *row->tcp : inspect::TcpDetails{};
    };
    QTRY_VERIFY(details(client).bytesAcked >= 1000);
    QVERIFY(details(accepted).bytesReceived >= 1000);
    QVERIFY(details(client).rttUs > 0);
}

void TestInspect::filters_data()
{
    QTest::addColumn<bool>("tcp");
    QTest::addColumn<bool>("udp");
    QTest::addColumn<bool>("unixDomain");
    QTest::addColumn<bool>("listening");
    QTest::addColumn<QStringList>("netids");
    const QStringList all = {u"tcp"_s, u"udp"_s, u"u_str"_s, u"u_dgr"_s, u"u_seq"_s};
    QTest::newRow("all") << false << false << false << false << all;
    QTest::newRow("tcp") << true << false << false << false << QStringList{u"tcp"_s};
    QTest::newRow("udp") << false << true << false << false << QStringList{u"udp"_s};
    QTest::newRow("unix") << false << false << true << false << all.mid(2);
    QTest::newRow("listening") << false << false << false << true << all;
    QTest::newRow("tcp listening") << true << false << false << true << QStringList{u"tcp"_s};
    QTest::newRow("udp+unix") << false << true << true << false << QStringList(all.mid(1));
}

void TestInspect::filters()
{
    QFETCH(bool, tcp);
    QFETCH(bool, udp);
    QFETCH(bool, unixDomain);
    QFETCH(bool, listening);
    QFETCH(QStringList, netids);
    inspect::SnapshotOptions options;
    options.filter = {tcp, udp, unixDomain, listening};
    const auto snapshot = snapshotOrFail(options);
    QVERIFY(!snapshot.sockets.empty());
    for (const auto& s : snapshot.sockets) {
        QVERIFY2(netids.contains(QString::fromUtf8(inspect::netidName(s))), inspect::netidName(s).data());
        if (listening)
            QVERIFY2(s.state == "LISTEN" || s.state == "UNCONN", s.state.data());
    }
    // Each of the test's sockets is in exactly when the filter lets its kind and state through.
    for (const auto& [name, fd] : m_sockets) {
        const bool isListener = name.contains("listener") || name == "udp4" || name == "udp6"
            || name == "unix abstract dgram";
        const bool kindIn = name.startsWith("tcp") ? options.filter.includesTcp()
            : name.startsWith("udp")               ? options.filter.includesUdp()
                                                   : options.filter.includesUnix();
        QCOMPARE(findInode(snapshot, inodeOf(fd)) != nullptr, kindIn && (isListener || !listening));
    }
}

void TestInspect::procNetFallback_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("state");
    QTest::newRow("tcp4 listener") << QByteArray("tcp4 listener") << QByteArray("LISTEN");
    QTest::newRow("tcp client") << QByteArray("tcp client") << QByteArray("ESTAB");
    QTest::newRow("udp4") << QByteArray("udp4") << QByteArray("UNCONN");
    QTest::newRow("unix path") << QByteArray("unix path listener") << QByteArray("LISTEN");
    QTest::newRow("unix abstract") << QByteArray("unix abstract dgram") << QByteArray("UNCONN");
}

void TestInspect::procNetFallback()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, state);
    const auto snapshot = snapshotOrFail(ownersOptions(true));
    QCOMPARE(snapshot.source, inspect::SnapshotSource::ProcNet);
    QVERIFY(snapshot.sourceMessage.find("/proc/net") != std::string::npos);
    const Fd& fd = socket(name);
    const auto* row = findInode(snapshot, inodeOf(fd));
    QVERIFY(row);
    QCOMPARE(QByteArray::fromStdString(std::string(row->state)), state);
    QCOMPARE(text(row->local), text(localOf(fd)));
    QVERIFY(row->owner);
    QCOMPARE(row->owner->fd, fd.get());
}

void TestInspect::concurrentSnapshots()
{
    // No shared state: snapshots on several threads at once all succeed and agree.
    constexpr int kThreads = 4;
    std::array<std::optional<bool>, kThreads> found;
    const std::uint64_t inode = inodeOf(socket("tcp4 listener"));
    {
        std::vector<std::jthread> threads;
        for (int i = 0; i < kThreads; ++i)
            threads.emplace_back([&found, i, inode] {
                const auto snapshot = inspect::takeSocketSnapshot(ownersOptions());
                const auto* row = snapshot ? findInode(*snapshot, inode) : nullptr;
                found[i] = row && row->owner && row->owner->pid == ::getpid();
            });
    }
    for (const auto& f : found)
        QCOMPARE(f, std::optional(true));
}

void TestInspect::cliJsonMatchesSnapshot()
{
    const CliRun run = runCli({u"sockets"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(document.isArray());
    std::map<qint64, QJsonObject> byInode;
    const QStringList keys = {u"family"_s, u"type"_s, u"state"_s, u"local"_s, u"peer"_s, u"rx_queue"_s,
                              u"tx_queue"_s, u"inode"_s, u"uid"_s, u"pid"_s, u"process"_s, u"fd"_s};
    for (const QJsonValue& value : document.array()) {
        const QJsonObject object = value.toObject();
        for (const QString& key : keys)
            QVERIFY2(object.contains(key), qPrintable(key));
        byInode[object.value(u"inode"_s).toInteger()] = object;
    }
    // The CLI is another process: the test's sockets show this process's pid in it.
    const auto snapshot = snapshotWithOwners();
    for (const auto& [name, fd] : m_sockets) {
        const auto* row = findInode(snapshot, inodeOf(fd));
        QVERIFY2(row, name.constData());
        const auto it = byInode.find(static_cast<qint64>(inodeOf(fd)));
        QVERIFY2(it != byInode.end(), name.constData());
        const QJsonObject& o = it->second;
        QCOMPARE(o.value(u"state"_s).toString(), QString::fromUtf8(row->state));
        QCOMPARE(o.value(u"local"_s).toString(), text(row->local));
        QCOMPARE(o.value(u"pid"_s).toInteger(), ::getpid());
        QCOMPARE(o.value(u"fd"_s).toInteger(), fd.get());
        QCOMPARE(o.value(u"process"_s).toString(), QString::fromStdString(m_comm));
        QCOMPARE(o.value(u"uid"_s).toInteger(), ::getuid());
        QCOMPARE(o.value(u"rx_queue"_s).toInteger(), row->rxQueue);
    }
}

void TestInspect::cliTable()
{
    const CliRun run = runCli({u"sockets"_s, u"--tcp"_s, u"--listening"_s});
    QCOMPARE(run.exitCode, 0);
    const QList<QByteArray> lines = run.out.split('\n');
    QVERIFY(lines.front().startsWith("Netid State"));
    const QByteArray local = text(localOf(socket("tcp4 listener"))).toUtf8();
    const QByteArray owner = QByteArray::number(::getpid()) + '/' + QByteArray::fromStdString(m_comm);
    bool found = false;
    for (const QByteArray& line : lines) {
        QVERIFY2(line.isEmpty() || line.startsWith("tcp ") || line.startsWith("Netid"), line.constData());
        found = found || (line.contains(" " + local + " ") && line.contains("LISTEN") && line.contains(owner));
    }
    QVERIFY2(found, run.out.constData());
}

void TestInspect::cliHelp()
{
    const CliRun run = runCli({u"sockets"_s, u"--help"_s});
    QCOMPARE(run.exitCode, 0);
    QVERIFY(run.out.startsWith("usage: sockscope-cli sockets"));
}

void TestInspect::cliBadOptions_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("unknown option") << QStringList{u"--bogus"_s} << QByteArray("unknown option '--bogus'");
    QTest::newRow("short unknown") << QStringList{u"-x"_s} << QByteArray("unknown option '-x'");
    QTest::newRow("after a good one") << QStringList{u"--tcp"_s, u"--nope"_s}
                                      << QByteArray("unknown option '--nope'");
    QTest::newRow("stray argument") << QStringList{u"stray"_s} << QByteArray("unexpected argument 'stray'");
}

void TestInspect::cliBadOptions()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, message);
    const CliRun run = runCli(QStringList{u"sockets"_s} + args);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QVERIFY2(run.err.contains(message), run.err.constData());
    QVERIFY(run.err.contains("usage: sockscope-cli sockets"));
}

void TestInspect::holderNamesThisProcess_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<int>("type");
    QTest::newRow("tcp4") << QByteArray("tcp4 listener") << int{SOCK_STREAM};
    QTest::newRow("tcp6") << QByteArray("tcp6 listener") << int{SOCK_STREAM};
    QTest::newRow("udp4") << QByteArray("udp4") << int{SOCK_DGRAM};
    QTest::newRow("unix path") << QByteArray("unix path listener") << int{SOCK_STREAM};
    QTest::newRow("unix abstract") << QByteArray("unix abstract dgram") << int{SOCK_DGRAM};
}

void TestInspect::holderNamesThisProcess()
{
    QFETCH(QByteArray, name);
    QFETCH(int, type);
    if (!m_sockets.contains(name))
        QSKIP("IPv6 is not available here (no ::1)");
    const Fd& holder = socket(name);
    const Endpoint address = localOf(holder);
    // The real failure first: a second bind to the address is refused.
    const Fd second = makeSocket(address.isUnix() ? AF_UNIX : address.family() == sks::Family::IPv4 ? AF_INET : AF_INET6, type);
    QVERIFY(!bindTo(second, address));
    QCOMPARE(errno, EADDRINUSE);
    const auto found = inspect::findAddressHolder(address, type);
    QVERIFY2(found, found ? "" : found.error().toString().c_str());
    QVERIFY(found->has_value());
    QCOMPARE((*found)->inode, inodeOf(holder));
    const std::string expected = address.toString() + " is held by pid " + std::to_string(::getpid()) + " ("
        + m_comm + "), fd " + std::to_string(holder.get());
    QCOMPARE(inspect::describeAddressHolder(address, **found), expected);
}

void TestInspect::holderOfBoundTcpSocket()
{
    // Bound, never listening: it holds the port, but only Linux 6.5+ lists such sockets.
    const Fd bound = makeSocket(AF_INET, SOCK_STREAM);
    QVERIFY(bindTo(bound, Endpoint::ipv4Loopback(0)));
    const auto found = inspect::findAddressHolder(localOf(bound), SOCK_STREAM);
    QVERIFY(found);
    if (!found->has_value())
        QSKIP("this kernel does not list bound-inactive TCP sockets (Linux < 6.5)");
    QCOMPARE((*found)->inode, inodeOf(bound));
    QCOMPARE((*found)->state, std::string_view("UNCONN"));
    QVERIFY((*found)->owner && (*found)->owner->pid == ::getpid());
}

void TestInspect::holderOfFreeAddress()
{
    Fd probe = makeSocket(AF_INET, SOCK_DGRAM);
    QVERIFY(bindTo(probe, Endpoint::ipv4Loopback(0)));
    const Endpoint address = localOf(probe);
    QCOMPARE(probe.reset(), 0);
    const auto found = inspect::findAddressHolder(address, SOCK_DGRAM);
    QVERIFY(found);
    QVERIFY(!found->has_value());
}

void TestInspect::jsonEscapes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("abc") << QByteArray(R"("abc")");
    QTest::newRow("quote and backslash") << QByteArray(R"(a"b\c)") << QByteArray(R"("a\"b\\c")");
    QTest::newRow("controls") << QByteArray("\n\t\r\b\f\x01", 6) << QByteArray(R"("\n\t\r\b\f\u0001")");
    QTest::newRow("nul") << QByteArray("a\0b", 3) << QByteArray(R"("a\u0000b")");
    QTest::newRow("utf-8 kept") << QByteArray("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80")
                                << QByteArray("\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
    QTest::newRow("invalid byte") << QByteArray("a\xFFz") << QByteArray("\"a\xEF\xBF\xBDz\"");
    QTest::newRow("truncated sequence") << QByteArray("\xE2\x82") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    QTest::newRow("overlong") << QByteArray("\xC0\xAF") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << QByteArray("\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

void TestInspect::jsonEscapes()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    std::string out;
    sks::json::appendString(out, std::string_view(input.constData(), static_cast<std::size_t>(input.size())));
    QCOMPARE(QByteArray::fromStdString(out), expected);
    QJsonParseError error{};
    QJsonDocument::fromJson("[" + expected + "]", &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestInspect::jsonWriterShapes()
{
    std::string out;
    sks::json::Writer json(out);
    json.beginObject()
        .member("n", 1)
        .member("u", std::uint64_t{18446744073709551615U})
        .member("neg", -5)
        .member("d", 0.5)
        .member("nan", std::numeric_limits<double>::quiet_NaN())
        .member("none", std::optional<int>())
        .member("b", true)
        .key("a").beginArray().value("x").value(2).beginObject().endObject().endArray()
        .endObject();
    QCOMPARE(QByteArray::fromStdString(out),
             QByteArray(R"({"n":1,"u":18446744073709551615,"neg":-5,"d":0.5,"nan":null,"none":null,"b":true,"a":["x",2,{}]})"));
}

QTEST_GUILESS_MAIN(TestInspect)
#include "tst_inspect.moc"
