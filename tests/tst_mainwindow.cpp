// The main window driven the way a person drives it: by clicking the real buttons and
// typing into the real fields, on real loopback sockets, under the offscreen platform.
#include "app/actionspanel.h"
#include "app/enginebridge.h"
#include "app/journalmodel.h"
#include "app/journalpanel.h"
#include "app/mainwindow.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "appfixture.h"
#include "testsupport.h"

#include <QComboBox>
#include <QCompleter>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTest>
#include <QTableView>
#include <QTreeView>

#include <memory>

using namespace testsupport;

class TestMainWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void clientServerConversation();
    void badEndpointIsCaughtInTheGui();
    void unusualCallIsExplained();
    void fitsALaptopScreen();
    void typedEndpointsAreOfferedNextTime();
    void everyInterfaceIsSaidAloud();

private:
    void click(const char* objectName);
    void selectRow(sks::SocketId id);
    sks::SocketId newSocket(const char* buttonName);
    void closeEverything();
    void saveScreenshot(const char* name);
    QString cell(sks::SocketId id, SocketsModel::Column column) const;
    int journalRowWith(const QString& needle, int from) const;

    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    qsizetype m_fdsAtStart = 0;
};

void TestMainWindow::init()
{
    const QString failed = testsupport::startApp(m_engine, m_bridge, m_window, QSize(1280, 800));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_fdsAtStart = openFds().size();
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_bridge.reset();
    m_engine.reset();
}

void TestMainWindow::click(const char* objectName)
{
    auto* button = m_window->findChild<QPushButton*>(QString::fromLatin1(objectName));
    QVERIFY2(button, objectName);
    QVERIFY2(button->isEnabled(), objectName);
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestMainWindow::selectRow(sks::SocketId id)
{
    QTreeView* view = m_window->socketsPanel()->view();
    const QModelIndex index = m_bridge->sockets()->indexOf(id, SocketsModel::Kind);
    QVERIFY(index.isValid());
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QCOMPARE(m_window->actionsPanel()->socket(), id);
}

// Clicks a "New TCP …" button; the new socket appears and becomes the selection.
sks::SocketId TestMainWindow::newSocket(const char* buttonName)
{
    const int before = m_bridge->sockets()->socketCount();
    click(buttonName);
    if (!QTest::qWaitFor([&] { return m_bridge->sockets()->socketCount() == before + 1; }))
        return 0;
    const sks::SocketId id = m_bridge->sockets()->allSockets().back()->id;
    return QTest::qWaitFor([&] { return m_window->actionsPanel()->socket() == id; }) ? id : 0;
}

QString TestMainWindow::cell(sks::SocketId id, SocketsModel::Column column) const
{
    return m_bridge->sockets()->indexOf(id, column).data().toString();
}

int TestMainWindow::journalRowWith(const QString& needle, int from) const
{
    const JournalModel& journal = *m_bridge->journal();
    for (int row = from; row < journal.rowCount(); ++row)
        if (journal.index(row, JournalModel::Call).data().toString().contains(needle))
            return row;
    return -1;
}

// SOCKSCOPE_SCREENSHOT_DIR=/tmp saves the window as /tmp/<name>.png, for a visual check.
void TestMainWindow::saveScreenshot(const char* name)
{
    const QString dir = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(m_window->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png")));
}

void TestMainWindow::closeEverything()
{
    for (const sks::SocketInfo* s : m_bridge->sockets()->allSockets()) {
        if (s->state == sks::SocketState::Closed)
            continue;
        const sks::SocketId id = s->id;
        selectRow(id);
        click("closeButton");
        QVERIFY(waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Closed));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_bridge->totals().openSockets, 0u, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(openFds().size(), m_fdsAtStart, 5000);
}

void TestMainWindow::clientServerConversation()
{
    SocketsModel& sockets = *m_bridge->sockets();
    const sks::SocketId server = newSocket("newServerButton");
    QVERIFY(server != 0);
    click("bindButton"); // the default endpoint, 127.0.0.1:0
    QVERIFY(waitSocketState(sockets, server, sks::SocketState::Bound));
    click("listenButton");
    QVERIFY(waitSocketState(sockets, server, sks::SocketState::Listening));
    auto* header = m_window->findChild<QLabel*>(QStringLiteral("socketHeader"));
    QTRY_VERIFY(header->text().endsWith(QStringLiteral(" · TCP/IPv4 · listening")));
    QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("acceptButton"))->font().bold());
    QVERIFY(!m_window->findChild<QPushButton*>(QStringLiteral("bindButton"))->font().bold());
    const QString serverAddress = QString::fromStdString(sockets.info(server)->local.toString());

    const sks::SocketId client = newSocket("newClientButton");
    QVERIFY(client != 0);
    auto* connectCombo = m_window->findChild<QComboBox*>(QStringLiteral("connectEndpointCombo"));
    QTRY_COMPARE(connectCombo->currentText(), serverAddress);
    click("connectButton");
    QVERIFY(waitSocketState(sockets, client, sks::SocketState::Connected));

    selectRow(server);
    click("acceptButton");
    QTRY_COMPARE_WITH_TIMEOUT(sockets.rowCount(sockets.indexOf(server)), 1, 5000);
    const auto accepted = sockets.index(0, 0, sockets.indexOf(server)).data(SocketsModel::SocketIdRole).value<sks::SocketId>();
    QVERIFY(waitSocketState(sockets, accepted, sks::SocketState::Accepted));

    selectRow(client);
    auto* sendEdit = m_window->findChild<QLineEdit*>(QStringLiteral("sendEdit"));
    sendEdit->clear();
    QTest::keyClicks(sendEdit, QStringLiteral("hello\\n"));
    click("sendButton");
    QVERIFY(waitSocket(sockets, client, [](const auto& s) { return s.bytesOut == 6; }));

    selectRow(accepted); // a child row: visible because listeners expand as children arrive
    click("recvButton");
    QVERIFY(waitSocket(sockets, accepted, [](const auto& s) { return s.bytesIn == 6; }));

    // The tree: the listener with its accepted child, and the client beside it.
    QCOMPARE(sockets.rowCount(), 2);
    QCOMPARE(sockets.rowCount(sockets.indexOf(server)), 1);
    QCOMPARE(sockets.indexOf(accepted).parent(), sockets.indexOf(server));
    QCOMPARE(cell(server, SocketsModel::State), QStringLiteral("listening"));
    QCOMPARE(cell(client, SocketsModel::State), QStringLiteral("connected"));
    QCOMPARE(cell(accepted, SocketsModel::State), QStringLiteral("accepted"));
    QCOMPARE(cell(client, SocketsModel::BytesOut), QStringLiteral("6"));
    QCOMPARE(cell(client, SocketsModel::BytesIn), QStringLiteral("0"));
    QCOMPARE(cell(accepted, SocketsModel::BytesIn), QStringLiteral("6"));
    QCOMPARE(cell(accepted, SocketsModel::BytesOut), QStringLiteral("0"));

    // The journal tells the story in order, and recv shows what arrived.
    int row = 0;
    for (const char* call : {"socket(", "bind(", "listen(", "socket(", "connect(", "accept(", "send(", "recv("}) {
        row = journalRowWith(QString::fromLatin1(call), row);
        QVERIFY2(row >= 0, call);
        ++row;
    }
    QVERIFY(m_bridge->journal()->index(row - 1, JournalModel::Call).data().toString().contains(QStringLiteral("\"hello\\n\"")));

    auto* totals = m_window->findChild<QLabel*>(QStringLiteral("totalsLabel"));
    QTRY_COMPARE(totals->text(), QStringLiteral("3 open sockets · 6 B in · 6 B out"));

    saveScreenshot("sockscope-conversation");

    closeEverything();
    QTRY_COMPARE(totals->text(), QStringLiteral("0 open sockets · 6 B in · 6 B out"));
}

