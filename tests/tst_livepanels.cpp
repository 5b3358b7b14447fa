// The live panels on real loopback sockets, under the offscreen platform: listeners and
// their accept queues, the descriptor table, ports, the sequence diagram (arrows, clicks,
// SVG and PNG export) and the remembered window layout.
#include "app/descriptorsmodel.h"
#include "app/descriptorspanel.h"
#include "app/enginebridge.h"
#include "app/hinttreeview.h"
#include "app/journalmodel.h"
#include "app/journalpanel.h"
#include "app/listenersmodel.h"
#include "app/listenerspanel.h"
#include "app/mainwindow.h"
#include "app/portsmodel.h"
#include "app/portspanel.h"
#include "app/sequencediagram.h"
#include "app/sequencepanel.h"
#include "app/sequenceview.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "app/visibilitywatch.h"
#include "appfixture.h"
#include "testsupport.h"

#include <sys/stat.h>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

using namespace testsupport;
using Arrow = SequenceDiagram::Arrow;
using ArrowKind = SequenceDiagram::ArrowKind;

class TestLivePanels final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void modelsPassTheTester();
    void listenerShowsItsAcceptQueue();
    void overflowingQueueIsSaidInWords();
    void descriptorsShowFdAndInode();
    void passedDescriptorShowsTwoFdsOneInode();
    void portsMarkEphemeralAndListening();
    void sequenceDiagramDrawsTheConversation();
    void clickingAnArrowSelectsTheJournalEntry();
    void resetIsDrawn();
    void sequenceExportsSvgAndPng();
    void sequenceStaysFastWithThousandsOfEntries();
    void layoutRoundTripsThroughSettings();
    void hiddenPanelsRest();

private:
    sks::SocketId listener(int backlog);
    sks::SocketId connectedClient(sks::SocketId server);
    sks::SocketId acceptOne(sks::SocketId server);
    struct Conversation {
        sks::SocketId server = 0;
        sks::SocketId client = 0;
        sks::SocketId accepted = 0;
    };
    Conversation converse();
    template <class Panel> Panel* raise(const char* dockName);
    int arrowOf(ArrowKind kind, sks::SocketId from) const;
    static void doubleClick(QAbstractItemView* view, const QModelIndex& index);
    void saveScreenshot(const char* name, QWidget* widget = nullptr);

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_files;
    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
};

void TestLivePanels::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QVERIFY(m_files.isValid());
    // Never read or overwrite the layout of the person running the tests.
    qputenv("SOCKSCOPE_SETTINGS_DIR", m_settingsDir.path().toLocal8Bit());
}

void TestLivePanels::init()
{
    QFile::remove(m_settingsDir.filePath(QStringLiteral("Sockscope.ini")));
    const QString failed = testsupport::startApp(m_engine, m_bridge, m_window, QSize(1280, 800));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestLivePanels::cleanup()
{
    m_window.reset();
    m_bridge.reset();
    m_engine.reset();
}

sks::SocketId TestLivePanels::listener(int backlog)
{
    const sks::SocketId id = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Server);
    m_bridge->post(sks::cmd::Bind{id, sks::Endpoint::ipv4Loopback(0)});
    m_bridge->post(sks::cmd::Listen{id, backlog});
    return waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Listening) ? id : 0;
}

sks::SocketId TestLivePanels::connectedClient(sks::SocketId server)
{
    const sks::SocketId id = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Client);
    m_bridge->post(sks::cmd::Connect{id, m_bridge->sockets()->info(server)->local});
    return waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Connected) ? id : 0;
}

sks::SocketId TestLivePanels::acceptOne(sks::SocketId server)
{
    const auto before = m_bridge->sockets()->info(server)->acceptedCount;
    m_bridge->post(sks::cmd::Accept{server});
    if (!waitSocket(*m_bridge->sockets(), server, [&](const auto& s) { return s.acceptedCount == before + 1; }))
        return 0;
    const JournalModel& journal = *m_bridge->journal();
    for (int row = journal.rowCount() - 1; row >= 0; --row)
        if (journal.entry(row).socket == server && journal.entry(row).call == "accept" && journal.entry(row).newSocket)
            return waitSocketState(*m_bridge->sockets(), journal.entry(row).newSocket, sks::SocketState::Accepted)
                ? journal.entry(row).newSocket : 0;
    return 0;
}

