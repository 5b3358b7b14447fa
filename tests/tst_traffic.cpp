// Bulk traffic on real loopback sockets: the generator, auto-receive, the receive log and
// the sampled accept queue.
#include "testsupport.h"

#include "core/engine/engine.h"
#include "core/engine/receivelog.h"

#include <QTest>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fstream>

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

SocketId listener(Fixture& f, int backlog, bool autoAccept)
{
    const SocketId srv = f.e().create(Family::IPv4, SockType::Stream, Role::Server);
    f.e().post(cmd::Bind{srv, Endpoint::ipv4Loopback(0)});
    f.e().post(cmd::Listen{srv, backlog});
    f.e().post(cmd::SetAutoAccept{srv, autoAccept});
    return f.p().waitState(srv, SocketState::Listening) ? srv : 0;
}

// A connected client and its accepted peer.
std::pair<SocketId, SocketId> connection(Fixture& f)
{
    const SocketId srv = listener(f, 5, true);
    const SocketId cli = f.e().create(Family::IPv4, SockType::Stream, Role::Client);
    f.e().post(cmd::Connect{cli, f.p().socket(srv)->local});
    f.p().waitFor([&] { return f.p().children(srv).size() == 1; });
    return {cli, f.p().children(srv).empty() ? 0 : f.p().children(srv)[0].id};
}

bool patternHolds(const std::string& bytes, std::uint64_t offset)
{
    for (std::size_t i = 0; i < bytes.size(); ++i)
        if (static_cast<unsigned char>(bytes[i]) != (offset + i) % 251)
            return false;
    return true;
}

} // namespace

class TestTraffic : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void receiveLogKeepsTheNewestBytes();
    void receiveLogWithoutMemoryCountsAndHoldsNothing();
    void engineWithoutMemoryForTheLogSaysSoAndCounts();
    void generatorDeliversExactlyAndTheLogHoldsTheTail();
    void autoReceiveSumsUpBurstsInTheJournal();
    void autoReceiveLinesComeBeforeTheEndOfStream();
    void pacedGeneratorKeepsItsRate();
    void stopAndCloseEndTheRun();
    void acceptQueueIsSampledFromTheKernel();
    void fullAcceptQueueIsFlagged();
};

void TestTraffic::receiveLogKeepsTheNewestBytes()
{
    ReceiveLog log(10);
    log.append("abcd", 4);
    log.append("efgh", 4);
    QCOMPARE(log.read(0, 100), std::string("abcdefgh"));
    log.append("ijklmn", 6); // 14 bytes: the oldest 4 leave
    QCOMPARE(log.begin(), std::uint64_t(4));
    QCOMPARE(log.end(), std::uint64_t(14));
    QCOMPARE(log.read(0, 100), std::string("efghijklmn"));
    QCOMPARE(log.read(6, 3), std::string("ghi"));
    QCOMPARE(log.boundaries(0, 14), (std::vector<std::uint64_t>{0, 4, 8}));
    log.append(std::string(25, 'z').c_str(), 25); // larger than the log: only its tail stays
    QCOMPARE(log.read(0, 100), std::string(10, 'z'));
    QCOMPARE(log.end(), std::uint64_t(39));
    QCOMPARE(log.generation(), std::uint64_t(4));
}

// A ring the kernel cannot map (here 4 EiB, more address space than any process has; for
// a user: a tight `ulimit -v` or strict overcommit): no exception, an errno to show, every
// byte still counted and marked, none held.
void TestTraffic::receiveLogWithoutMemoryCountsAndHoldsNothing()
{
    ReceiveLog log(std::size_t(1) << 62);
    QCOMPARE(log.error(), 0); // nothing tried yet
    log.append("abcd", 4);
    QCOMPARE(log.error(), ENOMEM);
    QCOMPARE(log.end(), std::uint64_t(4));
    QCOMPARE(log.begin(), std::uint64_t(4)); // nothing held
    QCOMPARE(log.read(0, 100), std::string());
    QVERIFY(log.writable(4096).empty());
    log.append("ef", 2);
    QCOMPARE(log.end(), std::uint64_t(6));
    QCOMPARE(log.boundaries(0, 6), (std::vector<std::uint64_t>{0, 4}));
    QCOMPARE(log.generation(), std::uint64_t(2));
}

