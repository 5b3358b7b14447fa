// Teaching and finish: the Learn panel's life-cycle steps (pure function and the panel on
// a real socket), the keyboard shortcuts dialog, the theme switch and its setting, and
// screenshots in light and dark (run twice by ctest: QT_SCALE_FACTOR 1 and 2).
#include "app/byteflowpanel.h"
#include "app/echosandbox.h"
#include "app/enginebridge.h"
#include "app/helpdialogs.h"
#include "app/learnpanel.h"
#include "app/learnsteps.h"
#include "app/mainwindow.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "app/theme.h"
#include "app/windowlayout.h"
#include "appfixture.h"
#include "testsupport.h"

#include <QAction>
#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>

using learn::Step;

namespace {

QString stepIds(const std::vector<Step>& steps)
{
    QStringList ids;
    for (const Step step : steps)
        ids << learn::stepId(step);
    return ids.join(QLatin1Char(','));
}

sks::SocketInfo socketIn(sks::Role role, sks::SocketState state, sks::Waiting waiting = sks::Waiting::None,
                         std::uint64_t bytes = 0, sks::SockType type = sks::SockType::Stream,
                         sks::Family family = sks::Family::IPv4)
{
    sks::SocketInfo s;
    s.id = 1;
    s.role = role;
    s.state = state;
    s.waiting = waiting;
    s.bytesOut = bytes;
    s.type = type;
    s.family = family;
    return s;
}

} // namespace

Q_DECLARE_METATYPE(sks::SocketInfo)

class TestFinish final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stepFunction_data();
    void stepFunction();
    void learnPanelFollowsARealSocket();
    void keyboardDialogListsQuit();
    void themeSwitchRoundTrips();
    void chartsFollowTheTheme();
    void disabledButtonsLookDisabled();
    void screenshots_data();
    void screenshots();

private:
    void startWindow();
    sks::SocketId createAndSelect(sks::Role role);
    QString mark(const char* side, const char* step) const;

    QTemporaryDir m_settingsDir;
    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
};

void TestFinish::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    qputenv("SOCKSCOPE_SETTINGS_DIR", m_settingsDir.path().toLocal8Bit());
}