// server listens, client connects, server accepts; client sends "hello\n", the accepted
// socket reads it; the client shuts down writing and the accepted socket reads the EOF.
TestLivePanels::Conversation TestLivePanels::converse()
{
    Conversation c;
    c.server = listener(5);
    c.client = c.server ? connectedClient(c.server) : 0;
    c.accepted = c.client ? acceptOne(c.server) : 0;
    if (!c.accepted)
        return {};
    SocketsModel& sockets = *m_bridge->sockets();
    m_bridge->post(sks::cmd::Send{c.client, "hello\n"});
    m_bridge->post(sks::cmd::Recv{c.accepted, 4096});
    if (!waitSocket(sockets, c.accepted, [](const auto& s) { return s.bytesIn == 6; }))
        return {};
    m_bridge->post(sks::cmd::Send{c.accepted, "hi"});
    m_bridge->post(sks::cmd::Recv{c.client, 4096});
    m_bridge->post(sks::cmd::Shutdown{c.client, sks::ShutdownHow::Write});
    m_bridge->post(sks::cmd::Recv{c.accepted, 4096});
    if (waitJournalCall(*m_bridge->journal(), c.client, "shutdown") < 0
        || !waitSocket(sockets, c.client, [](const auto& s) { return s.bytesIn == 2; }))
        return {};
    return c;
}

template <class Panel>
Panel* TestLivePanels::raise(const char* dockName)
{
    auto* dock = m_window->findChild<QDockWidget*>(QString::fromLatin1(dockName));
    if (!dock)
        return nullptr;
    dock->show();
    dock->raise();
    auto* panel = qobject_cast<Panel*>(dock->widget());
    if (!panel)
        return nullptr;
    // Panels that work only while seen start once their tab is in front.
    auto* watch = panel->template findChild<VisibilityWatch*>();
    return QTest::qWaitFor([panel, watch] { return panel->isVisible() && (!watch || watch->isShown()); }) ? panel : nullptr;
}

int TestLivePanels::arrowOf(ArrowKind kind, sks::SocketId from) const
{
    const SequenceDiagram& diagram = *m_window->findChild<SequencePanel*>()->diagram();
    for (int i = 0; i < diagram.arrowCount(); ++i)
        if (diagram.arrow(i).kind == kind && diagram.arrow(i).from == from)
            return i;
    return -1;
}

// A view acts on a double-click only on the row the press went to, as with a real mouse.
void TestLivePanels::doubleClick(QAbstractItemView* view, const QModelIndex& index)
{
    view->scrollTo(index);
    const QPoint centre = view->visualRect(index).center();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, centre);
}