// The same through the engine, with the process's address space limited (RLIMIT_AS) to
// what it uses plus 8 MiB: room for small allocations, none for a socket's 17 MiB ring.
// The engine says so once, keeps receiving, and its counters stay exact.
void TestTraffic::engineWithoutMemoryForTheLogSaysSoAndCounts()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    QSKIP("a sanitizer's runtime maps shadow memory as it goes: under RLIMIT_AS it aborts first");
#endif
    auto f = startEngine();
    const auto [cli, conn] = connection(f);
    QVERIFY(conn);
    std::ifstream statm("/proc/self/statm");
    std::uint64_t pages = 0;
    QVERIFY(statm >> pages);
    rlimit old{};
    QCOMPARE(::getrlimit(RLIMIT_AS, &old), 0);
    const rlimit tight{pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)) + (8u << 20), old.rlim_max};
    QCOMPARE(::setrlimit(RLIMIT_AS, &tight), 0);
    const std::uint64_t total = 1u << 20;
    f.e().post(cmd::SetAutoRecv{conn, true});
    f.e().post(cmd::Generate{cli, total, 0, 0});
    const auto said = [&] {
        return std::ranges::any_of(f.p().notices, [](const Notice& n) {
            return n.text.find("no memory to keep its received bytes") != std::string::npos;
        });
    };
    const bool arrived = f.p().waitFor([&] { return f.p().socket(conn)->bytesIn == total && said(); }, std::chrono::seconds(30));
    QCOMPARE(::setrlimit(RLIMIT_AS, &old), 0); // before any check can return early
    QVERIFY2(arrived, "all bytes counted and the notice given");
    QCOMPARE(f.p().socket(cli)->bytesOut, total);
    QCOMPARE(f.p().totals.bytesIn, total);
    auto log = f.e().receiveLog(conn);
    QVERIFY(log);
    QCOMPARE(log->error(), ENOMEM);
    QCOMPARE(log->end(), total);
    QCOMPARE(log->begin(), total); // nothing held, nothing made up
    QCOMPARE(std::ranges::count_if(f.p().notices, [](const Notice& n) { return n.text.find("no memory to keep") != std::string::npos; }), 1);
}

void TestTraffic::generatorDeliversExactlyAndTheLogHoldsTheTail()
{
    auto f = startEngine();
    const auto [cli, conn] = connection(f);
    QVERIFY(conn);
    f.e().post(cmd::SetAutoRecv{conn, true});
    const std::uint64_t total = 64u << 20;
    const Ticket t = f.e().post(cmd::Generate{cli, total, 0, 0});
    QVERIFY(f.p().waitFor([&] {
        for (const auto& e : f.p().journal)
            if (e.ticket == t && !e.pending)
                return true;
        return false;
    }, std::chrono::seconds(60)));
    QVERIFY(f.p().waitFor([&] { return f.p().socket(conn)->bytesIn == total; }, std::chrono::seconds(30)));
    QCOMPARE(f.p().socket(cli)->bytesOut, total);
    QCOMPARE(f.p().totals.bytesIn, total);
    QVERIFY(!f.p().socket(cli)->generating);
    const auto* run = f.p().lastCall(cli, "send");
    QCOMPARE(run->result, std::int64_t(total));
    QVERIFY(run->text.find("bytes in") != std::string::npos);

    auto log = f.e().receiveLog(conn);
    QVERIFY(log);
    QCOMPARE(log->end(), total);
    QCOMPARE(log->begin(), total - ReceiveLog::kDefaultCapacity); // older bytes left the view
    const std::string tail = log->read(log->begin(), ReceiveLog::kDefaultCapacity);
    QCOMPARE(tail.size(), ReceiveLog::kDefaultCapacity);
    QVERIFY(patternHolds(tail, log->begin())); // nothing lost or reordered
}

void TestTraffic::autoReceiveSumsUpBurstsInTheJournal()
{
    auto f = startEngine();
    const auto [cli, conn] = connection(f);
    QVERIFY(conn);
    f.e().post(cmd::SetAutoRecv{conn, true});
    const std::size_t before = f.p().journal.size();
    f.e().post(cmd::Generate{cli, 16u << 20, 0, 0});
    QVERIFY(f.p().waitFor([&] { return f.p().socket(conn)->bytesIn == (16u << 20); }, std::chrono::seconds(30)));
    std::uint64_t summed = 0;
    std::size_t recvLines = 0;
    auto sumLines = [&] {
        summed = 0;
        recvLines = 0;
        for (std::size_t i = before; i < f.p().journal.size(); ++i)
            if (f.p().journal[i].socket == conn && f.p().journal[i].call == "recv") {
                summed += std::uint64_t(f.p().journal[i].result);
                ++recvLines;
            }
        return summed == (16u << 20);
    };
    // The burst's line is written once the bytes stop for a frame.
    QVERIFY(f.p().waitFor(sumLines, std::chrono::seconds(5)));
    QCOMPARE(summed, std::uint64_t(16u << 20)); // the journal accounts for every byte...
    QVERIFY(recvLines < f.p().socket(conn)->messagesIn); // ...in fewer lines than calls
    QVERIFY2(recvLines <= 3, std::to_string(recvLines).c_str()); // a line per burst, not per frame
}

