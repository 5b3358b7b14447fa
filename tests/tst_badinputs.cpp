// The bad-input catalogue: hundreds of wrong inputs, each checked for the message the user
// reads. Text inputs come from the tables in badinputs_rows.cpp / badinputs_calls.cpp;
// the system calls the kernel refuses are built here on real sockets (loopback port 0, a
// temporary directory). Nothing may crash, and bytes counted before a bad call stay exact.
#include "badinputs.h"
#include "testsupport.h"

#include "core/engine/engine.h"
#include "core/sys/endpoint.h"
#include "core/sys/errnos.h"
#include "core/sys/payload.h"
#include "core/script/parser.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cerrno>
#include <functional>

using namespace sks;
using testsupport::EngineProbe;

namespace {

// The bad command posted: its socket and its ticket, which the journal entry carries.
struct Bad {
    SocketId id;
    Ticket ticket;
};

// One bad call on a real socket: `post` sets up what it needs and posts the bad command,
// whose journal entry for `call` must fail with `error`.
struct CallCase {
    const char* name;
    const char* call;
    int error;
    std::function<Bad(Engine&, EngineProbe&, const QString& dir)> post;
};

// A loopback port nothing listens on: bound then closed, so connect() is refused.
std::uint16_t closedPort(int family)
{
    const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const Endpoint any = family == AF_INET ? Endpoint::ipv4Loopback(0) : Endpoint::ipv6Loopback(0);
    ::bind(fd, any.sockaddrPtr(), any.length());
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
    ::close(fd);
    return Endpoint::fromSockaddr(reinterpret_cast<sockaddr*>(&ss), len).port();
}

Endpoint parsed(const std::string& text)
{
    auto e = Endpoint::parse(text);
    if (!e)
        qFatal("row endpoint %s: %s", text.c_str(), e.error().toString().c_str());
    return *e;
}

SocketId listening(Engine& e, EngineProbe& p, Family family = Family::IPv4)
{
    const SocketId srv = e.create(family, SockType::Stream, Role::Server);
    e.post(cmd::Bind{srv, family == Family::IPv4 ? Endpoint::ipv4Loopback(0) : Endpoint::ipv6Loopback(0)});
    e.post(cmd::Listen{srv, 8});
    e.post(cmd::SetAutoAccept{srv, true});
    p.waitState(srv, SocketState::Listening);
    return srv;
}

SocketId connected(Engine& e, EngineProbe& p)
{
    const SocketId srv = listening(e, p);
    const SocketId cli = e.create(Family::IPv4, SockType::Stream, Role::Client);
    e.post(cmd::Connect{cli, p.socket(srv)->local});
    p.waitState(cli, SocketState::Connected);
    return cli;
}

SocketId unixBound(Engine& e, EngineProbe& p, SockType type, const std::string& path)
{
    const SocketId s = e.create(Family::Unix, type, Role::Server);
    e.post(cmd::Bind{s, parsed(path)});
    p.waitCall(s, "bind");
    return s;
}

std::vector<CallCase> callCases()
{
    using P = EngineProbe;
    auto fresh = [](Engine& e, Family f, SockType t) { return e.create(f, t, Role::Client); };
    return {
        {"connect refused ipv4", "connect", ECONNREFUSED, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, Endpoint::ipv4Loopback(closedPort(AF_INET))})}; }},
        {"connect refused ipv6", "connect", ECONNREFUSED, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv6, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, Endpoint::ipv6Loopback(closedPort(AF_INET6))})}; }},
        {"connect port zero", "connect", ECONNREFUSED, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, Endpoint::ipv4Loopback(0)})}; }},
        {"listen on udp", "listen", EOPNOTSUPP, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Datagram);
             return Bad{s, e.post(cmd::Listen{s, 5})}; }},
        {"listen on unix datagram", "listen", EOPNOTSUPP, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::Unix, SockType::Datagram);
             return Bad{s, e.post(cmd::Listen{s, 5})}; }},
        {"accept on udp", "accept", EOPNOTSUPP, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Datagram);
             return Bad{s, e.post(cmd::Accept{s})}; }},
        {"accept before listen", "accept", EINVAL, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             e.post(cmd::Bind{s, Endpoint::ipv4Loopback(0)});
             return Bad{s, e.post(cmd::Accept{s})}; }},
        {"bind twice", "bind", EINVAL, [=](Engine& e, P& p, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             e.post(cmd::Bind{s, Endpoint::ipv4Loopback(0)});
             p.waitCall(s, "bind");
             return Bad{s, e.post(cmd::Bind{s, Endpoint::ipv4Loopback(0)})}; }},
        {"bind a listener's port", "bind", EADDRINUSE, [=](Engine& e, P& p, const QString&) {
             const SocketId srv = listening(e, p);
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Bind{s, p.socket(srv)->local})}; }},
        {"bind a foreign address", "bind", EADDRNOTAVAIL, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Bind{s, parsed("192.0.2.1:0")})}; }},
        {"bind a foreign ipv6 address", "bind", EADDRNOTAVAIL, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv6, SockType::Datagram);
             return Bad{s, e.post(cmd::Bind{s, parsed("[2001:db8::1]:0")})}; }},
        {"tcp connect to broadcast", "connect", ENETUNREACH, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, parsed("255.255.255.255:80")})}; }},
        {"bind ipv4 socket to ipv6", "bind", EAFNOSUPPORT, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Bind{s, Endpoint::ipv6Loopback(0)})}; }},
        {"connect ipv4 socket to ipv6", "connect", EAFNOSUPPORT, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, Endpoint::ipv6Loopback(9)})}; }},
        {"recv unconnected", "recv", ENOTCONN, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Recv{s, 10})}; }},
        {"recvfrom unconnected tcp", "recvfrom", ENOTCONN, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv6, SockType::Stream);
             return Bad{s, e.post(cmd::RecvFrom{s, 10})}; }},
        {"send unconnected", "send", EPIPE, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Send{s, "x"})}; }},
        {"shutdown unconnected", "shutdown", ENOTCONN, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Stream);
             return Bad{s, e.post(cmd::Shutdown{s, ShutdownHow::Both})}; }},
        {"connect when connected", "connect", EISCONN, [=](Engine& e, P& p, const QString&) {
             // The first repeat returns 0 on Linux: the fd is non-blocking underneath, and a
             // second connect() is how a non-blocking connect learns it completed.
             const SocketId s = connected(e, p);
             const Ticket first = e.post(cmd::Connect{s, p.socket(s)->peer});
             p.waitFor([&] { return std::ranges::any_of(p.journal, [&](const JournalEntry& j) { return j.ticket == first && !j.pending; }); });
             return Bad{s, e.post(cmd::Connect{s, p.socket(s)->peer})}; }},
        {"listen after connect", "listen", EINVAL, [=](Engine& e, P& p, const QString&) {
             const SocketId s = connected(e, p);
             return Bad{s, e.post(cmd::Listen{s, 5})}; }},
        {"send after shutdown", "send", EPIPE, [=](Engine& e, P& p, const QString&) {
             const SocketId s = connected(e, p);
             e.post(cmd::Shutdown{s, ShutdownHow::Write});
             return Bad{s, e.post(cmd::Send{s, "late"})}; }},
        {"udp send without address", "send", EDESTADDRREQ, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Datagram);
             return Bad{s, e.post(cmd::Send{s, "x"})}; }},
        {"udp datagram too large", "sendto", EMSGSIZE, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::IPv4, SockType::Datagram);
             return Bad{s, e.post(cmd::SendTo{s, Endpoint::ipv4Loopback(9), std::string(70000, 'u')})}; }},
        {"unix bind in a missing directory", "bind", ENOENT, [=](Engine& e, P&, const QString& dir) {
             const SocketId s = fresh(e, Family::Unix, SockType::Stream);
             return Bad{s, e.post(cmd::Bind{s, parsed(dir.toStdString() + "/missing/x.sock")})}; }},
        {"unix bind an existing file", "bind", EADDRINUSE, [=](Engine& e, P& p, const QString& dir) {
             const std::string path = dir.toStdString() + "/taken.sock";
             unixBound(e, p, SockType::Stream, path);
             const SocketId s = fresh(e, Family::Unix, SockType::Stream);
             return Bad{s, e.post(cmd::Bind{s, parsed(path)})}; }},
        {"unix bind under a regular file", "bind", ENOTDIR, [=](Engine& e, P&, const QString& dir) {
             QFile file(dir + QStringLiteral("/plain"));
             static_cast<void>(file.open(QIODevice::WriteOnly));
             const SocketId s = fresh(e, Family::Unix, SockType::Stream);
             return Bad{s, e.post(cmd::Bind{s, parsed(dir.toStdString() + "/plain/x.sock")})}; }},
        {"unix connect to a missing path", "connect", ENOENT, [=](Engine& e, P&, const QString& dir) {
             const SocketId s = fresh(e, Family::Unix, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, parsed(dir.toStdString() + "/nobody.sock")})}; }},
        {"unix connect to a regular file", "connect", ECONNREFUSED, [=](Engine& e, P&, const QString& dir) {
             QFile file(dir + QStringLiteral("/regular"));
             static_cast<void>(file.open(QIODevice::WriteOnly));
             const SocketId s = fresh(e, Family::Unix, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, parsed(dir.toStdString() + "/regular")})}; }},
        {"unix stream to a datagram socket", "connect", EPROTOTYPE, [=](Engine& e, P& p, const QString& dir) {
             const std::string path = dir.toStdString() + "/dgram.sock";
             unixBound(e, p, SockType::Datagram, path);
             const SocketId s = fresh(e, Family::Unix, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, parsed(path)})}; }},
        {"unix connect to a closed listener's file", "connect", ECONNREFUSED, [=](Engine& e, P& p, const QString& dir) {
             const std::string path = dir.toStdString() + "/kept.sock";
             const SocketId old = unixBound(e, p, SockType::Stream, path);
             e.post(cmd::SetKeepFile{old, true});
             e.post(cmd::Close{old});
             const SocketId s = fresh(e, Family::Unix, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, parsed(path)})}; }},
        {"abstract connect to nobody", "connect", ECONNREFUSED, [=](Engine& e, P&, const QString&) {
             const SocketId s = fresh(e, Family::Unix, SockType::Stream);
             return Bad{s, e.post(cmd::Connect{s, parsed("@sockscope-badinputs-nobody-" + std::to_string(::getpid()))})}; }},
    };
}