void TestMainWindow::badEndpointIsCaughtInTheGui()
{
    const sks::SocketId server = newSocket("newServerButton");
    QVERIFY(server != 0);
    QVERIFY(waitSocketState(*m_bridge->sockets(), server, sks::SocketState::Created));
    JournalModel& journal = *m_bridge->journal();
    const int rowsBefore = journal.rowCount();

    auto* edit = m_window->findChild<QLineEdit*>(QStringLiteral("bindEndpointEdit"));
    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("127.0.0.1:99999"));
    click("bindButton");
    auto* error = m_window->findChild<QLabel*>(QStringLiteral("endpointErrorLabel"));
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("column")), qPrintable(error->text()));

    // A call that does reach the engine is the next entry: nothing was posted for bind.
    click("listenButton");
    QVERIFY(waitJournalCall(journal, server, "listen") >= 0);
    QCOMPARE(journal.rowCount(), rowsBefore + 1);
    QCOMPARE(findJournalRow(journal, [server](const auto& e) { return e.socket == server && e.call == "bind"; }), -1);

    // A good endpoint clears the message.
    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("127.0.0.1:0"));
    click("bindButton");
    QVERIFY(!error->isVisible());
    QVERIFY(waitJournalCall(journal, server, "bind") >= 0);
    closeEverything();
}

void TestMainWindow::unusualCallIsExplained()
{
    const sks::SocketId client = newSocket("newClientButton");
    QVERIFY(client != 0);
    QVERIFY(waitSocketState(*m_bridge->sockets(), client, sks::SocketState::Created));
    auto* accept = m_window->findChild<QPushButton*>(QStringLiteral("acceptButton"));
    QTRY_VERIFY(accept->toolTip().startsWith(QStringLiteral("Not a usual next step for a created socket")));
    QVERIFY(!accept->font().bold());
    QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("connectButton"))->font().bold());

    // Clickable anyway: the kernel answers accept() on a socket that never listened.
    click("acceptButton");
    JournalModel& journal = *m_bridge->journal();
    const int row = waitJournalCall(journal, client, "accept");
    QVERIFY(row >= 0);
    QVERIFY(journal.entry(row).failed());

    QTableView* view = m_window->journalPanel()->view();
    auto* explanation = m_window->findChild<QLabel*>(QStringLiteral("errnoExplanation"));
    QVERIFY(!explanation->isVisible());
    const QModelIndex index = journal.index(row, JournalModel::Call);
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QVERIFY(explanation->isVisible());
    QVERIFY2(explanation->text().startsWith(QStringLiteral("<b>EINVAL</b> — ")), qPrintable(explanation->text()));
    saveScreenshot("sockscope-failed-call");

    // A successful row hides it again.
    const QModelIndex socketRow = journal.index(findJournalRow(journal, [client](const auto& e) { return e.socket == client; }), 0);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(socketRow).center());
    QVERIFY(!explanation->isVisible());
    closeEverything();
}

