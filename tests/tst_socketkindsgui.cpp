// Every kind of socket created and driven through the real widgets — the "New socket"
// box, the call rows, the options dock and the received dock — on real loopback and Unix
// sockets, under the offscreen platform.
#include "app/actionspanel.h"
#include "app/enginebridge.h"
#include "app/journalmodel.h"
#include "app/mainwindow.h"
#include "app/newsocketbox.h"
#include "app/receivedmodel.h"
#include "app/receivedpanel.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "appfixture.h"
#include "testsupport.h"

#include <unistd.h>

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QTreeView>

#include <cerrno>
#include <memory>

using namespace testsupport;
using Kind = NewSocketBox::Kind;

class TestSocketKindsGui final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void everyKindFromTheGui_data();
    void everyKindFromTheGui();
    void unixAbstractNameHasNoFile();
    void unixKeptFileStaysAfterClose();
    void unixPathTooLongIsCaughtInTheGui();
    void udpDatagramsShowTheirSenderAndTruncation();
    void socketPairEndsAreLinked();
    void passedDescriptorIsTheSameSocket();
    void optionsApplyAndShowTheKernelValue();
    void optionsThatDoNotApplyAreGreyed();
    void receivedModelKeepsTheNewestRows();

private:
    template <class T> T* widget(const char* objectName) const;
    void click(const char* objectName);
    void selectRow(sks::SocketId id);
    sks::SocketId create(Kind kind, sks::Family family = sks::Family::IPv4);
    bool bindTo(sks::SocketId id, const QString& endpoint = {});
    void typeInto(QWidget* edit, const QString& text);
    QString cell(sks::SocketId id, SocketsModel::Column column) const;
    QString details() const;
    const sks::SocketInfo& info(sks::SocketId id) const { return *m_bridge->sockets()->info(id); }
    QDockWidget* raiseDock(const char* objectName);
    void saveScreenshot(const char* name, QWidget* what = nullptr);

    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_receivedTester;
};

