// First run and settings: the welcome dock on a fresh settings directory, its echo sandbox
// (a listening server, a connected client, the accepted socket, bytes going both ways),
// "Don't show this again"; a damaged settings file reset with a message; the font size
// setting round-trips.
#include "app/echosandbox.h"
#include "app/enginebridge.h"
#include "app/fontscale.h"
#include "app/journalpanel.h"
#include "app/lessonplayer.h"
#include "app/lessonui.h"
#include "app/mainwindow.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "app/welcomepanel.h"
#include "app/windowlayout.h"
#include "appfixture.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

class TestWelcome final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void welcomeOnFirstStart();
    void sandboxBuildsAnEchoConversation();
    void lessonButtonLoadsTheLesson();
    void dismissedForGood();
    void garbageSettingsAreReset();
    void wrongTypesAreReset();
    void offScreenGeometryLandsOnScreen();
    void fontScaleRoundTrips();

private:
    void startWindow();
    QString settingsFile() const { return QDir(m_settingsDir->path()).filePath(QStringLiteral("Sockscope.ini")); }
    QDockWidget* welcomeDock() const { return m_window->findChild<QDockWidget*>(QStringLiteral("welcomeDock")); }

    std::unique_ptr<QTemporaryDir> m_settingsDir;
    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
};

// Each test starts with an empty settings directory, like a first start.
void TestWelcome::init()
{
    m_settingsDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_settingsDir->isValid());
    qputenv("SOCKSCOPE_SETTINGS_DIR", m_settingsDir->path().toLocal8Bit());
}

void TestWelcome::cleanup()
{
    m_window.reset();
    m_bridge.reset();
    m_engine.reset();
}

void TestWelcome::startWindow()
{
    const QString failed = testsupport::startApp(m_engine, m_bridge, m_window);
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestWelcome::welcomeOnFirstStart()
{
    QVERIFY(!QFile::exists(settingsFile()));
    startWindow();
    QDockWidget* dock = welcomeDock();
    QVERIFY(dock);
    QVERIFY(dock->isVisible());
    QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("welcomeSandboxButton"))->isVisible());
    // Non-blocking: the window takes input, no modal dialog is up.
    QVERIFY(!QApplication::activeModalWidget());
    // The Learn panel is still shown beside it.
    QVERIFY(m_window->findChild<QDockWidget*>(QStringLiteral("learnDock"))->isVisible());
    if (const QString dir = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QDir().mkpath(dir);
        QVERIFY(m_window->grab().save(QDir(dir).filePath(QStringLiteral("sockscope-welcome.png"))));
    }
}

void TestWelcome::sandboxBuildsAnEchoConversation()
{
    startWindow();
    auto* panel = m_window->findChild<WelcomePanel*>();
    QVERIFY(panel);
    QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("welcomeSandboxButton")), Qt::LeftButton);
    auto* sandbox = panel->findChild<EchoSandbox*>();
    QVERIFY(sandbox);
    QSignalSpy ready(sandbox, &EchoSandbox::ready);
    QVERIFY(ready.count() == 1 || ready.wait(5000));

    const SocketsModel& sockets = *m_bridge->sockets();
    const sks::SocketInfo* server = sockets.info(sandbox->server());
    const sks::SocketInfo* client = sockets.info(sandbox->client());
    const sks::SocketInfo* accepted = sockets.info(sandbox->accepted());
    QVERIFY(server && client && accepted);
    QCOMPARE(server->state, sks::SocketState::Listening);
    QVERIFY(server->autoAccept);
    QCOMPARE(QString::fromStdString(server->local.toString()).section(QLatin1Char(':'), 0, 0), QStringLiteral("127.0.0.1"));
    QCOMPARE(client->state, sks::SocketState::Connected);
    QCOMPARE(accepted->parent, server->id);
    QCOMPARE(QString::fromStdString(accepted->peer.toString()), QString::fromStdString(client->local.toString()));
    QCOMPARE(m_window->socketsPanel()->currentSocket(), client->id); // ready to press send()
    QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("welcomeStatusLabel"))->text().contains(QStringLiteral("echo")));

    // Bytes go over and come back.
    m_bridge->post(sks::cmd::Send{client->id, "hello"});
    QVERIFY(testsupport::waitSocket(sockets, sandbox->accepted(),
                                    [](const sks::SocketInfo& s) { return s.bytesIn == 5 && s.bytesOut == 5; }));
    QVERIFY(testsupport::waitSocket(sockets, sandbox->client(),
                                    [](const sks::SocketInfo& s) { return s.bytesOut == 5 && s.bytesIn == 5; }));
}

void TestWelcome::lessonButtonLoadsTheLesson()
{
    startWindow();
    auto* combo = m_window->findChild<QComboBox*>(QStringLiteral("welcomeLessonCombo"));
    QVERIFY(combo);
    QVERIFY(combo->count() >= 5);
    combo->setCurrentIndex(combo->findData(QStringLiteral(":/lessons/tcp-server-life-cycle.sks")));
    QVERIFY(combo->currentIndex() >= 0);
    QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("welcomeLessonButton")), Qt::LeftButton);
    LessonUi* lessons = LessonUi::of(*m_window);
    QVERIFY(lessons->player()->lesson());
    QCOMPARE(lessons->player()->lesson()->source, QStringLiteral(":/lessons/tcp-server-life-cycle.sks"));
    QVERIFY(m_window->findChild<QDockWidget*>(QStringLiteral("lessonDock"))->isVisible());
}