// Every panel of the default layout fits a 1280×800 laptop screen: the window can be that
// small without panels overlapping or the window growing past the screen.
void TestMainWindow::fitsALaptopScreen()
{
    const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
    QString widths;
    for (const QDockWidget* dock : m_window->findChildren<QDockWidget*>())
        if (dock->isVisible())
            widths += QStringLiteral("%1 %2x%3; ")
                          .arg(dock->objectName())
                          .arg(dock->minimumSizeHint().width())
                          .arg(dock->minimumSizeHint().height());
    QVERIFY2(minimum.width() <= 1280 && minimum.height() <= 800,
             qPrintable(QStringLiteral("window needs %1x%2: %3")
                            .arg(minimum.width())
                            .arg(minimum.height())
                            .arg(widths)));
    QCOMPARE(m_window->size(), QSize(1280, 800));
    // The Actions column shows its call rows whole: no horizontal scroll bar to hide them.
    const auto* actions = qobject_cast<const QScrollArea*>(m_window->findChild<QDockWidget*>(QStringLiteral("actionsDock"))->widget());
    QVERIFY(actions);
    QVERIFY2(actions->viewport()->width() >= actions->widget()->minimumSizeHint().width(),
             qPrintable(QStringLiteral("Actions viewport %1 px, its rows need %2 px")
                            .arg(actions->viewport()->width())
                            .arg(actions->widget()->minimumSizeHint().width())));
    if (qEnvironmentVariableIsSet("SOCKSCOPE_PRINT_WIDTHS"))
        for (const QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
            const auto* area = qobject_cast<const QScrollArea*>(dock->widget());
            const QWidget* w = area ? area->widget() : dock->widget();
            qInfo("%s dock %dx%d content min %dx%d hint %dx%d", qPrintable(dock->objectName()), dock->width(),
                  dock->height(), w->minimumSizeHint().width(), w->minimumSizeHint().height(),
                  w->sizeHint().width(), w->sizeHint().height());
        }
}

// An endpoint typed into connect() comes back in the connect box of the next window (after
// the app's own listeners), and a bound address in the bind field's completions.
void TestMainWindow::typedEndpointsAreOfferedNextTime()
{
    SocketsModel& sockets = *m_bridge->sockets();
    const sks::SocketId client = newSocket("newClientButton");
    QVERIFY(client != 0);
    auto* connectCombo = m_window->findChild<QComboBox*>(QStringLiteral("connectEndpointCombo"));
    const QString nobody = QStringLiteral("127.0.0.1:9"); // the discard port: refused here
    connectCombo->setEditText(nobody);
    click("connectButton");
    QVERIFY(waitSocket(sockets, client, [](const auto& s) { return s.state != sks::SocketState::Created; }));
    closeEverything();

    m_window.reset();
    m_window = std::make_unique<MainWindow>(*m_bridge);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    const sks::SocketId next = newSocket("newClientButton");
    QVERIFY(next != 0);
    connectCombo = m_window->findChild<QComboBox*>(QStringLiteral("connectEndpointCombo"));
    QTRY_VERIFY(connectCombo->findText(nobody) >= 0);
    QCOMPARE(connectCombo->itemData(connectCombo->findText(nobody), Qt::ToolTipRole).toString(),
             QStringLiteral("An endpoint you used recently."));
    auto* bindEdit = m_window->findChild<QLineEdit*>(QStringLiteral("bindEndpointEdit"));
    QVERIFY(bindEdit->completer());
    QVERIFY(bindEdit->completer()->model()->match(bindEdit->completer()->model()->index(0, 0), Qt::DisplayRole, nobody)
                .size() == 1);
    closeEverything();
}

// Servers bind to loopback unless the user asks for every interface; then a warning says
// what that means, and the bind still happens.
void TestMainWindow::everyInterfaceIsSaidAloud()
{
    auto* edit = m_window->findChild<QLineEdit*>(QStringLiteral("bindEndpointEdit"));
    const sks::SocketId server = newSocket("newServerButton");
    QVERIFY(server != 0);
    QCOMPARE(edit->text(), QStringLiteral("127.0.0.1:0")); // the default is loopback
    edit->clear();
    QTest::keyClicks(edit, QStringLiteral("0.0.0.0:0"));
    click("bindButton");
    QVERIFY(waitSocketState(*m_bridge->sockets(), server, sks::SocketState::Bound));
    auto* warning = m_window->findChild<QLabel*>(QStringLiteral("endpointErrorLabel"));
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("every interface")), qPrintable(warning->text()));
    closeEverything();
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