void TestSocketKindsGui::init()
{
    const QString failed = testsupport::startApp(m_engine, m_bridge, m_window, QSize(1280, 800));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    auto* received = m_window->findChild<ReceivedPanel*>();
    QVERIFY(received);
    m_receivedTester = std::make_unique<QAbstractItemModelTester>(
        received->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestSocketKindsGui::cleanup()
{
    m_receivedTester.reset();
    m_window.reset();
    m_bridge.reset();
    m_engine.reset();
}

template <class T>
T* TestSocketKindsGui::widget(const char* objectName) const
{
    return m_window->findChild<T*>(QString::fromLatin1(objectName));
}

void TestSocketKindsGui::click(const char* objectName)
{
    auto* button = widget<QPushButton>(objectName);
    QVERIFY2(button, objectName);
    QVERIFY2(button->isVisible(), objectName);
    QVERIFY2(button->isEnabled(), objectName);
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestSocketKindsGui::selectRow(sks::SocketId id)
{
    QTreeView* view = m_window->socketsPanel()->view();
    const QModelIndex index = m_bridge->sockets()->indexOf(id, SocketsModel::Kind);
    QVERIFY(index.isValid());
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QCOMPARE(m_window->actionsPanel()->socket(), id);
}

// Picks `kind` in the kind box and presses Create; returns the new (first) socket once it
// is selected, or 0.
sks::SocketId TestSocketKindsGui::create(Kind kind, sks::Family family)
{
    auto* families = widget<QComboBox>("familyCombo");
    families->setCurrentIndex(families->findData(static_cast<int>(family)));
    auto* kinds = widget<QComboBox>("kindCombo");
    kinds->setCurrentIndex(kinds->findData(QVariant::fromValue(kind)));
    const int before = m_bridge->sockets()->socketCount();
    const bool pair = kind == Kind::PairStream || kind == Kind::PairDatagram || kind == Kind::PairSeqPacket;
    QTest::mouseClick(widget<QPushButton>("createKindButton"), Qt::LeftButton);
    if (!QTest::qWaitFor([&] { return m_bridge->sockets()->socketCount() == before + (pair ? 2 : 1); }))
        return 0;
    const sks::SocketId id = m_bridge->sockets()->allSockets()[static_cast<std::size_t>(before)]->id;
    return QTest::qWaitFor([&] { return m_window->actionsPanel()->socket() == id; }) ? id : 0;
}

void TestSocketKindsGui::typeInto(QWidget* edit, const QString& text)
{
    edit->setFocus();
    QTest::keyClick(edit, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

// Binds the selected socket `id` to `endpoint` (empty: the proposed default); true once bound.
bool TestSocketKindsGui::bindTo(sks::SocketId id, const QString& endpoint)
{
    if (!endpoint.isEmpty()) {
        auto* edit = widget<QLineEdit>("bindEndpointEdit");
        edit->setText(endpoint);
    }
    QTest::mouseClick(widget<QPushButton>("bindButton"), Qt::LeftButton);
    const int row = waitJournalCall(*m_bridge->journal(), id, "bind");
    if (row < 0 || m_bridge->journal()->entry(row).failed())
        return false;
    return waitSocket(*m_bridge->sockets(), id, [](const auto& s) { return !s.local.isEmpty(); });
}

QString TestSocketKindsGui::cell(sks::SocketId id, SocketsModel::Column column) const
{
    return m_bridge->sockets()->indexOf(id, column).data().toString();
}

QString TestSocketKindsGui::details() const
{
    return widget<QLabel>("socketDetails")->text();
}

QDockWidget* TestSocketKindsGui::raiseDock(const char* objectName)
{
    auto* dock = widget<QDockWidget>(objectName);
    if (dock) {
        dock->show();
        dock->raise();
        static_cast<void>(QTest::qWaitFor([dock] { return dock->widget()->isVisible(); }));
    }
    return dock;
}

// SOCKSCOPE_SCREENSHOT_DIR=/tmp saves the window as /tmp/<name>.png, for a visual check.
void TestSocketKindsGui::saveScreenshot(const char* name, QWidget* what)
{
    const QString dir = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QCoreApplication::sendPostedEvents(); // pending re-layouts, so the picture is current
    QCoreApplication::processEvents();
    QVERIFY((what ? what : m_window.get())->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png")));
}

void TestSocketKindsGui::everyKindFromTheGui_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("family");
    QTest::addColumn<QString>("kindText");
    QTest::addColumn<QString>("socketCall");
    QTest::addColumn<QString>("visibleRow"); // a call row this kind shows
    QTest::addColumn<QString>("hiddenRow");  // and one it hides
    const int v4 = int(sks::Family::IPv4);
    const int v6 = int(sks::Family::IPv6);
    QTest::newRow("TCP/IPv4 server") << Kind::TcpServer << v4 << "TCP/IPv4" << "socket(AF_INET, SOCK_STREAM, 0)"
                                     << "listenButton" << "sendToButton";
    QTest::newRow("TCP/IPv6 client") << Kind::TcpClient << v6 << "TCP/IPv6" << "socket(AF_INET6, SOCK_STREAM, 0)"
                                     << "connectButton" << "recvMsgButton";
    QTest::newRow("UDP/IPv4") << Kind::Udp << v4 << "UDP/IPv4" << "socket(AF_INET, SOCK_DGRAM, 0)"
                              << "sendToButton" << "listenButton";
    QTest::newRow("UDP/IPv6") << Kind::Udp << v6 << "UDP/IPv6" << "socket(AF_INET6, SOCK_DGRAM, 0)"
                              << "recvFromButton" << "acceptButton";
    QTest::newRow("Unix stream") << Kind::UnixStreamServer << v4 << "Unix stream"
                                 << "socket(AF_UNIX, SOCK_STREAM, 0)" << "sendMsgButton" << "sendToButton";
    QTest::newRow("Unix datagram") << Kind::UnixDatagram << v4 << "Unix datagram"
                                   << "socket(AF_UNIX, SOCK_DGRAM, 0)" << "sendToButton" << "listenButton";
    QTest::newRow("Unix seqpacket") << Kind::UnixSeqPacketServer << v4 << "Unix seqpacket"
                                    << "socket(AF_UNIX, SOCK_SEQPACKET, 0)" << "acceptButton" << "recvFromButton";
}

void TestSocketKindsGui::everyKindFromTheGui()
{
    QFETCH(Kind, kind);
    QFETCH(int, family);
    QFETCH(QString, kindText);
    QFETCH(QString, socketCall);
    QFETCH(QString, visibleRow);
    QFETCH(QString, hiddenRow);
    const sks::SocketId id = create(kind, sks::Family(family));
    QVERIFY(id != 0);
    QCOMPARE(cell(id, SocketsModel::Kind), kindText);
    QTRY_VERIFY(widget<QLabel>("socketHeader")->text().contains(QStringLiteral(" · ") + kindText + QStringLiteral(" · created")));
    const int row = waitJournalCall(*m_bridge->journal(), id, "socket");
    QVERIFY(row >= 0);
    QVERIFY2(m_bridge->journal()->entry(row).text.starts_with(socketCall.toStdString()), m_bridge->journal()->entry(row).text.c_str());

    // Only the calls that fit the kind are offered; "show every call" brings the rest back.
    QVERIFY(m_window->findChild<QPushButton*>(visibleRow)->isVisible());
    QVERIFY(!m_window->findChild<QPushButton*>(hiddenRow)->isVisible());
    widget<QCheckBox>("showAllCallsCheck")->click();
    QVERIFY(m_window->findChild<QPushButton*>(hiddenRow)->isVisible());
    widget<QCheckBox>("showAllCallsCheck")->click();

    // The proposed bind address suits the kind: loopback, or a file in the runtime directory.
    const QString proposed = widget<QLineEdit>("bindEndpointEdit")->text();
    const QString runtimeDir = QString::fromStdString(m_engine->runtimeDir());
    if (sks::Family(family) == sks::Family::IPv6 && kindText.startsWith(QLatin1String("TCP")))
        QCOMPARE(proposed, QStringLiteral("[::1]:0"));
    if (kindText.startsWith(QLatin1String("Unix")))
        QVERIFY2(proposed.startsWith(runtimeDir + QLatin1Char('/')) && proposed.endsWith(QStringLiteral("-%1.sock").arg(id)),
                 qPrintable(proposed));
    if (!bindTo(id)) {
        QVERIFY(sks::Family(family) == sks::Family::IPv6);
        QSKIP("IPv6 loopback is not available here");
    }
    QCOMPARE(cell(id, SocketsModel::State), QStringLiteral("bound"));
    QCOMPARE(cell(id, SocketsModel::Local), QString::fromStdString(info(id).local.toString()));
    QTRY_VERIFY2(details().contains(QStringLiteral("socket:[%1]").arg(info(id).inode)), qPrintable(details()));
    auto* keepFile = widget<QCheckBox>("keepFileCheck");
    QCOMPARE(keepFile->isVisible(), kindText.startsWith(QLatin1String("Unix")));
    if (kindText.startsWith(QLatin1String("Unix"))) {
        // The socket file: its path, mode and inode, in the details and on disk.
        QCOMPARE(cell(id, SocketsModel::Local), proposed);
        QVERIFY(QFileInfo::exists(proposed));
        QTRY_VERIFY2(details().contains(QStringLiteral("file %1 · srwx").arg(proposed)), qPrintable(details()));
        QVERIFY(details().contains(QStringLiteral("inode %1").arg(info(id).fileInode)));
        QVERIFY(keepFile->isEnabled());
    }
    if (kind == Kind::Udp)
        QVERIFY(widget<QComboBox>("sendToEndpointCombo")->currentText().isEmpty()
                || widget<QComboBox>("sendToEndpointCombo")->currentText() == cell(id, SocketsModel::Local));
    click("closeButton");
    QVERIFY(waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Closed));
    if (kindText.startsWith(QLatin1String("Unix")))
        QTRY_VERIFY(!QFileInfo::exists(proposed)); // removed with the socket that bound it
}

void TestSocketKindsGui::unixAbstractNameHasNoFile()
{
    const sks::SocketId id = create(Kind::UnixSeqPacketServer);
    QVERIFY(id != 0);
    const QString name = QStringLiteral("@sockscope-gui-%1").arg(::getpid());
    QVERIFY(bindTo(id, name));
    QCOMPARE(cell(id, SocketsModel::Local), name);
    QTRY_VERIFY2(details().contains(QStringLiteral("abstract name %1 — no file").arg(name)), qPrintable(details()));
    QVERIFY(!widget<QCheckBox>("keepFileCheck")->isEnabled());
    click("listenButton");
    QVERIFY(waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Listening));

    // A client of the same kind is offered the abstract name and gets the peer's credentials.
    const sks::SocketId client = create(Kind::UnixSeqPacketClient);
    QVERIFY(client != 0);
    QTRY_COMPARE(widget<QComboBox>("connectEndpointCombo")->currentText(), name);
    click("connectButton");
    QVERIFY(waitSocketState(*m_bridge->sockets(), client, sks::SocketState::Connected));
    QTRY_VERIFY2(details().contains(QStringLiteral("peer process: pid %1 · uid %2").arg(::getpid()).arg(::getuid())),
                 qPrintable(details()));
}

void TestSocketKindsGui::unixKeptFileStaysAfterClose()
{
    const sks::SocketId id = create(Kind::UnixStreamServer);
    QVERIFY(id != 0);
    const QString path = widget<QLineEdit>("bindEndpointEdit")->text();
    QVERIFY(bindTo(id));
    auto* keepFile = widget<QCheckBox>("keepFileCheck");
    keepFile->click();
    QVERIFY(waitSocket(*m_bridge->sockets(), id, [](const auto& s) { return s.keepFile; }));
    QTRY_VERIFY(details().contains(QStringLiteral("kept after close")));
    saveScreenshot("sockscope-unix-actions", widget<QDockWidget>("actionsDock"));
    click("closeButton");
    QVERIFY(waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Closed));
    QVERIFY(QFileInfo::exists(path));
}

void TestSocketKindsGui::unixPathTooLongIsCaughtInTheGui()
{
    const sks::SocketId id = create(Kind::UnixStreamServer);
    QVERIFY(id != 0);
    QVERIFY(waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Created));
    const int rowsBefore = m_bridge->journal()->rowCount();
    auto* edit = widget<QLineEdit>("bindEndpointEdit");
    edit->setText(QStringLiteral("/tmp/") + QString(150, QLatin1Char('x')) + QStringLiteral(".sock"));
    click("bindButton");
    auto* error = widget<QLabel>("endpointErrorLabel");
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("ENAMETOOLONG")), qPrintable(error->text()));
    QVERIFY2(error->text().contains(QStringLiteral("at most 107 bytes")), qPrintable(error->text()));

    // Nothing reached the kernel: the next call is the next journal entry.
    click("listenButton");
    QVERIFY(waitJournalCall(*m_bridge->journal(), id, "listen") >= 0);
    QCOMPARE(m_bridge->journal()->rowCount(), rowsBefore + 1);
    QCOMPARE(findJournalRow(*m_bridge->journal(), [id](const auto& e) { return e.socket == id && e.call == "bind"; }), -1);
}

