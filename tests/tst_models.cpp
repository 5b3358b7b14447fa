// SocketsModel and JournalModel fed by real batches from a real engine on loopback, with
// QAbstractItemModelTester watching every change; plus the batching contract on
// hand-made batches.
#include "app/callhelp.h"
#include "app/enginebridge.h"
#include "app/journalmodel.h"
#include "app/socketsmodel.h"
#include "core/sys/errnos.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace testsupport;
using Tester = QAbstractItemModelTester;

namespace {

sks::SocketInfo fakeSocket(sks::SocketId id, sks::SocketId parent = 0)
{
    sks::SocketInfo s;
    s.id = id;
    s.parent = parent;
    s.fd = static_cast<int>(id) + 10;
    s.lastFd = s.fd;
    s.family = sks::Family::IPv4;
    s.state = parent ? sks::SocketState::Accepted : sks::SocketState::Created;
    return s;
}

sks::JournalEntry fakeEntry(std::uint64_t seq, bool pending = false)
{
    sks::JournalEntry e;
    e.seq = seq;
    e.socket = 1;
    e.fd = 5;
    e.call = "accept";
    e.text = pending ? "accept(5)" : "accept(5) = 6";
    e.result = pending ? 0 : 6;
    e.pending = pending;
    return e;
}

QString display(const QAbstractItemModel& model, const QModelIndex& index)
{
    return model.data(index, Qt::DisplayRole).toString();
}

} // namespace

class TestModels final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void socketInsertsAreGroupedPerParent();
    void socketUpdatesAreCoalesced();
    void journalAppendsAndReplaces();
    void lifecycleOnLoopback();
    void autoAcceptPutsChildUnderListener();
    void failedConnectIsMarked();
    void escapes_data();
    void escapes();

private:
    sks::SocketId listeningServer();

    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<Tester> m_socketsTester;
    std::unique_ptr<Tester> m_journalTester;
};

void TestModels::init()
{
    auto engine = sks::Engine::start();
    QVERIFY2(engine, engine ? "" : engine.error().toString().c_str());
    m_engine = std::move(*engine);
    m_bridge = std::make_unique<EngineBridge>(*m_engine);
    m_socketsTester = std::make_unique<Tester>(m_bridge->sockets(), Tester::FailureReportingMode::Fatal);
    m_journalTester = std::make_unique<Tester>(m_bridge->journal(), Tester::FailureReportingMode::Fatal);
}

void TestModels::cleanup()
{
    m_socketsTester.reset();
    m_journalTester.reset();
    m_bridge.reset();
    m_engine.reset();
}

void TestModels::socketInsertsAreGroupedPerParent()
{
    SocketsModel& model = *m_bridge->sockets();
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const auto added = model.apply({fakeSocket(1), fakeSocket(2), fakeSocket(3, 1),
                                    fakeSocket(4, 1), fakeSocket(5)});
    QCOMPARE(added, (std::vector<sks::SocketId>{1, 2, 3, 4, 5}));
    // [1,2] at the top, [3,4] under #1, [5] at the top: three inserts, not five.
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(inserted[0].at(1).toInt(), 0);
    QCOMPARE(inserted[0].at(2).toInt(), 1);
    QCOMPARE(inserted[1].at(0).value<QModelIndex>(), model.indexOf(1));
    QCOMPARE(inserted[1].at(2).toInt(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowCount(model.indexOf(1)), 2);
    QCOMPARE(model.indexOf(4).parent(), model.indexOf(1));
    QCOMPARE(model.indexOf(4).row(), 1);
    QCOMPARE(model.indexOf(5).row(), 2);
    QCOMPARE(model.openCount(), 5);

    // A child arriving later goes to the end of its listener's children.
    model.apply({fakeSocket(6, 1)});
    QCOMPARE(model.indexOf(6).row(), 2);
    QCOMPARE(model.indexOf(6).parent(), model.indexOf(1));
}

void TestModels::socketUpdatesAreCoalesced()
{
    SocketsModel& model = *m_bridge->sockets();
    model.apply({fakeSocket(1), fakeSocket(2), fakeSocket(3, 1), fakeSocket(4, 1), fakeSocket(5)});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    auto closed = fakeSocket(2);
    closed.state = sks::SocketState::Closed;
    closed.fd = -1;
    model.apply({fakeSocket(1), closed, fakeSocket(3, 1), fakeSocket(4, 1), fakeSocket(5)});
    // Rows 0..2 at the top are one range; rows 0..1 under #1 another.
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed[0].at(0).value<QModelIndex>(), model.index(0, 0));
    QCOMPARE(changed[0].at(1).value<QModelIndex>(), model.index(2, SocketsModel::Count - 1));
    QCOMPARE(changed[1].at(0).value<QModelIndex>().parent(), model.indexOf(1));
    QCOMPARE(model.openCount(), 4);
    QCOMPARE(display(model, model.indexOf(2, SocketsModel::Fd)), QStringLiteral("– (was 12)"));
    QCOMPARE(display(model, model.indexOf(2, SocketsModel::State)), QStringLiteral("closed"));
    QVERIFY(model.data(model.indexOf(2, SocketsModel::Id), Qt::ForegroundRole).isValid());
}

