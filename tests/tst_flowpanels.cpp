// The live byte panels on real loopback sockets inside the real main window: the byte flow
// totals against the counters, the payload console's composer (text, hex, bad input) and
// viewer (recv boundaries, dropped head), and the traffic generator. No sleeps: every wait
// is for a condition, while Qt events (and the bridge's batches) are processed.
#include "app/byteflowpanel.h"
#include "app/byteunits.h"
#include "app/enginebridge.h"
#include "app/generatorpanel.h"
#include "app/hexdumpview.h"
#include "app/journalmodel.h"
#include "app/mainwindow.h"
#include "app/payloadcomposer.h"
#include "app/payloadpanel.h"
#include "app/ratesampler.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "appfixture.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QComboBox>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace testsupport;

class TestFlowPanels final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void totalsBesideTheChartEqualTheCounters();
    void sparklinesUnderTheModelTester();
    void hexWithAndWithoutSpacesSendsTheSameBytes();
    void badInputSendsNothing_data();
    void badInputSendsNothing();
    void viewerMarksRecvBoundaries();
    void generatorRunsASizedTransfer();
    void screenshotsWithTrafficFlowing();

private:
    struct Pair {
        sks::SocketId server = 0;
        sks::SocketId client = 0;
        sks::SocketId accepted = 0;
    };
    Pair connectedPair();
    void select(sks::SocketId id);
    QDockWidget* showDock(const char* objectName);
    template <class T>
    T* child(const char* objectName) const;
    void typePayload(int format, const QString& text);
    void clickSend();
    bool journalQuietSince(int row, sks::SocketId socket);
    void saveScreenshot(QWidget* widget, const char* name);

    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    SocketsModel* m_sockets = nullptr;
};

void TestFlowPanels::init()
{
    QLocale::setDefault(QLocale::c()); // the expected texts use "," between thousands
    const QString failed = testsupport::startApp(m_engine, m_bridge, m_window, QSize(1400, 900));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_sockets = m_bridge->sockets();
}

void TestFlowPanels::cleanup()
{
    m_window.reset();
    m_bridge.reset();
    m_engine.reset();
}

template <class T>
T* TestFlowPanels::child(const char* objectName) const
{
    T* found = m_window->findChild<T*>(QString::fromLatin1(objectName));
    if (!found)
        qWarning("no child named %s", objectName);
    return found;
}

// A listener (auto-accept), a client connected to it and the accepted socket.
TestFlowPanels::Pair TestFlowPanels::connectedPair()
{
    Pair p;
    p.server = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Server);
    m_bridge->post(sks::cmd::Bind{p.server, sks::Endpoint::ipv4Loopback(0)});
    m_bridge->post(sks::cmd::Listen{p.server, 5});
    m_bridge->post(sks::cmd::SetAutoAccept{p.server, true});
    if (!waitSocketState(*m_sockets, p.server, sks::SocketState::Listening))
        return {};
    p.client = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Client);
    m_bridge->post(sks::cmd::Connect{p.client, m_sockets->info(p.server)->local});
    if (!waitSocketState(*m_sockets, p.client, sks::SocketState::Connected)
        || !QTest::qWaitFor([&] { return m_sockets->rowCount(m_sockets->indexOf(p.server)) == 1; }))
        return {};
    p.accepted = m_sockets->index(0, 0, m_sockets->indexOf(p.server)).data(SocketsModel::SocketIdRole).value<sks::SocketId>();
    return p;
}

void TestFlowPanels::select(sks::SocketId id)
{
    m_window->socketsPanel()->selectSocket(id);
    QCOMPARE(m_window->socketsPanel()->currentSocket(), id);
}

QDockWidget* TestFlowPanels::showDock(const char* objectName)
{
    auto* dock = child<QDockWidget>(objectName);
    if (dock) {
        dock->show();
        dock->raise();
        QCoreApplication::processEvents();
    }
    return dock;
}