void TestSocketKindsGui::udpDatagramsShowTheirSenderAndTruncation()
{
    const sks::SocketId a = create(Kind::Udp);
    QVERIFY(a != 0);
    QVERIFY(bindTo(a));
    const sks::SocketId b = create(Kind::Udp);
    QVERIFY(b != 0);
    QVERIFY(bindTo(b));
    const QString aAddress = cell(a, SocketsModel::Local);
    const QString bAddress = cell(b, SocketsModel::Local);

    selectRow(a);
    QTRY_COMPARE(widget<QComboBox>("sendToEndpointCombo")->currentText(), bAddress);
    auto* payload = widget<QLineEdit>("sendToEdit");
    payload->setText(QStringLiteral("one"));
    click("sendToButton");
    payload->setText(QString(100, QLatin1Char('x')));
    click("sendToButton");
    QVERIFY(waitSocket(*m_bridge->sockets(), a, [](const auto& s) { return s.messagesOut == 2; }));

    selectRow(b);
    click("recvFromButton");
    auto* size = widget<QSpinBox>("recvFromSizeSpin");
    size->setValue(10);
    click("recvFromButton");
    auto* panel = m_window->findChild<ReceivedPanel*>();
    const ReceivedModel& received = *panel->model();
    QTRY_COMPARE(received.rowCount(), 2);
    const auto text = [&](int row, ReceivedModel::Column column) { return received.index(row, column).data().toString(); };
    QCOMPARE(text(0, ReceivedModel::Socket), QStringLiteral("#%1").arg(b));
    QCOMPARE(text(0, ReceivedModel::Call), QStringLiteral("recvfrom"));
    QCOMPARE(text(0, ReceivedModel::From), aAddress); // each datagram names its sender
    QCOMPARE(text(0, ReceivedModel::Length), QStringLiteral("3"));
    QCOMPARE(text(0, ReceivedModel::Preview), QStringLiteral("one"));
    QVERIFY(!received.index(0, 0).data(ReceivedModel::TruncatedRole).toBool());
    QCOMPARE(text(1, ReceivedModel::From), aAddress);
    QCOMPARE(text(1, ReceivedModel::Length), QStringLiteral("truncated: 10 of 100 bytes"));
    QVERIFY(received.index(1, 0).data(ReceivedModel::TruncatedRole).toBool());
    QCOMPARE(text(1, ReceivedModel::Preview), QStringLiteral("xxxxxxxxxx"));
    QVERIFY(!text(0, ReceivedModel::Time).isEmpty());

    // The journal says the same, and the filter narrows the dock to the selected socket.
    const int row = waitJournalCall(*m_bridge->journal(), b, "recvfrom");
    QVERIFY(m_bridge->journal()->entry(row).text.find("(from " + aAddress.toStdString() + ")") != std::string::npos);
    raiseDock("receivedDock");
    QTableView* view = panel->view();
    QCOMPARE(view->model()->rowCount(), 2);
    widget<QCheckBox>("receivedFilterCheck")->click();
    QCOMPARE(view->model()->rowCount(), 2);
    selectRow(a);
    QCOMPARE(view->model()->rowCount(), 0);
    widget<QCheckBox>("receivedFilterCheck")->click();
    QCOMPARE(view->model()->rowCount(), 2);
    saveScreenshot("sockscope-udp-received");
    // The dock on its own, floating at a readable size.
    auto* dock = widget<QDockWidget>("receivedDock");
    dock->setFloating(true);
    dock->resize(900, 180);
    saveScreenshot("sockscope-received-dock", dock);
}