// Calls on a socket id the engine no longer holds: refused before the kernel (EBADF-like).
struct ClosedCase {
    const char* name;
    std::function<void(Engine&, SocketId)> post;
    const char* message;
};

std::vector<ClosedCase> closedCases()
{
    return {
        {"close twice", [](Engine& e, SocketId s) { e.post(cmd::Close{s}); }, "close() on a closed descriptor fails with EBADF"},
        {"send after close", [](Engine& e, SocketId s) { e.post(cmd::Send{s, "x"}); }, "send() on a closed descriptor"},
        {"recv after close", [](Engine& e, SocketId s) { e.post(cmd::Recv{s, 1}); }, "recv() on a closed descriptor"},
        {"bind after close", [](Engine& e, SocketId s) { e.post(cmd::Bind{s, Endpoint::ipv4Loopback(0)}); }, "bind() on a closed"},
        {"setsockopt after close", [](Engine& e, SocketId s) { e.post(cmd::SetOption{s, SockOption::NoDelay, 1, 0}); }, "setsockopt() on a closed"},
        {"unknown socket id", [](Engine& e, SocketId) { e.post(cmd::Listen{987654, 1}); }, "socket #987654 is closed or unknown"},
    };
}

} // namespace

class TestBadInputs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void endpoints_data() { textRows(badinputs::endpointCases()); }
    void endpoints() { checkEndpoint(); }
    void ports_data() { textRows(badinputs::portCases()); }
    void ports() { checkEndpoint(); }
    void unixPaths_data() { textRows(badinputs::unixPathCases()); }
    void unixPaths() { checkEndpoint(); }
    void hex_data() { textRows(badinputs::hexCases()); }
    void hex();
    void escapes_data() { textRows(badinputs::escapeCases()); }
    void escapes();
    void lessons_data();
    void lessons();
    void cli_data();
    void cli();
    void options_data();
    void options();
    void calls_data();
    void calls();
    void closedSockets_data();
    void closedSockets();
    void countersSurviveBadCalls();
    void catalogueSize();