void TestFlowPanels::typePayload(int format, const QString& text)
{
    child<QComboBox>("payloadFormatCombo")->setCurrentIndex(format);
    auto* edit = child<QLineEdit>("payloadEdit");
    edit->clear();
    QTest::keyClicks(edit, text);
}

void TestFlowPanels::clickSend()
{
    auto* send = child<QPushButton>("payloadSendButton");
    QVERIFY(send->isEnabled());
    QTest::mouseClick(send, Qt::LeftButton);
}

// True when, from journal row `row` on, no send was journaled for `socket` — checked after a
// marker command posted now has come back, so a send posted before it would have shown.
bool TestFlowPanels::journalQuietSince(int row, sks::SocketId socket)
{
    const sks::Ticket marker = m_bridge->post(sks::cmd::GetOption{socket, sks::SockOption::Type});
    const JournalModel& journal = *m_bridge->journal();
    const auto isMarker = [&](const sks::JournalEntry& e) { return e.ticket == marker && !e.pending; };
    if (!QTest::qWaitFor([&] { return findJournalRow(journal, isMarker, row) >= 0; }))
        return false;
    return findJournalRow(journal, [&](const sks::JournalEntry& e) { return e.socket == socket && e.call.starts_with("send"); }, row) < 0;
}

void TestFlowPanels::saveScreenshot(QWidget* widget, const char* name)
{
    const QString dir = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(widget->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png")));
}

void TestFlowPanels::totalsBesideTheChartEqualTheCounters()
{
    const Pair p = connectedPair();
    QVERIFY(p.accepted);
    m_bridge->post(sks::cmd::SetAutoRecv{p.accepted, true});
    constexpr std::uint64_t total = 8u << 20;
    m_bridge->post(sks::cmd::Generate{p.client, total, 0, 0});
    QVERIFY(waitSocket(*m_sockets, p.accepted, [](const sks::SocketInfo& s) { return s.bytesIn == total; }, 30000));
    select(p.client);
    showDock("byteFlowDock");

    QCOMPARE(m_bridge->totals().bytesIn, total);
    QCOMPARE(m_bridge->totals().bytesOut, total);
    QTRY_COMPARE(child<QLabel>("totalInLabel")->text(), QStringLiteral("8,388,608 B"));
    QCOMPARE(child<QLabel>("totalOutLabel")->text(), QStringLiteral("%1 B").arg(byteunits::grouped(m_bridge->totals().bytesOut)));
    QVERIFY(child<QLabel>("totalInNote")->text().startsWith(QStringLiteral("8.0 MiB")));
    QCOMPARE(child<QLabel>("socketOutLabel")->text(), QStringLiteral("%1 B").arg(byteunits::grouped(m_sockets->info(p.client)->bytesOut)));
    QCOMPARE(child<QLabel>("socketInLabel")->text(), QStringLiteral("0 B"));
    QVERIFY(child<QLabel>("socketTotalsTitle")->text().contains(QStringLiteral("#%1").arg(p.client)));

    // The chart drew the burst: a sample of the "all sockets in" line rose above zero.
    auto* panel = m_window->findChild<ByteFlowPanel*>();
    QVERIFY(panel);
    QCOMPARE(panel->chartedSockets(), std::vector<sks::SocketId>{p.client});
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        const auto series = panel->chart()->series();
        if (series.isEmpty())
            return false;
        const auto* in = qobject_cast<QLineSeries*>(series.first());
        for (const QPointF& point : in->points())
            if (point.y() > 0)
                return true;
        return false;
    }(), 5000);
}