void TestSocketKindsGui::socketPairEndsAreLinked()
{
    const sks::SocketId a = create(Kind::PairSeqPacket);
    QVERIFY(a != 0);
    SocketsModel& sockets = *m_bridge->sockets();
    const sks::SocketId b = sockets.allSockets().back()->id;
    QVERIFY(waitSocketState(sockets, b, sks::SocketState::Connected));
    QCOMPARE(sockets.indexOf(b).row(), sockets.indexOf(a).row() + 1); // adjacent rows
    QCOMPARE(cell(a, SocketsModel::Peer), QStringLiteral("↔ #%1 (socketpair)").arg(b));
    QCOMPARE(cell(b, SocketsModel::Peer), QStringLiteral("↔ #%1 (socketpair)").arg(a));
    QCOMPARE(cell(a, SocketsModel::Kind), QStringLiteral("Unix seqpacket"));
    QVERIFY(sockets.indexOf(a, SocketsModel::Peer).data(Qt::ToolTipRole).toString().contains(QStringLiteral("socketpair()")));
    QTRY_VERIFY2(details().contains(QStringLiteral("linked to #%1 (socketpair)").arg(b)), qPrintable(details()));
    QVERIFY(details().contains(QStringLiteral("pid %1").arg(::getpid())));
    const int row = waitJournalCall(*m_bridge->journal(), a, "socketpair");
    QVERIFY(row >= 0);
    QVERIFY(m_bridge->journal()->entry(row).text.starts_with("socketpair(AF_UNIX, SOCK_SEQPACKET, 0, ["));

    // Messages keep their boundaries: two sends, two rows in the received dock.
    auto* send = widget<QLineEdit>("sendEdit");
    send->setText(QStringLiteral("ab"));
    click("sendButton");
    send->setText(QStringLiteral("cde"));
    click("sendButton");
    QVERIFY(waitSocket(sockets, a, [](const auto& s) { return s.messagesOut == 2; }));
    selectRow(b);
    click("recvButton");
    click("recvButton");
    const ReceivedModel& received = *m_window->findChild<ReceivedPanel*>()->model();
    QTRY_COMPARE(received.rowCount(), 2);
    QCOMPARE(received.index(0, ReceivedModel::Preview).data().toString(), QStringLiteral("ab"));
    QCOMPARE(received.index(1, ReceivedModel::Preview).data().toString(), QStringLiteral("cde"));
}