private:
    void textRows(std::span<const badinputs::TextCase> rows);
    void checkEndpoint();
    const JournalEntry* checkFailure(SocketId id, const char* call, int error, Ticket ticket);

    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<EngineProbe> m_probe;
    QTemporaryDir m_dir;
    QSet<QString> m_names;
};

void TestBadInputs::initTestCase()
{
    auto e = Engine::start();
    QVERIFY2(e.has_value(), e ? "" : e.error().toString().c_str());
    m_engine = std::move(*e);
    m_probe = std::make_unique<EngineProbe>(*m_engine);
    QVERIFY(m_dir.isValid());
}

void TestBadInputs::cleanupTestCase()
{
    m_probe.reset();
    m_engine.reset();
}

void TestBadInputs::textRows(std::span<const badinputs::TextCase> rows)
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    for (const auto& r : rows) {
        QTest::newRow(r.name) << QByteArray(r.input.data(), static_cast<qsizetype>(r.input.size())) << r.column
                              << QString::fromUtf8(r.message);
    }
}

void TestBadInputs::checkEndpoint()
{
    QFETCH(QByteArray, input);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto e = Endpoint::parse(std::string_view(input.constData(), static_cast<std::size_t>(input.size())));
    // QVERIFY2 builds its message even when the check holds: only read the value if there is one.
    if (e.has_value())
        QFAIL(qPrintable(QStringLiteral("accepted as %1").arg(QString::fromStdString(e->toString()))));
    const QString seen = QString::fromStdString(e.error().toString());
    QVERIFY2(seen.contains(message), qPrintable(seen));
    if (column > 0)
        QCOMPARE(static_cast<int>(e.error().column), column);
}