void TestFinish::startWindow()
{
    const QString failed = testsupport::startApp(m_engine, m_bridge, m_window, QSize(1280, 800));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestFinish::stepFunction_data()
{
    using R = sks::Role;
    using S = sks::SocketState;
    using W = sks::Waiting;
    QTest::addColumn<sks::SocketInfo>("socket");
    QTest::addColumn<bool>("server");
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("next");

    QTest::newRow("server created") << socketIn(R::Server, S::Created) << true << "socket" << "bind,listen,close";
    QTest::newRow("server bound") << socketIn(R::Server, S::Bound) << true << "bind" << "listen,close";
    QTest::newRow("server listening") << socketIn(R::Server, S::Listening) << true << "listen" << "accept,close";
    QTest::newRow("server in accept()") << socketIn(R::Server, S::Listening, W::Accept) << true << "accept"
                                        << "accept,close";
    QTest::newRow("accepted") << socketIn(R::Accepted, S::Accepted) << true << "accept" << "transfer,close";
    QTest::newRow("accepted, talking") << socketIn(R::Accepted, S::Accepted, W::None, 5) << true << "transfer"
                                       << "transfer,close";
    QTest::newRow("accepted, peer done") << socketIn(R::Accepted, S::HalfClosedRead, W::None, 5) << true
                                         << "transfer" << "transfer,close";
    QTest::newRow("accepted, shut down") << socketIn(R::Accepted, S::ShutDown) << true << "transfer" << "close";
    QTest::newRow("server closed") << socketIn(R::Server, S::Closed) << true << "close" << "";
    QTest::newRow("client created") << socketIn(R::Client, S::Created) << false << "socket" << "bind,connect,close";
    QTest::newRow("client bound") << socketIn(R::Client, S::Bound) << false << "bind" << "connect,close";
    QTest::newRow("client connecting") << socketIn(R::Client, S::Connecting, W::Connect) << false << "connect"
                                       << "close";
    QTest::newRow("client connected") << socketIn(R::Client, S::Connected) << false << "connect" << "transfer,close";
    QTest::newRow("client talking") << socketIn(R::Client, S::Connected, W::None, 3) << false << "transfer"
                                    << "transfer,close";
    QTest::newRow("client half-closed") << socketIn(R::Client, S::HalfClosedWrite) << false << "transfer"
                                        << "transfer,close";
    QTest::newRow("client refused") << socketIn(R::Client, S::Error) << false << "connect" << "connect,close";
    QTest::newRow("client closed") << socketIn(R::Client, S::Closed) << false << "close" << "";
    QTest::newRow("client that listens") << socketIn(R::Client, S::Listening) << true << "listen" << "accept,close";
    QTest::newRow("udp created") << socketIn(R::Client, S::Created, W::None, 0, sks::SockType::Datagram) << false
                                 << "socket" << "bind,connect,transfer,close";
    QTest::newRow("udp server bound") << socketIn(R::Server, S::Bound, W::None, 0, sks::SockType::Datagram) << true
                                      << "bind" << "transfer,close";
    QTest::newRow("unix listener") << socketIn(R::Server, S::Listening, W::None, 0, sks::SockType::Stream,
                                               sks::Family::Unix)
                                   << true << "listen" << "accept,close";
}

void TestFinish::stepFunction()
{
    QFETCH(sks::SocketInfo, socket);
    QFETCH(bool, server);
    QFETCH(QString, current);
    QFETCH(QString, next);
    const learn::Position pos = learn::locate(socket);
    QCOMPARE(pos.side == learn::Side::Server, server);
    QCOMPARE(learn::stepId(pos.current), current);
    QCOMPARE(stepIds(pos.next), next);
    QCOMPARE(pos.waiting, socket.waiting != sks::Waiting::None);
    // Every step the function names is drawn in the socket's column.
    const learn::LifeCycle cycle = learn::lifeCycle(socket);
    const std::vector<Step>& column = server ? cycle.server : cycle.client;
    QVERIFY(std::ranges::find(column, pos.current) != column.end());
    QVERIFY(!learn::stepLabel(pos.current, cycle, pos.side).isEmpty());
    QVERIFY(!learn::stepExplanation(pos.current, cycle, pos.side).isEmpty());
}

QString TestFinish::mark(const char* side, const char* step) const
{
    auto* label = m_window->findChild<QLabel*>(
        QStringLiteral("learnStep_%1_%2").arg(QLatin1String(side), QLatin1String(step)));
    return label ? label->property("learnMark").toString() : QStringLiteral("<missing>");
}

sks::SocketId TestFinish::createAndSelect(sks::Role role)
{
    const sks::SocketId id = m_bridge->createSocket(sks::Family::IPv4, role);
    if (!QTest::qWaitFor([&] { return m_bridge->sockets()->info(id) != nullptr; }, 5000))
        return 0;
    m_window->socketsPanel()->selectSocket(id);
    return id;
}

void TestFinish::learnPanelFollowsARealSocket()
{
    startWindow();
    auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("learnDock"));
    QVERIFY(dock);
    QVERIFY(dock->isVisible());
    auto* panel = m_window->findChild<LearnPanel*>();
    QVERIFY(panel);
    QVERIFY(!panel->position());

    const sks::SocketId server = createAndSelect(sks::Role::Server);
    QVERIFY(server != 0);
    QTRY_COMPARE(panel->socket(), server);
    QTRY_COMPARE(mark("server", "socket"), QStringLiteral("current"));
    QCOMPARE(mark("server", "bind"), QStringLiteral("next"));
    QCOMPARE(mark("server", "accept"), QString());

    m_bridge->post(sks::cmd::Bind{server, *sks::Endpoint::parse("127.0.0.1:0")});
    QTRY_COMPARE(mark("server", "bind"), QStringLiteral("current"));
    QCOMPARE(mark("server", "listen"), QStringLiteral("next"));
    QCOMPARE(mark("server", "socket"), QString());

    m_bridge->post(sks::cmd::Listen{server, 4});
    QTRY_COMPARE(mark("server", "listen"), QStringLiteral("current"));
    QCOMPARE(mark("server", "accept"), QStringLiteral("next"));
    const sks::Endpoint address = m_bridge->sockets()->info(server)->local;

    const sks::SocketId client = createAndSelect(sks::Role::Client);
    QVERIFY(client != 0);
    QTRY_COMPARE(mark("client", "socket"), QStringLiteral("current"));
    QCOMPARE(mark("client", "connect"), QStringLiteral("next"));
    QCOMPARE(mark("server", "listen"), QString()); // only the selected socket is marked

    m_bridge->post(sks::cmd::Connect{client, address});
    QTRY_COMPARE(mark("client", "connect"), QStringLiteral("current"));
    QTRY_COMPARE(mark("client", "transfer"), QStringLiteral("next")); // connected, not still connecting
    m_bridge->post(sks::cmd::Send{client, "hello"});
    QTRY_COMPARE(mark("client", "transfer"), QStringLiteral("current"));
    QVERIFY(panel->findChild<QLabel*>(QStringLiteral("learnStep_client_transfer"))->font().bold());

    m_bridge->post(sks::cmd::Close{client});
    QTRY_COMPARE(mark("client", "close"), QStringLiteral("current"));
    m_window->socketsPanel()->selectSocket(server);
    QTRY_COMPARE(mark("server", "listen"), QStringLiteral("current"));
    m_bridge->post(sks::cmd::Close{server});
    QTRY_COMPARE(mark("server", "close"), QStringLiteral("current"));
}