void TestTraffic::autoReceiveLinesComeBeforeTheEndOfStream()
{
    // The peer sends and closes at once: auto-receive reads the bytes and then 0 in one
    // round. The bytes' line must come before the end-of-stream line, as they happened.
    auto f = startEngine();
    const auto [cli, conn] = connection(f);
    QVERIFY(conn);
    f.e().post(cmd::SetAutoRecv{conn, true});
    QVERIFY(f.p().waitFor([&] { return f.p().socket(conn)->autoRecv; }));
    f.e().post(cmd::Send{cli, std::string("hello")});
    f.e().post(cmd::Close{cli});
    QVERIFY(f.p().waitFor([&] { return f.p().socket(conn)->peerClosed && f.p().lastCall(conn, "recv")
                                       && f.p().lastCall(conn, "recv")->result == 0; }));
    std::vector<std::int64_t> results;
    for (const auto& e : f.p().journal)
        if (e.socket == conn && e.call == "recv")
            results.push_back(e.result);
    QCOMPARE(results, (std::vector<std::int64_t>{5, 0}));
}

void TestTraffic::pacedGeneratorKeepsItsRate()
{
    auto f = startEngine();
    const auto [cli, conn] = connection(f);
    QVERIFY(conn);
    f.e().post(cmd::SetAutoRecv{conn, true});
    f.e().post(cmd::Generate{cli, 0, 0.5, 1'000'000}); // 1 MB/s for half a second
    QVERIFY(f.p().waitFor([&] { return f.p().socket(cli) && !f.p().socket(cli)->generating && f.p().lastCall(cli, "send")
                                    && !f.p().lastCall(cli, "send")->pending; },
                          std::chrono::seconds(10)));
    const auto sent = f.p().lastCall(cli, "send")->result;
    QVERIFY2(sent >= 250'000 && sent <= 600'000, std::to_string(sent).c_str()); // about 500 kB, never a burst
}

void TestTraffic::stopAndCloseEndTheRun()
{
    auto f = startEngine();
    const auto [cli, conn] = connection(f);
    QVERIFY(conn);
    f.e().post(cmd::SetAutoRecv{conn, true});
    f.e().post(cmd::Generate{cli, 0, 0, 0}); // no limit
    QVERIFY(f.p().waitFor([&] { return f.p().socket(conn)->bytesIn > (1u << 20); }, std::chrono::seconds(10)));
    f.e().post(cmd::StopGenerator{cli});
    QVERIFY(f.p().waitFor([&] { return !f.p().socket(cli)->generating; }));
    QVERIFY(f.p().lastCall(cli, "send")->text.find("stopped by the user") != std::string::npos);
    // Everything sent arrives; the counters agree once the stream is drained.
    QVERIFY(f.p().waitFor([&] { return f.p().socket(conn)->bytesIn == f.p().socket(cli)->bytesOut; }, std::chrono::seconds(10)));

    f.e().post(cmd::Generate{cli, 0, 0, 0});
    QVERIFY(f.p().waitFor([&] { return f.p().socket(cli)->generating; }));
    f.e().post(cmd::Close{cli});
    QVERIFY(f.p().waitState(cli, SocketState::Closed));
    QVERIFY(!f.p().socket(cli)->generating);
}

void TestTraffic::acceptQueueIsSampledFromTheKernel()
{
    auto f = startEngine();
    const SocketId srv = listener(f, 5, false);
    QVERIFY(srv);
    for (int i = 0; i < 3; ++i) {
        const SocketId c = f.e().create(Family::IPv4, SockType::Stream, Role::Client);
        f.e().post(cmd::Connect{c, f.p().socket(srv)->local});
    }
    QVERIFY(f.p().waitFor([&] { return f.p().socket(srv)->acceptQueue == 3; }));
    QCOMPARE(f.p().socket(srv)->acceptQueueLimit, 5u);
    QVERIFY(!f.p().socket(srv)->queueOverflowed);
    f.e().post(cmd::Accept{srv});
    QVERIFY(f.p().waitFor([&] { return f.p().socket(srv)->acceptQueue == 2; }));
}

void TestTraffic::fullAcceptQueueIsFlagged()
{
    auto f = startEngine();
    const SocketId srv = listener(f, 1, false);
    QVERIFY(srv);
    for (int i = 0; i < 4; ++i) {
        const SocketId c = f.e().create(Family::IPv4, SockType::Stream, Role::Client);
        f.e().post(cmd::SetBlocking{c, false});
        f.e().post(cmd::Connect{c, f.p().socket(srv)->local});
    }
    QVERIFY(f.p().waitFor([&] { return f.p().socket(srv)->queueOverflowed; }));
    QVERIFY(f.p().socket(srv)->acceptQueue > f.p().socket(srv)->acceptQueueLimit);
}

QTEST_GUILESS_MAIN(TestTraffic)
#include "tst_traffic.moc"