// SOCKSCOPE_SCREENSHOT_DIR=/tmp saves the window (or `widget`) as /tmp/<name>.png.
void TestLivePanels::saveScreenshot(const char* name, QWidget* widget)
{
    const QString dir = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(50); // let queued repaints land before grabbing
    QWidget* target = widget ? widget : m_window.get();
    QVERIFY(target->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png")));
}

void TestLivePanels::modelsPassTheTester()
{

    const SocketsModel& sockets = *m_bridge->sockets();
    ListenersModel listeners(sockets);
    PortsModel ports(sockets, PortsModel::readEphemeralRange());
    DescriptorsModel descriptors(sockets, m_engine->notifyFd());
    ports.setActive(true);
    descriptors.setActive(true);
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    QAbstractItemModelTester listenersTester(&listeners, Mode::QtTest);
    QAbstractItemModelTester portsTester(&ports, Mode::QtTest);
    QAbstractItemModelTester descriptorsTester(&descriptors, Mode::QtTest);

    const sks::SocketId server = listener(5);
    QVERIFY(server);
    std::vector<sks::SocketId> clients;
    for (int i = 0; i < 3; ++i)
        clients.push_back(connectedClient(server));
    QVERIFY(acceptOne(server));
    QTRY_COMPARE(listeners.rowCount(), 1);
    QTRY_VERIFY(ports.rowCount() >= 4); // the server's port and three client ports
    QTRY_VERIFY(descriptors.rowOfFd(sockets.info(clients.back())->fd) >= 0);
    for (const sks::SocketId id : clients)
        m_bridge->post(sks::cmd::Close{id});
    m_bridge->post(sks::cmd::Close{server});
    QTRY_COMPARE(listeners.rowCount(), 0);
    QTRY_COMPARE(ports.rowCount(), 2); // the accepted socket's ports remain
    QTRY_COMPARE(descriptors.socketRowCount(), 1);
}

void TestLivePanels::listenerShowsItsAcceptQueue()
{
    auto* panel = raise<ListenersPanel>("listenersDock");
    QVERIFY(panel);
    const sks::SocketId server = listener(5);
    QVERIFY(server);
    for (int i = 0; i < 3; ++i)
        QVERIFY(connectedClient(server));
    const ListenersModel& model = *panel->model();
    QTRY_COMPARE(model.rowCount(), 1);
    const auto queue = [&](int role) { return model.index(0, ListenersModel::Queue).data(role); };
    QTRY_COMPARE(queue(ListenersModel::QueueLengthRole).toUInt(), 3u);
    QCOMPARE(queue(ListenersModel::QueueLimitRole).toUInt(), 5u);
    QCOMPARE(queue(Qt::DisplayRole).toString(), QStringLiteral("3 / 5 waiting"));
    QCOMPARE(queue(ListenersModel::OverflowRole).toInt(), int(ListenersModel::NoOverflow));
    QCOMPARE(model.index(0, ListenersModel::Backlog).data().toInt(), 5);
    QCOMPARE(model.index(0, ListenersModel::Accepting).data().toString(), QStringLiteral("manual"));
    QCOMPARE(model.index(0, ListenersModel::Address).data().toString(),
             QString::fromStdString(m_bridge->sockets()->info(server)->local.toString()));
    saveScreenshot("livepanels-listeners");

    // Accepting one makes room; the count of accepted connections goes up.
    QVERIFY(acceptOne(server));
    QTRY_COMPARE(queue(ListenersModel::QueueLengthRole).toUInt(), 2u);
    QCOMPARE(model.index(0, ListenersModel::Accepted).data().toULongLong(), 1ull);

    // Activating the row selects the listener in the sockets tree.
    const QModelIndex row = model.index(0, ListenersModel::Address);
    doubleClick(panel->view(), row);
    QTRY_COMPARE(m_window->socketsPanel()->currentSocket(), server);
}

void TestLivePanels::overflowingQueueIsSaidInWords()
{
    auto* panel = raise<ListenersPanel>("listenersDock");
    QVERIFY(panel);
    const sks::SocketId server = listener(1);
    QVERIFY(server);
    for (int i = 0; i < 4; ++i) {
        const sks::SocketId c = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Client);
        m_bridge->post(sks::cmd::SetBlocking{c, false});
        m_bridge->post(sks::cmd::Connect{c, m_bridge->sockets()->info(server)->local});
    }
    const QModelIndex queue = panel->model()->index(0, ListenersModel::Queue);
    QTRY_COMPARE(queue.data(ListenersModel::OverflowRole).toInt(), int(ListenersModel::OverflowingNow));
    QVERIFY2(queue.data().toString().contains(QStringLiteral("full, dropping")),
             qPrintable(queue.data().toString()));
    QVERIFY(queue.data().toString().startsWith(QStringLiteral("⚠")));
    saveScreenshot("livepanels-listener-overflow", panel);
}