void TestFinish::keyboardDialogListsQuit()
{
    startWindow();
    auto* quit = m_window->findChild<QAction*>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    if (quit->shortcut().isEmpty()) // the offscreen platform may have no standard Quit key
        quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    ShortcutsDialog dialog(*m_window);
    QTreeWidget* list = dialog.list();
    bool found = false;
    std::set<QString> names;
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = list->topLevelItem(i);
        names.insert(item->text(0));
        if (item->text(0) == QStringLiteral("Quit")
            && item->text(1) == quit->shortcut().toString(QKeySequence::NativeText))
            found = true;
    }
    QVERIFY2(found, "Quit is not listed with its shortcut");
    QVERIFY(names.contains(QStringLiteral("Keyboard shortcuts")));
}

void TestFinish::themeSwitchRoundTrips()
{
    startWindow();
    auto* theme = m_window->findChild<ThemeController*>();
    QVERIFY(theme);
    const QColor systemWindow = QApplication::palette().color(QPalette::Window);

    auto* dark = m_window->findChild<QAction*>(QStringLiteral("themedarkAction"));
    QVERIFY(dark);
    dark->trigger();
    QCOMPARE(theme->mode(), ThemeController::Mode::Dark);
    QCOMPARE(QApplication::palette().color(QPalette::Window), ThemeController::darkPalette().color(QPalette::Window));
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    QCOMPARE(ThemeController::savedMode(), ThemeController::Mode::Dark);

    // A new window (the next start) comes up dark.
    startWindow();
    theme = m_window->findChild<ThemeController*>();
    QCOMPARE(theme->mode(), ThemeController::Mode::Dark);
    QVERIFY(m_window->findChild<QAction*>(QStringLiteral("themedarkAction"))->isChecked());

    m_window->findChild<QAction*>(QStringLiteral("themelightAction"))->trigger();
    QCOMPARE(QApplication::palette().color(QPalette::Window), ThemeController::lightPalette().color(QPalette::Window));
    QCOMPARE(windowlayout::openSettings()->value(QStringLiteral("appearance/theme")).toString(), QStringLiteral("light"));

    // A value the app does not know falls back to the desktop's palette.
    windowlayout::openSettings()->setValue(QStringLiteral("appearance/theme"), QStringLiteral("purple"));
    QCOMPARE(ThemeController::savedMode(), ThemeController::Mode::System);

    theme->setMode(ThemeController::Mode::System);
    QCOMPARE(QApplication::palette().color(QPalette::Window), systemWindow);
}