void TestWelcome::dismissedForGood()
{
    startWindow();
    // Closed without "Don't show this again": back at the next start.
    QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("welcomeCloseButton")), Qt::LeftButton);
    QVERIFY(!welcomeDock()->isVisible());
    m_window->close();
    startWindow();
    QVERIFY(welcomeDock()->isVisible());

    m_window->findChild<QCheckBox*>(QStringLiteral("welcomeDontShowCheck"))->setChecked(true);
    QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("welcomeCloseButton")), Qt::LeftButton);
    QVERIFY(!welcomeDock()->isVisible());
    m_window->close();
    startWindow();
    QVERIFY(!welcomeDock()->isVisible());
    QVERIFY(!WelcomePanel::wanted());

    // Help > Welcome brings it back.
    auto* action = m_window->findChild<QAction*>(QStringLiteral("welcomeAction"));
    QVERIFY(action);
    action->trigger();
    QVERIFY(welcomeDock()->isVisible());
}

void TestWelcome::garbageSettingsAreReset()
{
    QFile file(settingsFile());
    QVERIFY(file.open(QIODevice::WriteOnly));
    QByteArray garbage;
    for (int i = 0; i < 4096; ++i)
        garbage.append(static_cast<char>((i * 7919 + 13) % 256));
    file.write(garbage);
    file.close();

    startWindow();
    const QString message = m_window->statusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("settings file")), qPrintable(message));
    auto* notice = m_window->journalPanel()->findChild<QLabel*>(QStringLiteral("noticeLabel"));
    QVERIFY(notice);
    QVERIFY(notice->text().contains(QStringLiteral("settings file")));
    QVERIFY(QFile::exists(settingsFile() + QStringLiteral(".corrupt")));
    QVERIFY(welcomeDock()->isVisible()); // a fresh start
    // The settings work again: a value written is read back.
    windowlayout::openSettings()->setValue(QStringLiteral("test/value"), 7);
    QCOMPARE(windowlayout::openSettings()->value(QStringLiteral("test/value")).toInt(), 7);
    m_window->close();
    startWindow();
    QVERIFY(!m_window->statusBar()->currentMessage().contains(QStringLiteral("settings")));
}

void TestWelcome::wrongTypesAreReset()
{
    {
        QSettings settings(settingsFile(), QSettings::IniFormat);
        settings.setValue(QStringLiteral("window/geometry"), QStringLiteral("a window, not bytes"));
        settings.setValue(QStringLiteral("window/state"), QByteArray("\x01\x02 not a state"));
        settings.setValue(QStringLiteral("appearance/fontScale"), QStringLiteral("huge"));
        settings.setValue(QStringLiteral("welcome/dismissed"), QStringLiteral("perhaps"));
    }
    startWindow();
    const QString message = m_window->statusBar()->currentMessage();
    QVERIFY2(message.contains(QStringLiteral("window/geometry")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("appearance/fontScale")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("panel layout")), qPrintable(message));
    QCOMPARE(FontScaleController::savedScale(), 1.0);
    QVERIFY(welcomeDock()->isVisible());
    QVERIFY(!windowlayout::openSettings()->contains(QStringLiteral("window/state")));
}

void TestWelcome::offScreenGeometryLandsOnScreen()
{
    QByteArray geometry;
    {
        QWidget far;
        far.setGeometry(90000, 90000, 1000, 700);
        geometry = far.saveGeometry();
    }
    QSettings(settingsFile(), QSettings::IniFormat).setValue(QStringLiteral("window/geometry"), geometry);
    startWindow();
    const QRect screen = m_window->screen()->availableGeometry();
    QVERIFY2(screen.intersects(m_window->frameGeometry()),
             qPrintable(QStringLiteral("window at %1,%2").arg(m_window->x()).arg(m_window->y())));
}

void TestWelcome::fontScaleRoundTrips()
{
    startWindow();
    const qreal base = QApplication::font().pointSizeF();
    auto* larger = m_window->findChild<QAction*>(QStringLiteral("fontLargerAction"));
    auto* reset = m_window->findChild<QAction*>(QStringLiteral("fontResetAction"));
    QVERIFY(larger && reset);
    QCOMPARE(reset->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_0));
    larger->trigger();
    larger->trigger();
    const qreal bigger = QApplication::font().pointSizeF();
    QVERIFY2(bigger > base * 1.15, qPrintable(QStringLiteral("%1 -> %2").arg(base).arg(bigger)));
    QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("totalsLabel"))->font().pointSizeF() > base);
    QVERIFY(qAbs(FontScaleController::savedScale() - 1.21) < 0.01);

    // The next start (a new window) keeps it, scaled from the desktop's size, not again.
    m_window->close();
    startWindow();
    QCOMPARE(QApplication::font().pointSizeF(), bigger);
    m_window->findChild<QAction*>(QStringLiteral("fontSmallerAction"))->trigger();
    QVERIFY(QApplication::font().pointSizeF() < bigger);
    m_window->findChild<QAction*>(QStringLiteral("fontResetAction"))->trigger();
    QCOMPARE(QApplication::font().pointSizeF(), base);
    QCOMPARE(FontScaleController::savedScale(), 1.0);
    // Out of range values are clamped.
    m_window->findChild<FontScaleController*>()->setScale(100);
    QCOMPARE(FontScaleController::savedScale(), FontScaleController::kMaxScale);
    m_window->findChild<FontScaleController*>()->reset();
}

QTEST_MAIN(TestWelcome)
#include "tst_welcome.moc"