void TestLivePanels::descriptorsShowFdAndInode()
{
    auto* panel = raise<DescriptorsPanel>("descriptorsDock");
    QVERIFY(panel);
    const sks::SocketId server = listener(5);
    QVERIFY(server);
    const int fd = m_bridge->sockets()->info(server)->fd;
    struct stat st {};
    QCOMPARE(::fstat(fd, &st), 0);
    const DescriptorsModel& model = *panel->model();
    QTRY_VERIFY(model.rowOfFd(fd) >= 0 && model.index(model.rowOfFd(fd), 0).data(DescriptorsModel::SocketIdRole).value<sks::SocketId>() == server);
    const int row = model.rowOfFd(fd);
    QCOMPARE(model.index(row, DescriptorsModel::Fd).data().toInt(), fd);
    QCOMPARE(model.index(row, 0).data(DescriptorsModel::InodeRole).toULongLong(), qulonglong(st.st_ino));
    QCOMPARE(model.index(row, DescriptorsModel::Target).data().toString(), QStringLiteral("socket:[%1]").arg(st.st_ino));
    QCOMPARE(model.index(row, DescriptorsModel::Socket).data().toString(), QStringLiteral("#%1").arg(server));
    QCOMPARE(model.index(row, DescriptorsModel::State).data().toString(), QStringLiteral("listening"));

    // The standard descriptors and the engine's own are there too, named as the kernel names them.
    for (int standard = 0; standard <= 2; ++standard)
        QVERIFY(model.rowOfFd(standard) >= 0);
    const int notify = model.rowOfFd(m_engine->notifyFd());
    QVERIFY(notify >= 0);
    QCOMPARE(model.index(notify, DescriptorsModel::Target).data().toString(), QStringLiteral("anon_inode:[eventfd]"));
    QVERIFY(model.index(notify, DescriptorsModel::About).data().toString().startsWith(QStringLiteral("engine → GUI")));
    bool engineEpoll = false;
    for (int r = 0; r < model.rowCount(); ++r)
        engineEpoll = engineEpoll || (model.index(r, DescriptorsModel::Target).data().toString() == QStringLiteral("anon_inode:[eventpoll]")
                                      && model.index(r, DescriptorsModel::About).data().toString().startsWith(QStringLiteral("the engine's event loop")));
    QVERIFY(engineEpoll);
    saveScreenshot("livepanels-descriptors");

    // Activating the row selects the socket in the tree.
    const QModelIndex cell = model.index(row, DescriptorsModel::Target);
    doubleClick(panel->view(), cell);
    QTRY_COMPARE(m_window->socketsPanel()->currentSocket(), server);

    // Closed: the fd leaves the table.
    m_bridge->post(sks::cmd::Close{server});
    QTRY_VERIFY(model.rowOfFd(fd) < 0 || model.index(model.rowOfFd(fd), 0).data(DescriptorsModel::SocketIdRole).value<sks::SocketId>() != server);
}