void TestSocketKindsGui::passedDescriptorIsTheSameSocket()
{
    SocketsModel& sockets = *m_bridge->sockets();
    const sks::SocketId server = create(Kind::TcpServer);
    QVERIFY(server != 0);
    QVERIFY(bindTo(server));
    click("listenButton");
    QVERIFY(waitSocketState(sockets, server, sks::SocketState::Listening));
    const sks::SocketId a = create(Kind::PairStream);
    QVERIFY(a != 0);
    const sks::SocketId b = sockets.allSockets().back()->id;
    QVERIFY(waitSocketState(sockets, b, sks::SocketState::Connected));

    auto* pass = widget<QComboBox>("passFdCombo");
    QTRY_VERIFY(pass->findData(QVariant::fromValue(server)) >= 0);
    QCOMPARE(pass->currentData().value<sks::SocketId>(), server); // not itself, not its partner
    click("sendMsgButton");
    QVERIFY(waitJournalCall(*m_bridge->journal(), a, "sendmsg") >= 0);
    selectRow(b);
    const int before = sockets.socketCount();
    click("recvMsgButton");
    QVERIFY(QTest::qWaitFor([&] { return sockets.socketCount() == before + 1; }));
    const sks::SocketId passed = sockets.allSockets().back()->id;
    QVERIFY(waitSocketState(sockets, passed, sks::SocketState::Listening));

    // The same open socket under a new number, drawn as such.
    QCOMPARE(info(passed).sameSocketAs, server);
    QCOMPARE(info(passed).inode, info(server).inode);
    QVERIFY(info(passed).fd != info(server).fd);
    QCOMPARE(cell(passed, SocketsModel::Peer), QStringLiteral("≡ #%1 (passed)").arg(server));
    QCOMPARE(cell(passed, SocketsModel::Kind), QStringLiteral("TCP/IPv4"));
    QCOMPARE(cell(passed, SocketsModel::Local), cell(server, SocketsModel::Local));
    selectRow(passed);
    QTRY_VERIFY2(details().contains(QStringLiteral("same open socket as #%1 (inode %2)").arg(server).arg(info(server).inode)),
                 qPrintable(details()));
    const int row = waitJournalCall(*m_bridge->journal(), b, "recvmsg");
    QVERIFY(m_bridge->journal()->entry(row).text.find("SCM_RIGHTS") != std::string::npos);
    saveScreenshot("sockscope-kinds");

    // The list of descriptors to pass follows the sockets: a closed one leaves it, the
    // passed copy stays, and a label says its socket's state.
    selectRow(a);
    QTRY_VERIFY(pass->findText(QStringLiteral("#%1 · TCP/IPv4 · listening").arg(passed)) >= 0);
    QVERIFY(pass->findData(QVariant::fromValue(server)) >= 0);
    m_bridge->post(sks::cmd::Close{server});
    QTRY_VERIFY(pass->findData(QVariant::fromValue(server)) < 0);
    QVERIFY(pass->findData(QVariant::fromValue(passed)) >= 0);
}