void TestBadInputs::hex()
{
    QFETCH(QByteArray, input);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto r = parseHexBytes(std::string_view(input.constData(), static_cast<std::size_t>(input.size())));
    QVERIFY2(!r.has_value(), "accepted");
    const QString seen = QString::fromStdString(r.error().toString());
    QVERIFY2(seen.contains(message), qPrintable(seen));
    QCOMPARE(static_cast<int>(r.error().column), column);
}

void TestBadInputs::escapes()
{
    QFETCH(QByteArray, input);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto r = parseEscapedText(std::string_view(input.constData(), static_cast<std::size_t>(input.size())));
    QVERIFY2(!r.has_value(), "accepted");
    const QString seen = QString::fromStdString(r.error().toString());
    QVERIFY2(seen.contains(message), qPrintable(seen));
    QCOMPARE(static_cast<int>(r.error().column), column);
}

void TestBadInputs::lessons_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");
    for (const auto& r : badinputs::lessonCases()) {
        QTest::newRow(r.name) << QByteArray(r.text.data(), static_cast<qsizetype>(r.text.size())) << r.line << r.column
                              << QString::fromUtf8(r.message);
    }
}

void TestBadInputs::lessons()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const auto program = script::parseLesson(std::string_view(text.constData(), static_cast<std::size_t>(text.size())));
    QVERIFY2(!program.has_value(), "accepted");
    const QString seen = QString::fromStdString(program.error().toString());
    QVERIFY2(seen.contains(message), qPrintable(seen));
    QCOMPARE(QStringLiteral("%1:%2").arg(program.error().line).arg(program.error().column),
             QStringLiteral("%1:%2").arg(line).arg(column));
}

void TestBadInputs::cli_data()
{
    QTest::addColumn<QString>("args");
    QTest::addColumn<QString>("message");
    for (const auto& r : badinputs::cliCases()) {
        QTest::newRow(r.name) << QString::fromUtf8(r.args) << QString::fromUtf8(r.message);
    }
}

void TestBadInputs::cli()
{
    QFETCH(QString, args);
    QFETCH(QString, message);
    const QString lesson = m_dir.filePath(QStringLiteral("good.sks"));
    const QString garbage = m_dir.filePath(QStringLiteral("garbage.sks"));
    const QString huge = m_dir.filePath(QStringLiteral("huge.sks"));
    if (!QFile::exists(lesson)) {
        QFile good(lesson), bad(garbage), big(huge);
        QVERIFY(good.open(QIODevice::WriteOnly) && bad.open(QIODevice::WriteOnly) && big.open(QIODevice::WriteOnly));
        good.write("s = socket(AF_INET, SOCK_STREAM)\nclose(s)\n");
        bad.write(QByteArray("\x00\x01\x02\xff garbage", 12));
        const QByteArray comment(1 << 20, '#');
        for (int i = 0; i < 9; ++i)
            big.write(comment);
    }
    QStringList argv = args.isEmpty() ? QStringList() : args.split(QLatin1Char('|'));
    argv.replaceInStrings(QStringLiteral("{lesson}"), lesson);
    argv.replaceInStrings(QStringLiteral("{garbage}"), garbage);
    argv.replaceInStrings(QStringLiteral("{huge}"), huge);
    QProcess cli;
    cli.setProgram(QStringLiteral(SOCKSCOPE_CLI));
    cli.setArguments(argv);
    cli.start();
    QVERIFY(cli.waitForFinished(30000));
    const QString err = QString::fromUtf8(cli.readAllStandardError());
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QVERIFY2(cli.exitCode() == 2, qPrintable(QStringLiteral("exit %1: %2").arg(cli.exitCode()).arg(err)));
    QVERIFY2(err.contains(message), qPrintable(err));
}