void TestLivePanels::passedDescriptorShowsTwoFdsOneInode()
{
    auto* panel = raise<DescriptorsPanel>("descriptorsDock");
    QVERIFY(panel);
    SocketsModel& sockets = *m_bridge->sockets();
    const sks::SocketId a = m_engine->newSocketId();
    const sks::SocketId b = m_engine->newSocketId();
    m_bridge->post(sks::cmd::SocketPair{a, b, sks::SockType::Stream});
    const sks::SocketId passed = listener(5);
    QVERIFY(passed);
    QVERIFY(waitSocketState(sockets, b, sks::SocketState::Connected));
    m_bridge->post(sks::cmd::SendFd{a, passed, "F"});
    m_bridge->post(sks::cmd::RecvFd{b, 16});
    sks::SocketId received = 0;
    QTRY_VERIFY(std::ranges::any_of(sockets.allSockets(), [&](const sks::SocketInfo* s) {
        received = s->sameSocketAs == passed && s->fd >= 0 ? s->id : 0;
        return received != 0;
    }));
    const int fd1 = sockets.info(passed)->fd;
    const int fd2 = sockets.info(received)->fd;
    QVERIFY(fd1 != fd2);
    const DescriptorsModel& model = *panel->model();
    const auto socketAt = [&](int fd) {
        const int row = model.rowOfFd(fd);
        return row < 0 ? sks::SocketId(0) : model.index(row, 0).data(DescriptorsModel::SocketIdRole).value<sks::SocketId>();
    };
    QTRY_VERIFY(socketAt(fd1) == passed && socketAt(fd2) == received);
    const QModelIndex first = model.index(model.rowOfFd(fd1), DescriptorsModel::About);
    const QModelIndex second = model.index(model.rowOfFd(fd2), DescriptorsModel::About);
    QCOMPARE(first.data(DescriptorsModel::InodeRole), second.data(DescriptorsModel::InodeRole));
    QVERIFY(first.data(DescriptorsModel::InodeRole).toULongLong() != 0);
    QVERIFY2(first.data().toString().startsWith(QStringLiteral("same socket as fd %1").arg(fd2)), qPrintable(first.data().toString()));
    QVERIFY2(second.data().toString().startsWith(QStringLiteral("same socket as fd %1").arg(fd1)), qPrintable(second.data().toString()));
    saveScreenshot("livepanels-descriptors-passed");
}

void TestLivePanels::portsMarkEphemeralAndListening()
{
    auto* panel = raise<PortsPanel>("portsDock");
    QVERIFY(panel);
    const sks::SocketId server = listener(5);
    QVERIFY(server);
    const sks::SocketId client = connectedClient(server);
    QVERIFY(client);
    const int serverPort = m_bridge->sockets()->info(server)->local.port();
    const int clientPort = m_bridge->sockets()->info(client)->local.port();
    const PortsModel& model = *panel->model();
    const auto [low, high] = model.ephemeralRange();
    QVERIFY(low > 0 && low <= clientPort && clientPort <= high);
    QTRY_VERIFY(model.rowOf(clientPort, false) >= 0 && model.rowOf(serverPort, false) >= 0);

    const int clientRow = model.rowOf(clientPort, false);
    QVERIFY(model.index(clientRow, 0).data(PortsModel::EphemeralRole).toBool());
    QVERIFY(!model.index(clientRow, 0).data(PortsModel::ListeningRole).toBool());
    QCOMPARE(model.index(clientRow, PortsModel::Kind).data().toString(), QStringLiteral("ephemeral"));
    QCOMPARE(model.index(clientRow, PortsModel::Protocol).data().toString(), QStringLiteral("TCP"));
    QVERIFY(model.index(clientRow, PortsModel::Range).data().toString().startsWith(QStringLiteral("in range")));
    QVERIFY2(model.index(clientRow, PortsModel::UsedBy).data().toString().startsWith(QStringLiteral("#%1 client (local)").arg(client)),
             qPrintable(model.index(clientRow, PortsModel::UsedBy).data().toString()));

    const int serverRow = model.rowOf(serverPort, false);
    QVERIFY(model.index(serverRow, 0).data(PortsModel::ListeningRole).toBool());
    QVERIFY(model.index(serverRow, PortsModel::Kind).data().toString().startsWith(QStringLiteral("★ listening")));
    QVERIFY(model.index(serverRow, PortsModel::Kind).data(Qt::FontRole).value<QFont>().bold());
    const QString usedBy = model.index(serverRow, PortsModel::UsedBy).data().toString();
    QVERIFY2(usedBy.contains(QStringLiteral("#%1 listening (local)").arg(server))
                 && usedBy.contains(QStringLiteral("#%1 client (peer)").arg(client)),
             qPrintable(usedBy));
    saveScreenshot("livepanels-ports");
}