void TestSocketKindsGui::optionsApplyAndShowTheKernelValue()
{
    const sks::SocketId id = create(Kind::TcpClient);
    QVERIFY(id != 0);
    QVERIFY(waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Created));
    QVERIFY(raiseDock("optionsDock"));
    auto* rcvbuf = widget<QSpinBox>("optionEdit_SO_RCVBUF");
    QVERIFY(rcvbuf && rcvbuf->isVisible());
    QTRY_VERIFY(rcvbuf->isEnabled());
    JournalModel& journal = *m_bridge->journal();
    // The kernel's SO_RCVLOWAT (1) loaded into its editor reads as a person would say it.
    QTRY_COMPARE(widget<QSpinBox>("optionEdit_SO_RCVLOWAT")->text(), QStringLiteral("1 byte"));

    typeInto(rcvbuf, QStringLiteral("4096"));
    const int set = waitJournalCall(journal, id, "setsockopt");
    QVERIFY(set >= 0);
    QVERIFY2(journal.entry(set).text.find("SO_RCVBUF, [4096]) = 0") != std::string::npos, journal.entry(set).text.c_str());
    QVERIFY(findJournalRow(journal, [id](const auto& e) { return e.socket == id && e.call == "getsockopt"; }, set) > set);
    QTRY_COMPARE(widget<QLabel>("optionValue_SO_RCVBUF")->text(), QStringLiteral("8192 bytes"));
    auto* note = widget<QLabel>("optionNote_SO_RCVBUF");
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QStringLiteral("Linux doubles it")), qPrintable(note->text()));
    QCOMPARE(rcvbuf->value(), 4096); // the editor keeps what was asked

    // TCP_KEEPIDLE 0 is outside what the kernel takes: the editor allows it, the kernel refuses.
    auto* keepIdle = widget<QSpinBox>("optionEdit_TCP_KEEPIDLE");
    QCOMPARE(keepIdle->minimum(), 0);
    QCOMPARE(keepIdle->maximum(), 32767);
    typeInto(keepIdle, QStringLiteral("0"));
    QVERIFY(QTest::qWaitFor([&] {
        return findJournalRow(journal, [id](const auto& e) {
                   return e.socket == id && e.call == "setsockopt" && e.text.find("TCP_KEEPIDLE") != std::string::npos;
               }) >= 0;
    }));
    const int idle = findJournalRow(journal, [id](const auto& e) {
        return e.socket == id && e.call == "setsockopt" && e.text.find("TCP_KEEPIDLE") != std::string::npos;
    });
    QCOMPARE(journal.entry(idle).error, EINVAL);
    QTRY_VERIFY(widget<QLabel>("optionNote_TCP_KEEPIDLE")->text().contains(QStringLiteral("the kernel kept 7200")));

    // A flag and SO_LINGER; read-only options cannot be edited; SO_ERROR is read on demand.
    widget<QCheckBox>("optionEdit_TCP_NODELAY")->click();
    QVERIFY(waitSocket(*m_bridge->sockets(), id, [](const auto& s) { return s.option(sks::SockOption::NoDelay) == 1; }));
    widget<QCheckBox>("optionEdit_SO_LINGER")->click();
    QVERIFY(waitSocket(*m_bridge->sockets(), id, [](const auto& s) { return s.option(sks::SockOption::Linger) == 1; }));
    QTRY_COMPARE(widget<QLabel>("optionValue_SO_LINGER")->text(), QStringLiteral("on, 0 s"));
    QVERIFY(!widget<QWidget>("optionEdit_SO_TYPE"));
    QCOMPARE(widget<QLabel>("optionValue_SO_TYPE")->text(), QStringLiteral("SOCK_STREAM (1)"));
    const int rowsBefore = journal.rowCount();
    click("readSoErrorButton");
    QVERIFY(QTest::qWaitFor([&] {
        return findJournalRow(journal, [id](const auto& e) { return e.socket == id && e.text.find("SO_ERROR") != std::string::npos; },
                              rowsBefore) >= 0;
    }));
    saveScreenshot("sockscope-options");
}