// Average lightness of a widget as drawn: 0 black .. 255 white.
static int meanLightness(QWidget* widget)
{
    const QImage image = widget->grab().toImage();
    qint64 sum = 0;
    qint64 count = 0;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4, ++count)
            sum += QColor(image.pixel(x, y)).lightness();
    return count ? int(sum / count) : -1;
}

void TestFinish::chartsFollowTheTheme()
{
    startWindow();
    auto* theme = m_window->findChild<ThemeController*>();
    auto* flow = m_window->findChild<ByteFlowPanel*>();
    QVERIFY(flow);
    auto* view = flow->findChild<QChartView*>(QStringLiteral("byteFlowChart"));
    QVERIFY(view);
    m_window->findChild<QDockWidget*>(QStringLiteral("byteFlowDock"))->raise();
    for (const ThemeController::Mode mode : {ThemeController::Mode::Dark, ThemeController::Mode::Light}) {
        theme->setMode(mode);
        const QPalette palette = mode == ThemeController::Mode::Dark ? ThemeController::darkPalette()
                                                                     : ThemeController::lightPalette();
        QTRY_COMPARE(flow->chart()->backgroundBrush().color(), palette.color(QPalette::Base));
        for (const QAbstractAxis* axis : flow->chart()->axes())
            QCOMPARE(axis->labelsBrush().color(), palette.color(QPalette::Text));
        const int lightness = meanLightness(view);
        if (mode == ThemeController::Mode::Dark)
            QVERIFY2(lightness < 100, qPrintable(QString::number(lightness)));
        else
            QVERIFY2(lightness > 160, qPrintable(QString::number(lightness)));
        // The sequence diagram draws on the palette's base too.
        auto* sequence = m_window->findChild<QWidget*>(QStringLiteral("sequenceView"));
        if (sequence) {
            const int seq = meanLightness(sequence);
            QVERIFY2(mode == ThemeController::Mode::Dark ? seq < 100 : seq > 160, qPrintable(QString::number(seq)));
        }
    }
    theme->setMode(ThemeController::Mode::System);
}

// How far the button's text stands out from its face: the largest lightness distance
// from the most common lightness (the face) of any pixel.
static int inkContrast(QWidget& widget)
{
    const QImage image = widget.grab().toImage();
    std::map<int, int> counts;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            ++counts[QColor(image.pixel(x, y)).lightness()];
    const int face = std::max_element(counts.begin(), counts.end(),
                                      [](const auto& a, const auto& b) { return a.second < b.second; })->first;
    int farthest = 0;
    for (const auto& [lightness, n] : counts)
        farthest = std::max(farthest, std::abs(lightness - face));
    return farthest;
}