void TestLivePanels::sequenceDiagramDrawsTheConversation()
{
    auto* panel = raise<SequencePanel>("sequenceDock");
    QVERIFY(panel);
    const Conversation c = converse();
    QVERIFY(c.accepted);
    const SequenceDiagram& diagram = *panel->diagram();
    QTRY_VERIFY(arrowOf(ArrowKind::Fin, c.client) >= 0 && diagram.arrow(arrowOf(ArrowKind::Fin, c.client)).landed);

    const int connectArrow = arrowOf(ArrowKind::Connect, c.client);
    QVERIFY(connectArrow >= 0);
    QCOMPARE(diagram.arrow(connectArrow).to, c.accepted);
    const int hello = arrowOf(ArrowKind::Data, c.client);
    QVERIFY(hello >= 0);
    QVERIFY(diagram.arrow(hello).landed);
    QCOMPARE(diagram.arrow(hello).to, c.accepted);
    const int reply = arrowOf(ArrowKind::Data, c.accepted);
    QVERIFY(reply >= 0);
    QCOMPARE(diagram.arrow(reply).to, c.client);
    QCOMPARE(diagram.arrow(arrowOf(ArrowKind::Fin, c.client)).to, c.accepted);
    // One lane per socket, named like "#1 srv fd 5".
    QCOMPARE(diagram.laneCount(), 3);
    QCOMPARE(diagram.laneTitle(diagram.laneOf(c.server)),
             QStringLiteral("#%1 srv fd %2").arg(c.server).arg(m_bridge->sockets()->info(c.server)->fd));
    QCOMPARE(diagram.laneSubtitle(diagram.laneOf(c.server)),
             QString::fromStdString(m_bridge->sockets()->info(c.server)->local.toString()));
    QVERIFY(panel->view()->isAtBottom());
    saveScreenshot("livepanels-sequence");
    saveScreenshot("livepanels-sequence-view", panel);
}

void TestLivePanels::clickingAnArrowSelectsTheJournalEntry()
{
    auto* panel = raise<SequencePanel>("sequenceDock");
    QVERIFY(panel);
    const Conversation c = converse();
    QVERIFY(c.accepted);
    const SequenceDiagram& diagram = *panel->diagram();
    QTRY_VERIFY(arrowOf(ArrowKind::Data, c.client) >= 0);
    const int hello = arrowOf(ArrowKind::Data, c.client);
    const std::uint64_t seq = diagram.row(diagram.arrow(hello).entryRow).seq;
    QCOMPARE(m_bridge->journal()->entry(static_cast<int>(seq)).call, std::string("send"));

    SequenceView* view = panel->view();
    const QPoint point = view->revealArrow(hello);
    QVERIFY(view->viewport()->rect().contains(point));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, point);
    QTableView* journal = m_window->journalPanel()->view();
    QTRY_COMPARE(journal->currentIndex().row(), static_cast<int>(seq));
    QCOMPARE(view->selectedSeq(), seq);

    // And the other way: choosing a journal row highlights it in the diagram.
    const int acceptRow = findJournalRow(*m_bridge->journal(), [&](const auto& e) { return e.call == "accept" && e.socket == c.server; });
    m_window->journalPanel()->selectSeq(static_cast<std::uint64_t>(acceptRow));
    QCOMPARE(view->selectedSeq(), static_cast<std::uint64_t>(acceptRow));
}

void TestLivePanels::resetIsDrawn()
{
    auto* panel = raise<SequencePanel>("sequenceDock");
    QVERIFY(panel);
    const sks::SocketId server = listener(5);
    const sks::SocketId client = connectedClient(server);
    const sks::SocketId accepted = acceptOne(server);
    QVERIFY(accepted);
    // Closing with unread bytes makes the kernel answer with RST instead of FIN.
    m_bridge->post(sks::cmd::Send{client, "unread"});
    QVERIFY(waitSocket(*m_bridge->sockets(), accepted, [](const auto& s) { return s.recvQueue == 6; }));
    m_bridge->post(sks::cmd::Close{accepted});
    QVERIFY(waitSocketState(*m_bridge->sockets(), accepted, sks::SocketState::Closed));
    m_bridge->post(sks::cmd::Recv{client, 4096});
    const int row = waitJournalCall(*m_bridge->journal(), client, "recv");
    QVERIFY(row >= 0);
    QCOMPARE(m_bridge->journal()->entry(row).error, ECONNRESET);
    QTRY_VERIFY(arrowOf(ArrowKind::Reset, accepted) >= 0);
    const Arrow& reset = panel->diagram()->arrow(arrowOf(ArrowKind::Reset, accepted));
    QCOMPARE(reset.to, client);
    QCOMPARE(panel->diagram()->row(reset.entryRow).seq, std::uint64_t(row));
    saveScreenshot("livepanels-sequence-reset", panel);
}