void TestBadInputs::options_data()
{
    QTest::addColumn<int>("row");
    int i = 0;
    for (const auto& r : badinputs::optionCases()) {
        QTest::newRow(r.name) << i++;
    }
}

// The journal entry is what the user reads: the errno by name, and the catalogue has the
// explanation the journal panel shows beside it.
const JournalEntry* TestBadInputs::checkFailure(SocketId id, const char* call, int error, Ticket ticket)
{
    const auto find = [&]() -> const JournalEntry* {
        for (const JournalEntry& e : m_probe->journal)
            if (e.socket == id && e.call == call && e.ticket == ticket && !e.pending)
                return &e;
        return nullptr;
    };
    if (!m_probe->waitFor([&] { return find() != nullptr; })) {
        qWarning("no completed %s() entry for ticket %llu", call, qulonglong(ticket));
        return nullptr;
    }
    const JournalEntry* entry = find();
    const ErrnoInfo* info = findErrno(entry->error);
    const QString text = QString::fromStdString(entry->text);
    if (entry->error != error || !text.contains(QString::fromStdString(errnoName(error))) || !info
        || info->hint.empty() || info->meaning.empty()) {
        qWarning("journal: %s (expected %s)", entry->text.c_str(), errnoName(error).c_str());
        return nullptr;
    }
    return entry;
}

void TestBadInputs::options()
{
    QFETCH(int, row);
    const badinputs::OptionCase& r = badinputs::optionCases()[static_cast<std::size_t>(row)];
    Engine& e = *m_engine;
    const SocketId s = e.create(r.family, r.type, Role::Client);
    if (r.bindFirst) {
        e.post(cmd::Bind{s, r.family == Family::IPv6 ? Endpoint::ipv6Loopback(0) : Endpoint::ipv4Loopback(0)});
        QVERIFY(m_probe->waitCall(s, "bind"));
    }
    const Ticket t = e.post(cmd::SetOption{s, r.option, r.value, r.value2});
    QVERIFY(checkFailure(s, "setsockopt", r.error, t));
    // The engine read the option back afterwards and still answers.
    QVERIFY(m_probe->waitCall(s, "getsockopt"));
    e.post(cmd::Close{s});
}

void TestBadInputs::calls_data()
{
    QTest::addColumn<int>("row");
    int i = 0;
    for (const CallCase& c : callCases()) {
        QTest::newRow(c.name) << i++;
    }
}

void TestBadInputs::calls()
{
    QFETCH(int, row);
    const CallCase c = callCases()[static_cast<std::size_t>(row)];
    const Bad bad = c.post(*m_engine, *m_probe, m_dir.path());
    QVERIFY(checkFailure(bad.id, c.call, c.error, bad.ticket));
    const SocketInfo* info = m_probe->socket(bad.id);
    QVERIFY(info);
    QCOMPARE(info->lastError, c.error);
}

void TestBadInputs::closedSockets_data()
{
    QTest::addColumn<int>("row");
    int i = 0;
    for (const ClosedCase& c : closedCases()) {
        QTest::newRow(c.name) << i++;
    }
}

void TestBadInputs::closedSockets()
{
    QFETCH(int, row);
    const ClosedCase c = closedCases()[static_cast<std::size_t>(row)];
    Engine& e = *m_engine;
    const SocketId s = e.create(Family::IPv4, SockType::Stream, Role::Client);
    e.post(cmd::Close{s});
    QVERIFY(m_probe->waitCall(s, "close"));
    const std::size_t before = m_probe->notices.size();
    c.post(e, s);
    QVERIFY(m_probe->waitFor([&] { return m_probe->notices.size() > before; }));
    const Notice& n = m_probe->notices.back();
    QCOMPARE(n.level, Notice::Level::Error);
    QVERIFY2(QString::fromStdString(n.text).contains(QString::fromUtf8(c.message)), n.text.c_str());
}