void TestFinish::disabledButtonsLookDisabled()
{
    // The actions panel disables the calls a socket cannot make now (bind() on a connected
    // socket): in either theme that must be seen, not only felt when a click does nothing.
    startWindow();
    auto* theme = m_window->findChild<ThemeController*>();
    for (const ThemeController::Mode mode : {ThemeController::Mode::Light, ThemeController::Mode::Dark}) {
        theme->setMode(mode);
        QPushButton enabled(QStringLiteral("bind()"));
        QPushButton disabled(QStringLiteral("bind()"));
        disabled.setEnabled(false);
        enabled.resize(120, 30);
        disabled.resize(120, 30);
        const int active = inkContrast(enabled);
        const int inactive = inkContrast(disabled);
        QVERIFY2(active > 100, qPrintable(QString::number(active)));
        QVERIFY2(inactive * 10 < active * 7,
                 qPrintable(QStringLiteral("%1: enabled text %2, disabled %3")
                                .arg(ThemeController::modeId(mode)).arg(active).arg(inactive)));
    }
    // A call the selected socket cannot make now (accept() on a new client) is dimmed in
    // the theme in use, also after switching themes with the socket still selected.
    QVERIFY(createAndSelect(sks::Role::Client) != 0);
    auto* accept = m_window->findChild<QPushButton*>(QStringLiteral("acceptButton"));
    QVERIFY(accept);
    for (const ThemeController::Mode mode : {ThemeController::Mode::Dark, ThemeController::Mode::Light}) {
        theme->setMode(mode);
        const QPalette palette = mode == ThemeController::Mode::Dark ? ThemeController::darkPalette()
                                                                     : ThemeController::lightPalette();
        QCoreApplication::processEvents();
        QCOMPARE(accept->palette().color(QPalette::ButtonText), palette.color(QPalette::Disabled, QPalette::ButtonText));
    }
    theme->setMode(ThemeController::Mode::System);
}

void TestFinish::screenshots_data()
{
    QTest::addColumn<ThemeController::Mode>("mode");
    QTest::newRow("light") << ThemeController::Mode::Light;
    QTest::newRow("dark") << ThemeController::Mode::Dark;
}

void TestFinish::screenshots()
{
    QFETCH(ThemeController::Mode, mode);
    startWindow();
    m_window->findChild<ThemeController*>()->setMode(mode);
    // Something worth looking at: the welcome's echo sandbox (a listener, a client and the
    // accepted socket) with a few bytes sent and echoed back; then the welcome is closed.
    QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("welcomeSandboxButton")), Qt::LeftButton);
    auto* sandbox = m_window->findChild<EchoSandbox*>();
    QVERIFY(sandbox);
    QTRY_VERIFY(sandbox->accepted() != 0 && mark("client", "connect") == QStringLiteral("current"));
    m_bridge->post(sks::cmd::Send{sandbox->client(), "hello, sockets\n"});
    QVERIFY(testsupport::waitSocket(*m_bridge->sockets(), sandbox->client(),
                                    [](const sks::SocketInfo& s) { return s.bytesIn == 15; }));
    QTest::mouseClick(m_window->findChild<QPushButton*>(QStringLiteral("welcomeCloseButton")), Qt::LeftButton);
    QTest::qWait(300); // the byte flow samples at 10 Hz: let it draw the burst

    const QImage image = m_window->grab().toImage();
    const qreal scale = m_window->devicePixelRatioF();
    QCOMPARE(image.width(), qRound(m_window->width() * scale));
    std::set<QRgb> colors;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colors.insert(image.pixel(x, y));
    QVERIFY2(colors.size() > 16, qPrintable(QStringLiteral("only %1 colors").arg(colors.size())));
    // Dark means dark: the window's background is darker than its text.
    const QPalette palette = QApplication::palette();
    if (mode == ThemeController::Mode::Dark)
        QVERIFY(palette.color(QPalette::Window).lightness() < palette.color(QPalette::WindowText).lightness());
    else
        QVERIFY(palette.color(QPalette::Window).lightness() > palette.color(QPalette::WindowText).lightness());

    const QString dir = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        const QString name = QStringLiteral("sockscope-%1-scale%2.png")
                                 .arg(ThemeController::modeId(mode), QString::number(qRound(scale)));
        QVERIFY(image.save(QDir(dir).filePath(name)));
    }
    m_window->findChild<ThemeController*>()->setMode(ThemeController::Mode::System);
}

QTEST_MAIN(TestFinish)
#include "tst_finish.moc"