void TestFlowPanels::sparklinesUnderTheModelTester()
{
    QAbstractItemModelTester tester(m_sockets, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy changed(m_sockets, &QAbstractItemModel::dataChanged);
    const Pair p = connectedPair();
    QVERIFY(p.accepted);
    m_bridge->post(sks::cmd::SetAutoRecv{p.accepted, true});
    m_bridge->post(sks::cmd::Generate{p.client, 0, 1.0, 4'000'000}); // 4 MB/s for a second
    const QModelIndex rate = m_sockets->indexOf(p.client, SocketsModel::Rate);
    QTRY_VERIFY_WITH_TIMEOUT(rate.data(SocketsModel::RateHistoryRole).value<RateSeries>().latestOut() > 0, 5000);
    const RateSeries series = rate.data(SocketsModel::RateHistoryRole).value<RateSeries>();
    QCOMPARE(series.out.size(), RateSampler::kSparklineSamples);
    QVERIFY(rate.data().toString().endsWith(QStringLiteral("/s")));
    QVERIFY(rate.data(SocketsModel::SortRole).toDouble() > 0);
    const bool rateColumnRepainted = std::ranges::any_of(changed, [](const QList<QVariant>& args) {
        return args.at(0).value<QModelIndex>().column() == SocketsModel::Rate;
    });
    QVERIFY(rateColumnRepainted);
    // Beside the addresses, and in view without scrolling on a 1680-pixel-wide window.
    auto* view = child<QTreeView>("socketsView");
    QCOMPARE(view->header()->visualIndex(SocketsModel::Rate), view->header()->visualIndex(SocketsModel::Peer) + 1);
    const QSize before = m_window->size();
    m_window->resize(1680, 1050);
    QTRY_VERIFY(view->header()->sectionViewportPosition(SocketsModel::Rate) + view->header()->sectionSize(SocketsModel::Rate)
                <= view->viewport()->width());
    saveScreenshot(m_window.get(), "flow-sparklines");
    m_window->resize(before);
    // A socket that never moved a byte has no history.
    QVERIFY(m_sockets->indexOf(p.server, SocketsModel::Rate).data(SocketsModel::RateHistoryRole).value<RateSeries>().isEmpty());
}

void TestFlowPanels::hexWithAndWithoutSpacesSendsTheSameBytes()
{
    const Pair p = connectedPair();
    QVERIFY(p.accepted);
    m_bridge->post(sks::cmd::SetAutoRecv{p.accepted, true});
    select(p.client);
    showDock("payloadDock");
    typePayload(1, QStringLiteral("de ad BE EF"));
    QCOMPARE(child<QLabel>("payloadPreviewLabel")->text(), QStringLiteral("4 bytes: de ad be ef"));
    clickSend();
    QVERIFY(waitSocket(*m_sockets, p.accepted, [](const sks::SocketInfo& s) { return s.bytesIn == 4; }));
    typePayload(1, QStringLiteral("deadbeef"));
    clickSend();
    QVERIFY(waitSocket(*m_sockets, p.accepted, [](const sks::SocketInfo& s) { return s.bytesIn == 8; }));
    const auto log = m_engine->receiveLog(p.accepted);
    QVERIFY(log);
    QCOMPARE(log->read(0, 100), std::string("\xde\xad\xbe\xef\xde\xad\xbe\xef", 8));
    QCOMPARE(m_sockets->info(p.client)->bytesOut, 8u);
}

void TestFlowPanels::badInputSendsNothing_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("message");
    QTest::newRow("odd hex digits") << 1 << QStringLiteral("abc") << QStringLiteral("“abc” has 3 hex digits");
    QTest::newRow("not hex") << 1 << QStringLiteral("zz") << QStringLiteral("column 1: “z” is not a hex digit");
    QTest::newRow("0x prefix") << 1 << QStringLiteral("0x") << QStringLiteral("without a 0x prefix");
    QTest::newRow("hex, one bad pair") << 1 << QStringLiteral("de ad bq") << QStringLiteral("column 8: “q”");
    QTest::newRow("unknown escape") << 0 << QStringLiteral("bad\\q") << QStringLiteral("unknown escape \\q");
    QTest::newRow("short \\x") << 0 << QStringLiteral("\\x4") << QStringLiteral("two hex digits");
    QTest::newRow("lone backslash") << 0 << QStringLiteral("end\\") << QStringLiteral("lone \\");
}