void TestSocketKindsGui::optionsThatDoNotApplyAreGreyed()
{
    const sks::SocketId id = create(Kind::Udp);
    QVERIFY(id != 0);
    QVERIFY(waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Created));
    QVERIFY(raiseDock("optionsDock"));
    auto* noDelay = widget<QCheckBox>("optionEdit_TCP_NODELAY");
    // Greyed at once while the engine reads the options, then greyed with the reason.
    QVERIFY(!noDelay->isEnabled());
    QTRY_VERIFY2(noDelay->toolTip().startsWith(QStringLiteral("TCP_NODELAY is a TCP option")), qPrintable(noDelay->toolTip()));
    QVERIFY(!noDelay->isEnabled());
    QCOMPARE(widget<QLabel>("optionValue_TCP_NODELAY")->text(), QStringLiteral("n/a"));
    QVERIFY(!widget<QCheckBox>("optionEdit_IPV6_V6ONLY")->isEnabled());
    QVERIFY(widget<QCheckBox>("optionEdit_SO_BROADCAST")->isEnabled());
    QCOMPARE(widget<QLabel>("optionValue_SO_TYPE")->text(), QStringLiteral("SOCK_DGRAM (2)"));
    QCOMPARE(widget<QLabel>("optionValue_SO_PROTOCOL")->text(), QStringLiteral("IPPROTO_UDP (17)"));
}