void TestLivePanels::sequenceExportsSvgAndPng()
{
    // The diagram rests while its tab is hidden; exporting catches it up first.
    auto* panel = m_window->findChild<SequencePanel*>();
    QVERIFY(panel);
    QTest::qWait(20);
    QVERIFY(!panel->findChild<VisibilityWatch*>()->isShown());
    const Conversation c = converse();
    QVERIFY(c.accepted);
    QVERIFY(!panel->diagram()->isActive());
    QCOMPARE(panel->diagram()->rowCount(), 0);

    const QString svgPath = m_files.filePath(QStringLiteral("sequence.svg"));
    QVERIFY(panel->exportSvg(svgPath));
    QFile svg(svgPath);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg);
    QString texts;
    bool rootIsSvg = false;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && !rootIsSvg)
            rootIsSvg = xml.name() == QLatin1String("svg");
        if (xml.isCharacters())
            texts += xml.text().toString() + QLatin1Char('\n');
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(rootIsSvg);
    const SocketsModel& sockets = *m_bridge->sockets();
    for (const auto& [id, role] : {std::pair(c.server, "srv"), std::pair(c.client, "cli"), std::pair(c.accepted, "acc")})
        QVERIFY2(texts.contains(QStringLiteral("#%1 %2 fd %3").arg(id).arg(QLatin1String(role)).arg(sockets.info(id)->fd)),
                 qPrintable(texts));
    QVERIFY(texts.contains(QString::fromStdString(sockets.info(c.server)->local.toString())));
    QVERIFY(texts.contains(QStringLiteral("connect → accept")));
    QVERIFY(texts.contains(QStringLiteral("send 6 B")));
    QVERIFY(texts.contains(QStringLiteral("FIN")));
    QVERIFY(!panel->diagram()->isActive());
    QVERIFY(arrowOf(ArrowKind::Fin, c.client) >= 0);

    const QString pngPath = m_files.filePath(QStringLiteral("sequence.png"));
    QVERIFY(panel->exportPng(pngPath));
    const QImage png(pngPath);
    QVERIFY(!png.isNull());
    QVERIFY(png.width() > 300 && png.height() > 100);
    int dark = 0;
    for (int y = 0; y < png.height(); y += 2)
        for (int x = 0; x < png.width(); x += 2)
            dark += qGray(png.pixel(x, y)) < 128;
    QVERIFY2(dark > 200, qPrintable(QString::number(dark))); // text and lines, not a blank page
    const QString dir = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QFile::remove(dir + QStringLiteral("/livepanels-export.png"));
        QFile::remove(dir + QStringLiteral("/livepanels-export.svg"));
        QVERIFY(QFile::copy(pngPath, dir + QStringLiteral("/livepanels-export.png")));
        QVERIFY(QFile::copy(svgPath, dir + QStringLiteral("/livepanels-export.svg")));
    }
}