void TestModels::journalAppendsAndReplaces()
{
    JournalModel& journal = *m_bridge->journal();
    QSignalSpy inserted(&journal, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&journal, &QAbstractItemModel::dataChanged);
    journal.apply({fakeEntry(0), fakeEntry(1, true), fakeEntry(2)});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(journal.rowCount(), 3);
    QVERIFY(display(journal, journal.index(1, JournalModel::Call)).endsWith(QStringLiteral(" …waiting")));
    QVERIFY(journal.data(journal.index(1, JournalModel::Call), Qt::FontRole).value<QFont>().italic());

    // The completed call replaces its pending row; a new entry is appended.
    journal.apply({fakeEntry(1), fakeEntry(3, true), fakeEntry(3)});
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed[0].at(0).value<QModelIndex>().row(), 1);
    QCOMPARE(journal.rowCount(), 4);
    QCOMPARE(display(journal, journal.index(1, JournalModel::Call)), QStringLiteral("accept(5) = 6"));
    QVERIFY(!journal.entry(3).pending);
    QCOMPARE(journal.data(journal.index(1, JournalModel::Result), JournalModel::SortRole).toLongLong(), 6);
}

sks::SocketId TestModels::listeningServer()
{
    const sks::SocketId server = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Server);
    m_bridge->post(sks::cmd::Bind{server, sks::Endpoint::ipv4Loopback(0)});
    m_bridge->post(sks::cmd::Listen{server, 5});
    if (!waitSocketState(*m_bridge->sockets(), server, sks::SocketState::Listening))
        return 0;
    return server;
}

void TestModels::lifecycleOnLoopback()
{
    SocketsModel& sockets = *m_bridge->sockets();
    JournalModel& journal = *m_bridge->journal();
    QSignalSpy totals(m_bridge.get(), &EngineBridge::totalsChanged);
    const sks::SocketId server = listeningServer();
    QVERIFY(server != 0);
    const sks::Endpoint address = sockets.info(server)->local;
    QVERIFY(address.port() != 0);
    QVERIFY(findJournalRow(journal, [](const auto& e) { return e.text.starts_with("listen("); }) >= 0);

    // A blocking accept with nothing queued is journaled as pending...
    m_bridge->post(sks::cmd::Accept{server});
    QVERIFY(waitSocket(sockets, server, [](const auto& s) { return s.waiting == sks::Waiting::Accept; }));
    const int acceptRow = findJournalRow(journal, [](const auto& e) { return e.call == "accept"; });
    QVERIFY(acceptRow >= 0);
    QVERIFY(journal.entry(acceptRow).pending);
    QCOMPARE(display(sockets, sockets.indexOf(server, SocketsModel::State)), QStringLiteral("waiting in accept()"));

    // ...and completed in place when a client connects.
    const sks::SocketId client = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Client);
    m_bridge->post(sks::cmd::Connect{client, address});
    QVERIFY(waitSocketState(sockets, client, sks::SocketState::Connected));
    QTRY_VERIFY_WITH_TIMEOUT(!journal.entry(acceptRow).pending, 5000);
    QVERIFY(journal.entry(acceptRow).text.starts_with("accept("));
    QVERIFY(!display(journal, journal.index(acceptRow, JournalModel::Call)).contains(QStringLiteral("waiting")));
    QCOMPARE(findJournalRow(journal, [](const auto& e) { return e.call == "accept"; }, acceptRow + 1), -1);

    // The accepted socket is a child of its listener.
    QTRY_COMPARE_WITH_TIMEOUT(sockets.rowCount(sockets.indexOf(server)), 1, 5000);
    const QModelIndex childIndex = sockets.index(0, 0, sockets.indexOf(server));
    const auto accepted = childIndex.data(SocketsModel::SocketIdRole).value<sks::SocketId>();
    QCOMPARE(sockets.info(accepted)->parent, server);
    QCOMPARE(sockets.info(accepted)->state, sks::SocketState::Accepted);
    QCOMPARE(sockets.rowCount(), 2);
    QCOMPARE(sockets.indexOf(client).parent(), QModelIndex());

    m_bridge->post(sks::cmd::Send{client, "hello\n"});
    m_bridge->post(sks::cmd::Recv{accepted, 4096});
    QVERIFY(waitSocket(sockets, accepted, [](const auto& s) { return s.bytesIn == 6; }));
    QVERIFY(waitSocket(sockets, client, [](const auto& s) { return s.bytesOut == 6; }));
    QCOMPARE(display(sockets, sockets.indexOf(accepted, SocketsModel::BytesIn)), QStringLiteral("6"));
    QCOMPARE(display(sockets, sockets.indexOf(client, SocketsModel::BytesOut)), QStringLiteral("6"));
    QCOMPARE(sockets.data(sockets.indexOf(client, SocketsModel::BytesOut), SocketsModel::SortRole).toULongLong(), 6u);
    QVERIFY(waitJournalCall(journal, accepted, "recv") >= 0);

    for (const sks::SocketId id : {client, accepted, server})
        m_bridge->post(sks::cmd::Close{id});
    for (const sks::SocketId id : {client, accepted, server})
        QVERIFY(waitSocketState(sockets, id, sks::SocketState::Closed));
    QCOMPARE(sockets.openCount(), 0);
    QVERIFY(display(sockets, sockets.indexOf(server, SocketsModel::Fd)).startsWith(QStringLiteral("– (was ")));
    QTRY_VERIFY_WITH_TIMEOUT(m_bridge->totals().openSockets == 0, 5000);
    QCOMPARE(m_bridge->totals().bytesIn, 6u);
    QCOMPARE(m_bridge->totals().bytesOut, 6u);
    QVERIFY(totals.count() > 0);
}