void TestFlowPanels::badInputSendsNothing()
{
    QFETCH(int, format);
    QFETCH(QString, input);
    QFETCH(QString, message);
    const Pair p = connectedPair();
    QVERIFY(p.accepted);
    select(p.client);
    showDock("payloadDock");
    const int journalRows = m_bridge->journal()->rowCount();
    typePayload(format, input);
    auto* composer = m_window->findChild<PayloadComposer*>();
    QVERIFY2(composer->errorText().contains(message), qPrintable(composer->errorText())); // shown while typing
    clickSend();
    QVERIFY2(composer->errorText().contains(message), qPrintable(composer->errorText()));
    QVERIFY(composer->errorText().endsWith(QStringLiteral("Nothing was sent.")));
    QVERIFY(child<QLabel>("payloadErrorLabel")->isVisible());
    QVERIFY(journalQuietSince(journalRows, p.client));
    QCOMPARE(m_sockets->info(p.client)->bytesOut, 0u);
}

void TestFlowPanels::viewerMarksRecvBoundaries()
{
    const Pair p = connectedPair();
    QVERIFY(p.accepted);
    m_bridge->post(sks::cmd::SetAutoRecv{p.accepted, true});
    m_bridge->post(sks::cmd::Send{p.client, "hello"});
    QVERIFY(waitSocket(*m_sockets, p.accepted, [](const sks::SocketInfo& s) { return s.bytesIn == 5; }));
    m_bridge->post(sks::cmd::Send{p.client, "world!"});
    QVERIFY(waitSocket(*m_sockets, p.accepted, [](const sks::SocketInfo& s) { return s.bytesIn == 11; }));
    select(p.accepted);
    showDock("payloadDock");
    HexDumpView* viewer = m_window->findChild<PayloadPanel*>()->viewer();
    QTRY_COMPARE(viewer->shownBoundaries(), (std::vector<std::uint64_t>{0, 5}));
    QCOMPARE(viewer->shownLines().size(), 1);
    const QString line = viewer->shownLines().first();
    QVERIFY2(line.contains(QStringLiteral("68 65 6c 6c 6f 77 6f 72  6c 64 21")), qPrintable(line));
    QVERIFY2(line.endsWith(QStringLiteral("helloworld!     ")), qPrintable(line));
    QTRY_VERIFY(child<QLabel>("receivedStatusLabel")->text().startsWith(QStringLiteral("11 B received in 2 recv() calls")));
    QVERIFY(!child<QLabel>("droppedLabel")->isVisible());
}

void TestFlowPanels::generatorRunsASizedTransfer()
{
    const Pair p = connectedPair();
    QVERIFY(p.accepted);
    showDock("generatorDock");
    select(p.client);
    auto* generator = m_window->findChild<GeneratorPanel*>();
    QCOMPARE(generator->source(), p.client);
    QCOMPARE(generator->receiver(), p.accepted); // the client's peer inside the app
    constexpr std::uint64_t total = 20u << 20;   // more than the 16 MiB the console keeps
    generator->setLimit(GeneratorPanel::Limit::Size, total);
    generator->setRate(0);
    QSignalSpy finished(generator, &GeneratorPanel::runFinished);
    QTest::mouseClick(child<QPushButton>("generatorStartButton"), Qt::LeftButton);
    QVERIFY(generator->isRunning());
    QVERIFY(finished.wait(30000));
    QVERIFY(!generator->isRunning());
    QVERIFY2(generator->resultText().contains(QStringLiteral("= 20971520")), qPrintable(generator->resultText()));
    QTRY_COMPARE_WITH_TIMEOUT(generator->receivedSinceStart(), total, 30000);
    QCOMPARE(generator->sentSinceStart(), total);
    QCOMPARE(m_sockets->info(p.client)->bytesOut, total);
    QCOMPARE(m_sockets->info(p.accepted)->bytesIn, total);
    QVERIFY(m_sockets->info(p.accepted)->autoRecv); // switched on by the generator panel
    QTRY_VERIFY(child<QLabel>("generatorProgressLabel")->text().contains(QStringLiteral("received 20,971,520 B")));

    // The console keeps the newest 16 MiB and says that older bytes left the view.
    select(p.accepted);
    showDock("payloadDock");
    auto* dropped = child<QLabel>("droppedLabel");
    QTRY_VERIFY(dropped->isVisible());
    QVERIFY2(dropped->text().startsWith(QStringLiteral("Older bytes left the view (20,971,520 bytes total)")),
             qPrintable(dropped->text()));
    HexDumpView* viewer = m_window->findChild<PayloadPanel*>()->viewer();
    QTRY_VERIFY(!viewer->shownLines().isEmpty());
    QCOMPARE(viewer->shownLines().last().trimmed().section(QLatin1Char(' '), 0, 0).toULongLong() / 16, (total - 1) / 16);
    QVERIFY(viewer->followTail());
}