void TestLivePanels::sequenceStaysFastWithThousandsOfEntries()
{
    auto* panel = raise<SequencePanel>("sequenceDock");
    QVERIFY(panel);
    const sks::SocketId a = m_engine->newSocketId();
    const sks::SocketId b = m_engine->newSocketId();
    m_bridge->post(sks::cmd::SocketPair{a, b, sks::SockType::Stream});
    constexpr int messages = 3000;
    for (int i = 0; i < messages; ++i) {
        m_bridge->post(sks::cmd::Send{a, "ping"});
        m_bridge->post(sks::cmd::Recv{b, 4});
    }
    QVERIFY(waitSocket(*m_bridge->sockets(), b, [](const auto& s) { return s.bytesIn == 4u * messages; }, 30000));
    const SequenceDiagram& diagram = *panel->diagram();
    QTRY_VERIFY(diagram.arrowCount() == messages && diagram.arrow(messages - 1).landed);
    QVERIFY(panel->view()->isAtBottom()); // it followed the newest rows
    QElapsedTimer timer;
    timer.start();
    constexpr int paints = 20;
    for (int i = 0; i < paints; ++i)
        panel->view()->viewport()->repaint();
    QVERIFY2(timer.elapsed() < paints * 16, qPrintable(QStringLiteral("%1 ms for %2 paints").arg(timer.elapsed()).arg(paints)));
    saveScreenshot("livepanels-sequence-many", panel);
}

void TestLivePanels::layoutRoundTripsThroughSettings()
{
    auto* ports = m_window->findChild<QDockWidget*>(QStringLiteral("portsDock"));
    auto* listeners = m_window->findChild<QDockWidget*>(QStringLiteral("listenersDock"));
    QVERIFY(ports && listeners);
    QVERIFY(listeners->isVisible());
    listeners->close();
    // A size the docks allow (their minimum widths add up).
    const QSize wanted(std::max(1100, m_window->minimumSizeHint().width()) + 20, 720);
    m_window->resize(wanted);
    QTRY_COMPARE(m_window->size(), wanted);
    QVERIFY(m_window->close()); // saves
    QVERIFY(QFile::exists(m_settingsDir.filePath(QStringLiteral("Sockscope.ini"))));

    m_window = std::make_unique<MainWindow>(*m_bridge);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    listeners = m_window->findChild<QDockWidget*>(QStringLiteral("listenersDock"));
    QVERIFY(!listeners->isVisible());
    QVERIFY(!listeners->toggleViewAction()->isChecked());
    QCOMPARE(m_window->size(), wanted);

    // View > Reset layout brings every panel back.
    auto* reset = m_window->findChild<QAction*>(QStringLiteral("resetLayoutAction"));
    QVERIFY(reset);
    reset->trigger();
    QTRY_VERIFY(listeners->isVisible());
    for (const char* name : {"listenersDock", "descriptorsDock", "portsDock", "sequenceDock"})
        QVERIFY2(m_window->findChild<QDockWidget*>(QString::fromLatin1(name))->toggleViewAction()->isChecked(), name);
    saveScreenshot("livepanels-window");
}

// Panels behind another tab cost nothing: no /proc reads, no port passes, no diagram.
void TestLivePanels::hiddenPanelsRest()
{
    auto* descriptors = m_window->findChild<DescriptorsPanel*>();
    auto* ports = m_window->findChild<PortsPanel*>();
    auto* sequence = m_window->findChild<SequencePanel*>();
    QTest::qWait(20);
    QVERIFY(!descriptors->model()->isActive());
    QVERIFY(!ports->model()->isActive());
    QVERIFY(!sequence->diagram()->isActive());
    QVERIFY(raise<DescriptorsPanel>("descriptorsDock"));
    QTRY_VERIFY(descriptors->model()->isActive());
    QVERIFY(!ports->model()->isActive());
    QVERIFY(raise<JournalPanel>("journalDock"));
    QTRY_VERIFY(!descriptors->model()->isActive());
    QVERIFY(raise<SequencePanel>("sequenceDock"));
    QVERIFY(sequence->diagram()->isActive());
    // Closing the dock stops it too.
    m_window->findChild<QDockWidget*>(QStringLiteral("sequenceDock"))->close();
    QTRY_VERIFY(!sequence->diagram()->isActive());
}

QTEST_MAIN(TestLivePanels)
#include "tst_livepanels.moc"