// Bad calls between good ones must not disturb the byte counters.
void TestBadInputs::countersSurviveBadCalls()
{
    Engine& e = *m_engine;
    EngineProbe& p = *m_probe;
    const SocketId srv = listening(e, p);
    const SocketId cli = e.create(Family::IPv4, SockType::Stream, Role::Client);
    e.post(cmd::Connect{cli, p.socket(srv)->local});
    QVERIFY(p.waitFor([&] { return p.children(srv).size() == 1; }));
    const SocketId conn = p.children(srv).front().id;
    const std::string first(100000, 'a');
    e.post(cmd::Send{cli, first});
    QVERIFY(p.waitFor([&] { return p.socket(cli)->bytesOut == first.size(); }));
    // Everything wrong at once: bad options, calls in the wrong state, a closed socket.
    e.post(cmd::Connect{cli, p.socket(srv)->local});
    e.post(cmd::Listen{cli, 1});
    e.post(cmd::Bind{cli, Endpoint::ipv4Loopback(0)});
    e.post(cmd::SetOption{cli, SockOption::KeepCnt, 0, 0});
    e.post(cmd::SetOption{conn, SockOption::KeepIdle, 40000, 0});
    e.post(cmd::SetOption{conn, SockOption::Type, 1, 0});
    e.post(cmd::Accept{conn});
    e.post(cmd::Recv{987654, 10});
    e.post(cmd::Send{987654, "lost"});
    QVERIFY(checkFailure(cli, "bind", EINVAL, e.post(cmd::Bind{cli, Endpoint::ipv4Loopback(0)})));
    QCOMPARE(p.socket(cli)->bytesOut, std::uint64_t(first.size()));
    // Read it all; then send more and read that too: the totals are exact.
    const std::string second = "tail";
    e.post(cmd::Send{cli, second});
    const std::uint64_t total = first.size() + second.size();
    QVERIFY(p.waitFor([&] {
        if (p.socket(conn)->bytesIn < total)
            e.post(cmd::Recv{conn, 65536});
        return p.socket(conn)->bytesIn >= total;
    }, std::chrono::seconds(10)));
    QCOMPARE(p.socket(conn)->bytesIn, total);
    QCOMPARE(p.socket(cli)->bytesOut, total);
    std::uint64_t received = 0;
    for (const Received& r : p.received)
        if (r.socket == conn)
            received += r.bytes.size();
    QCOMPARE(received, total);
}

void TestBadInputs::catalogueSize()
{
    // Summed from the tables the rows come from, so the README's figure cannot drift.
    const std::size_t sizes[] = {
        badinputs::endpointCases().size(), badinputs::portCases().size(), badinputs::unixPathCases().size(),
        badinputs::hexCases().size(), badinputs::escapeCases().size(), badinputs::lessonCases().size(),
        badinputs::cliCases().size(), badinputs::optionCases().size(), callCases().size(), closedCases().size()};
    std::size_t total = 0;
    for (std::size_t n : sizes)
        total += n;
    qInfo("bad-input catalogue: %zu inputs (endpoints %zu, ports %zu, Unix paths %zu, hex %zu, escapes %zu, "
          "lessons %zu, CLI %zu, option values %zu, kernel refusals %zu, closed sockets %zu)",
          total, sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5], sizes[6], sizes[7], sizes[8], sizes[9]);
    QVERIFY2(total >= 200, qPrintable(QString::number(total)));
    // Distinct: no text input appears twice within its category.
    for (auto rows : {badinputs::endpointCases(), badinputs::portCases(), badinputs::unixPathCases(),
                      badinputs::hexCases(), badinputs::escapeCases()}) {
        QSet<QByteArray> seen;
        for (const auto& r : rows) {
            const QByteArray input(r.input.data(), static_cast<qsizetype>(r.input.size()));
            QVERIFY2(!seen.contains(input), r.name);
            seen.insert(input);
        }
    }
}

QTEST_GUILESS_MAIN(TestBadInputs)
#include "tst_badinputs.moc"