void TestModels::autoAcceptPutsChildUnderListener()
{
    SocketsModel& sockets = *m_bridge->sockets();
    const sks::SocketId server = listeningServer();
    QVERIFY(server != 0);
    m_bridge->post(sks::cmd::SetAutoAccept{server, true});
    QVERIFY(waitSocket(sockets, server, [](const auto& s) { return s.autoAccept; }));
    QSignalSpy appeared(m_bridge.get(), &EngineBridge::socketAppeared);
    std::vector<sks::SocketId> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(m_bridge->createSocket(sks::Family::IPv4, sks::Role::Client));
        m_bridge->post(sks::cmd::Connect{clients.back(), sockets.info(server)->local});
    }
    QTRY_COMPARE_WITH_TIMEOUT(sockets.rowCount(sockets.indexOf(server)), 3, 5000);
    QCOMPARE(sockets.rowCount(), 4);
    QCOMPARE(appeared.count(), 6);
    for (int row = 0; row < 3; ++row) {
        const QModelIndex child = sockets.index(row, SocketsModel::State, sockets.indexOf(server));
        QCOMPARE(child.data().toString(), QStringLiteral("accepted"));
    }
}

void TestModels::failedConnectIsMarked()
{
    // A bound socket that never listens: connecting to its port is refused.
    SocketsModel& sockets = *m_bridge->sockets();
    JournalModel& journal = *m_bridge->journal();
    const sks::SocketId idle = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Server);
    m_bridge->post(sks::cmd::Bind{idle, sks::Endpoint::ipv4Loopback(0)});
    QVERIFY(waitSocketState(sockets, idle, sks::SocketState::Bound));
    const sks::SocketId client = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Client);
    m_bridge->post(sks::cmd::Connect{client, sockets.info(idle)->local});
    const int row = waitJournalCall(journal, client, "connect");
    QVERIFY(row >= 0);
    QCOMPARE(sks::errnoName(journal.entry(row).error), std::string("ECONNREFUSED"));
    QVERIFY(journal.data(journal.index(row, 0), JournalModel::FailedRole).toBool());
    QVERIFY(journal.data(journal.index(row, 0), Qt::BackgroundRole).isValid());
    QVERIFY(display(journal, journal.index(row, JournalModel::Result)).startsWith(QStringLiteral("✗")));
    QCOMPARE(display(journal, journal.index(row, JournalModel::Errno)), QStringLiteral("ECONNREFUSED"));
    QVERIFY(journal.data(journal.index(row, 0), Qt::ToolTipRole).toString().contains(QStringLiteral("<b>ECONNREFUSED</b> — ")));
}

void TestModels::escapes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("errorColumn");
    QTest::newRow("newline") << QStringLiteral("hello\\n") << QByteArray("hello\n") << 0;
    QTest::newRow("all") << QStringLiteral("\\r\\t\\\\\\0\\x41\\xfF") << QByteArray("\r\t\\\0A\xff", 6) << 0;
    QTest::newRow("utf8") << QStringLiteral("é") << QByteArray("\xc3\xa9") << 0;
    QTest::newRow("unknown") << QStringLiteral("ab\\q") << QByteArray() << 3;
    QTest::newRow("short hex") << QStringLiteral("\\x4") << QByteArray() << 1;
    QTest::newRow("lone") << QStringLiteral("abc\\") << QByteArray() << 4;
}

void TestModels::escapes()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, bytes);
    QFETCH(int, errorColumn);
    const auto parsed = callhelp::parseEscapedBytes(text);
    if (errorColumn == 0) {
        QVERIFY(parsed);
        QCOMPARE(QByteArray::fromStdString(*parsed), bytes);
    } else {
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().column, errorColumn);
    }
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