// The bound on memory: only the newest rows stay, removed and inserted in one step each.
void TestSocketKindsGui::receivedModelKeepsTheNewestRows()
{
    ReceivedModel model(nullptr, 3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto message = [](int n, std::size_t length) {
        sks::Received r;
        r.socket = 1;
        r.bytes = std::string(length, char('a' + n));
        r.fullLength = length;
        return ReceivedModel::fromReceived(r, n * 1'000'000, QStringLiteral("recv"));
    };
    model.append({message(0, 1), message(1, 1)});
    QCOMPARE(model.rowCount(), 2);
    model.append({message(2, 1), message(3, 1)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ReceivedModel::Preview).data().toString(), QStringLiteral("b"));
    QCOMPARE(model.index(2, ReceivedModel::Preview).data().toString(), QStringLiteral("d"));
    model.append({message(4, 1), message(5, 1), message(6, 1), message(7, 1)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, ReceivedModel::Preview).data().toString(), QStringLiteral("f"));
    // Long payloads keep a bounded preview; escapes make every byte readable.
    model.append({message(8, 1000)});
    QCOMPARE(model.message(2).head.size(), ReceivedModel::PreviewBytes);
    QVERIFY(model.index(2, ReceivedModel::Preview).data().toString().endsWith(QStringLiteral("…")));
    QCOMPARE(ReceivedModel::escaped(QByteArray("a\n\0\x7f\\", 5)), QStringLiteral("a\\n\\0\\x7f\\\\"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestSocketKindsGui)
#include "tst_socketkindsgui.moc"