void TestFlowPanels::screenshotsWithTrafficFlowing()
{
    const Pair bulk = connectedPair();
    const Pair text = connectedPair();
    QVERIFY(bulk.accepted && text.accepted);
    m_bridge->post(sks::cmd::SetAutoRecv{text.accepted, true});
    for (const char* request : {"GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n", "PING\r\n", "hello, socket\n"}) {
        const std::uint64_t before = m_sockets->info(text.accepted)->bytesIn;
        m_bridge->post(sks::cmd::Send{text.client, request});
        QVERIFY(waitSocket(*m_sockets, text.accepted, [&](const sks::SocketInfo& s) { return s.bytesIn > before; }));
    }
    select(bulk.client);
    showDock("generatorDock");
    auto* generator = m_window->findChild<GeneratorPanel*>();
    generator->setRate(40'000'000);
    generator->setLimit(GeneratorPanel::Limit::Time, 0, 6);
    QTest::mouseClick(child<QPushButton>("generatorStartButton"), Qt::LeftButton);
    QTest::mouseClick(child<QPushButton>("byteFlowPinButton"), Qt::LeftButton); // keep it charted
    showDock("byteFlowDock");
    auto* sampler = m_window->findChild<RateSampler*>();
    const std::int64_t start = sampler->newest();
    QTRY_VERIFY_WITH_TIMEOUT(sampler->newest() >= start + 35, 10000); // 3.5 s of samples
    QVERIFY(generator->isRunning());
    select(text.accepted);
    saveScreenshot(m_window.get(), "flow-window");
    saveScreenshot(child<QDockWidget>("byteFlowDock"), "flow-byteflow");
    saveScreenshot(child<QDockWidget>("generatorDock"), "flow-generator");
    showDock("payloadDock");
    QTRY_VERIFY(!m_window->findChild<PayloadPanel*>()->viewer()->shownLines().isEmpty());
    saveScreenshot(child<QDockWidget>("payloadDock"), "flow-payload");
    saveScreenshot(m_window.get(), "flow-window-payload");
    generator->stop();
    QTRY_VERIFY(!generator->isRunning());

    // The journal after seconds of stream: every received byte is accounted for, in a line
    // per second of stream or per pause, not one per frame (which buried everything else).
    const sks::SocketInfo* received = m_sockets->info(bulk.accepted);
    std::uint64_t journaled = 0;
    int lines = 0;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
        journaled = 0;
        lines = 0;
        const JournalModel& journal = *m_bridge->journal();
        for (int row = 0; row < journal.rowCount(); ++row)
            if (const sks::JournalEntry& e = journal.entry(row); e.socket == bulk.accepted && e.call == "recv" && e.result > 0) {
                journaled += std::uint64_t(e.result);
                ++lines;
            }
        return journaled == received->bytesIn;
    }()), 5000);
    QVERIFY2(lines >= 1 && lines <= 12, qPrintable(QString::number(lines) + QStringLiteral(" lines")));
    showDock("journalDock");
    saveScreenshot(m_window.get(), "flow-window-journal");
}

QTEST_MAIN(TestFlowPanels)
#include "tst_flowpanels.moc"
