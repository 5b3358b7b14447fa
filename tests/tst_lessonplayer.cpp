// The lesson player in the GUI: a built-in lesson played in the main window on real
// sockets under the offscreen platform, stepping, a malformed lesson, the session saved
// as a lesson and replayed headless, the exports, presentation mode, and `sockscope
// LESSON.sks` from the command line.
#include "app/captionoverlay.h"
#include "app/enginebridge.h"
#include "app/journalmodel.h"
#include "app/journalpanel.h"
#include "app/journalspotlight.h"
#include "app/lessonlinedelegate.h"
#include "app/lessonpanel.h"
#include "app/lessonplayer.h"
#include "app/lessonsession.h"
#include "app/lessonui.h"
#include "app/mainwindow.h"
#include "app/presentationmode.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "core/script/parser.h"
#include "core/script/runner.h"
#include "core/sys/errnos.h"
#include "appfixture.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <algorithm>
#include <memory>

using namespace testsupport;
using sks::script::parseLesson;

namespace {

const QString kLifeCycle = QStringLiteral(":/lessons/tcp-server-life-cycle.sks");

// A call reduced to what must match between the GUI session and its replay: the call, and
// its result or errno (descriptors vary from run to run).
QString canonical(const sks::JournalEntry& e)
{
    QString out = QString::fromStdString(e.call) + QLatin1Char(' ');
    if (e.error != 0)
        return out + QString::fromStdString(sks::errnoName(e.error));
    if (e.call == "socket" || e.call == "accept")
        return out + QStringLiteral("FD");
    return out + QString::number(e.result);
}

// The line numbers of a program's statements (not blank lines or comments), in order.
QList<int> statementLines(const sks::script::Program& program)
{
    QList<int> lines;
    for (const auto& st : program.statements)
        if (st.kind != sks::script::Statement::Kind::Blank && st.kind != sks::script::Statement::Kind::Comment)
            lines << st.at.line;
    return lines;
}

// The mark the lesson panel shows beside `line` (✓ / ✗ / none), and whether it is ▶.
LessonLineDelegate::Mark markOf(const LessonPanel& panel, int line)
{
    return static_cast<LessonLineDelegate::Mark>(
        panel.textView()->item(line - 1)->data(LessonLineDelegate::MarkRole).toInt());
}

bool isCurrent(const LessonPanel& panel, int line)
{
    return panel.textView()->item(line - 1)->data(LessonLineDelegate::CurrentRole).toBool();
}

} // namespace

class TestLessonPlayer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void playsBuiltInLesson();
    void stepModeAdvancesOneLinePerClick();
    void failedExpectationIsMarked();
    void malformedLessonIsReported();
    void sessionSavedAsLessonReplays();
    void exportsAndWriteErrors();
    void presentationModeTogglesAndRestores();
    void commandLineReportsMalformedLesson();

private:
    void click(const char* objectName);
    void clickStep();
    void selectRow(sks::SocketId id);
    void clickThroughSession();
    sks::SocketId newSocket(const char* buttonName);
    QDockWidget* dock(const char* objectName) const;
    QStringList visibleDocks() const;
    void saveScreenshot(const char* name);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    LessonUi* m_lessons = nullptr;
};

void TestLessonPlayer::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    qputenv("SOCKSCOPE_SETTINGS_DIR", m_settingsDir.path().toLocal8Bit()); // never a user's layout
}

void TestLessonPlayer::init()
{
    const QString failed = testsupport::startApp(m_engine, m_bridge, m_window, QSize(1280, 800));
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    m_lessons = LessonUi::of(*m_window);
    QVERIFY(m_lessons);
    // Quick pacing: the tests watch what the panels show, not the clock.
    LessonPlayer::Timing timing;
    timing.call = std::chrono::milliseconds(10);
    timing.say = std::chrono::milliseconds(20);
    timing.sayPerChar = std::chrono::milliseconds(0);
    timing.callTimeout = std::chrono::milliseconds(5000);
    m_lessons->player()->setTiming(timing);
}

void TestLessonPlayer::cleanup()
{
    m_lessons = nullptr;
    m_window.reset();
    m_bridge.reset();
    m_engine.reset();
}

void TestLessonPlayer::click(const char* objectName)
{
    auto* button = m_window->findChild<QAbstractButton*>(QString::fromLatin1(objectName));
    QVERIFY2(button, objectName);
    QVERIFY2(button->isVisible(), objectName);
    QVERIFY2(button->isEnabled(), objectName);
    QTest::mouseClick(button, Qt::LeftButton);
}

// One click on Step, then wait until the statement is done (Step is enabled again).
void TestLessonPlayer::clickStep()
{
    click("lessonStepButton");
    LessonPlayer& player = *m_lessons->player();
    QTRY_VERIFY_WITH_TIMEOUT(!player.isBusy(), 6000);
}

void TestLessonPlayer::selectRow(sks::SocketId id)
{
    QTreeView* view = m_window->socketsPanel()->view();
    const QModelIndex index = m_bridge->sockets()->indexOf(id, SocketsModel::Kind);
    QVERIFY(index.isValid());
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QTRY_COMPARE(m_window->socketsPanel()->currentSocket(), id);
}

sks::SocketId TestLessonPlayer::newSocket(const char* buttonName)
{
    const int before = m_bridge->sockets()->socketCount();
    click(buttonName);
    if (!QTest::qWaitFor([&] { return m_bridge->sockets()->socketCount() == before + 1; }))
        return 0;
    const sks::SocketId id = m_bridge->sockets()->allSockets().back()->id;
    return QTest::qWaitFor([&] { return m_window->socketsPanel()->currentSocket() == id; }) ? id : 0;
}

QDockWidget* TestLessonPlayer::dock(const char* objectName) const
{
    return m_window->findChild<QDockWidget*>(QString::fromLatin1(objectName));
}

QStringList TestLessonPlayer::visibleDocks() const
{
    QStringList names;
    for (const QDockWidget* d : m_window->findChildren<QDockWidget*>())
        if (d->isVisible())
            names << d->objectName();
    names.sort();
    return names;
}

// SOCKSCOPE_SCREENSHOT_DIR=/tmp saves the window as /tmp/<name>.png, for a visual check.
void TestLessonPlayer::saveScreenshot(const char* name)
{
    const QString dir = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(m_window->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png")));
}

void TestLessonPlayer::playsBuiltInLesson()
{
    LessonPlayer& player = *m_lessons->player();
    LessonPanel& panel = *m_lessons->panel();
    SocketsModel& sockets = *m_bridge->sockets();
    QVERIFY(m_lessons->open(kLifeCycle).isEmpty());
    QVERIFY(dock("lessonDock")->isVisible());
    QTRY_VERIFY(panel.isVisible()); // its tab in front of Actions, not just open behind it
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("lessonTitle"))->text(), QStringLiteral("<b>TCP server life cycle</b>"));
    const QList<int> lines = statementLines(player.lesson()->program);
    QCOMPARE(panel.highlightedLine(), lines.front());
    QVERIFY(isCurrent(panel, lines.front()));
    QCOMPARE(panel.textView()->item(lines.front() - 1)->text(), QStringLiteral(
        "say \"A server starts as a plain socket: a descriptor with no address and no role yet.\""));

    // What the panels show at chosen moments, captured as the lesson gets there.
    QStringList seen;
    QList<int> highlighted;
    connect(&player, &LessonPlayer::currentLineChanged, this, [&](int line) { highlighted << line; });
    connect(&player, &LessonPlayer::stepFinished, this, [&](const LessonPlayer::Outcome& o) {
        if (o.statement == QStringLiteral("listen(srv, 5)"))
            seen << QStringLiteral("srv: ") + sockets.index(0, SocketsModel::State).data().toString();
        if (o.statement == QStringLiteral("conn = accept(srv)"))
            seen << QStringLiteral("children: %1").arg(sockets.rowCount(sockets.index(0, 0)));
    });
    QSignalSpy narration(&player, &LessonPlayer::narrationChanged);
    auto* speed = panel.findChild<QComboBox*>(QStringLiteral("lessonSpeedCombo"));
    speed->setCurrentIndex(speed->count() - 1);
    Q_EMIT speed->activated(speed->count() - 1);
    QCOMPARE(player.speed(), 4.0);
    click("lessonPlayButton");
    QCOMPARE(player.state(), LessonPlayer::State::Playing);
    QCOMPARE(m_window->findChild<QToolButton*>(QStringLiteral("lessonPlayButton"))->text(), QStringLiteral("Pause"));
    QTRY_VERIFY_WITH_TIMEOUT(player.state() == LessonPlayer::State::Finished, 30000);
    QCOMPARE(player.failures(), 0);

    QCOMPARE(seen, (QStringList{QStringLiteral("srv: listening"), QStringLiteral("children: 1")}));
    // The highlight moved down the lesson one statement at a time, and off it at the end.
    QCOMPARE(highlighted, lines.mid(1) + QList<int>{0});
    QCOMPARE(panel.highlightedLine(), 0);
    QCOMPARE(narration.size(), 10);
    QCOMPARE(narration.first().first().toString(),
             QStringLiteral("A server starts as a plain socket: a descriptor with no address and no role yet."));
    QCOMPARE(panel.caption(), QStringLiteral("Every descriptor is closed, and the port is free again."));

    // The socket tree: the server with its accepted connection, the client beside it, all closed.
    QCOMPARE(sockets.rowCount(), 2);
    QCOMPARE(sockets.rowCount(sockets.index(0, 0)), 1);
    for (const sks::SocketInfo* s : sockets.allSockets())
        QCOMPARE(s->state, sks::SocketState::Closed);
    // The journal tells the lesson's story, the EINVAL bind included.
    const JournalModel& journal = *m_bridge->journal();
    QStringList calls;
    for (int row = 0; row < journal.rowCount(); ++row)
        calls << canonical(journal.entry(row));
    QVERIFY2(calls.join(QLatin1Char(',')).startsWith(QStringLiteral("socket FD,bind 0,listen 0,socket FD,connect 0,accept FD,"
                                                                  "send 6,recv 6,send 9,recv 9,bind EINVAL,shutdown 0,recv 0")),
             qPrintable(calls.join(QLatin1Char(','))));
    QVERIFY(journal.index(7, JournalModel::Call).data().toString().contains(QStringLiteral("\"hello\\n\"")));
    // Every expectation listed as held, every line that ran marked ✓.
    QListWidget* results = panel.resultsView();
    QCOMPARE(results->count(), 7);
    for (int i = 0; i < results->count(); ++i)
        QVERIFY2(results->item(i)->text().startsWith(QStringLiteral("✓ line ")), qPrintable(results->item(i)->text()));
    for (const int line : lines)
        QCOMPARE(markOf(panel, line), LessonLineDelegate::DoneMark);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("lessonStatus"))->text(),
             QStringLiteral("Finished: every call did what the lesson expected."));
    QTRY_COMPARE(m_bridge->totals().openSockets, 0u);
}

void TestLessonPlayer::stepModeAdvancesOneLinePerClick()
{
    LessonPlayer& player = *m_lessons->player();
    LessonPanel& panel = *m_lessons->panel();
    QVERIFY(m_lessons->open(kLifeCycle).isEmpty());
    const QList<int> lines = statementLines(player.lesson()->program);
    QSignalSpy steps(&player, &LessonPlayer::stepFinished);
    for (int i = 0; i < 12; ++i) {
        QCOMPARE(panel.highlightedLine(), lines[i]);
        clickStep();
        QCOMPARE(steps.size(), i + 1); // exactly one statement per click
        QCOMPARE(steps.last().first().value<LessonPlayer::Outcome>().line, lines[i]);
        QCOMPARE(player.state(), LessonPlayer::State::Paused);
        QCOMPARE(panel.highlightedLine(), lines[i + 1]);
        QCOMPARE(markOf(panel, lines[i]), LessonLineDelegate::DoneMark);
        QVERIFY(!isCurrent(panel, lines[i]));
        QVERIFY(isCurrent(panel, lines[i + 1]));
        if (i == 0)
            QCOMPARE(panel.caption(),
                     QStringLiteral("A server starts as a plain socket: a descriptor with no address and no role yet."));
        if (i == 1) // srv = socket(...): the tree has it
            QTRY_COMPARE(m_bridge->sockets()->rowCount(), 1);
    }
    saveScreenshot("sockscope-lesson-stepping");
    // Restart closes what the lesson opened and goes back to the first line.
    click("lessonRestartButton");
    QCOMPARE(panel.highlightedLine(), lines.front());
    QCOMPARE(panel.resultsView()->count(), 0);
    QTRY_COMPARE(m_bridge->totals().openSockets, 0u);
}

void TestLessonPlayer::failedExpectationIsMarked()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("wrong.sks"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("s = socket(AF_INET, SOCK_STREAM)\nbind(s, 127.0.0.1:0) expect EINVAL\nlisten(s, 5)\nclose(s)\n");
    file.close();
    QVERIFY(m_lessons->open(path).isEmpty());
    LessonPlayer& player = *m_lessons->player();
    LessonPanel& panel = *m_lessons->panel();
    click("lessonPlayButton");
    // Playback stops on the failed line, which is marked ✗ and explained.
    QTRY_VERIFY_WITH_TIMEOUT(player.state() == LessonPlayer::State::Paused, 10000);
    QCOMPARE(player.failures(), 1);
    QCOMPARE(markOf(panel, 2), LessonLineDelegate::FailedMark);
    QVERIFY(isCurrent(panel, 3));
    QVERIFY(panel.textView()->item(1)->toolTip().startsWith(QStringLiteral("line 2: ")));
    QCOMPARE(panel.textView()->item(1)->data(Qt::AccessibleTextRole).toString(),
             QStringLiteral("line 2, failed: bind(s, 127.0.0.1:0) expect EINVAL"));
    QCOMPARE(panel.resultsView()->count(), 1);
    QVERIFY2(panel.resultsView()->item(0)->text().startsWith(QStringLiteral("✗ line 2  bind(s, 127.0.0.1:0) = 0, expected EINVAL")),
             qPrintable(panel.resultsView()->item(0)->text()));
    saveScreenshot("sockscope-lesson-failed");
    // Play goes on from there.
    click("lessonPlayButton");
    QTRY_VERIFY_WITH_TIMEOUT(player.state() == LessonPlayer::State::Finished, 10000);
    QCOMPARE(markOf(panel, 4), LessonLineDelegate::DoneMark);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("lessonStatus"))->text(),
             QStringLiteral("Finished with 1 failed line: it is marked ✗."));
}

void TestLessonPlayer::malformedLessonIsReported()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.sks"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# Broken\ns = socket(AF_INET, SOCK_STREAM)\nlisten(s)\n");
    file.close();

    QVERIFY(m_lessons->open(kLifeCycle).isEmpty());
    const QString error = m_lessons->open(path);
    QVERIFY2(error.endsWith(QStringLiteral("broken.sks:3:9: expected ',' and the backlog after the socket")), qPrintable(error));
    auto* label = m_window->findChild<QLabel*>(QStringLiteral("lessonErrorLabel"));
    QVERIFY(label->isVisible());
    QVERIFY2(label->text().contains(QStringLiteral("broken.sks:3:9:")), qPrintable(label->text()));
    // The app keeps running, and the lesson that was loaded is still there to play.
    QVERIFY(m_window->isVisible());
    QCOMPARE(m_lessons->player()->lesson()->title, QStringLiteral("TCP server life cycle"));
    saveScreenshot("sockscope-lesson-error");

    const QString missing = m_lessons->open(dir.filePath(QStringLiteral("nowhere.sks")));
    QVERIFY2(missing.startsWith(QStringLiteral("Cannot read ")) && missing.contains(QStringLiteral("nowhere.sks")),
             qPrintable(missing));
    // A good lesson clears the message.
    QVERIFY(m_lessons->open(kLifeCycle).isEmpty());
    QVERIFY(!label->isVisible());
}

// Server, blocking accept, client, connect, send, recv, a bind that fails, close: all by
// clicking the actions panel.
void TestLessonPlayer::clickThroughSession()
{
    SocketsModel& sockets = *m_bridge->sockets();
    const sks::SocketId server = newSocket("newServerButton");
    QVERIFY(server != 0);
    click("bindButton"); // 127.0.0.1:0
    QVERIFY(waitSocketState(sockets, server, sks::SocketState::Bound));
    click("listenButton");
    QVERIFY(waitSocketState(sockets, server, sks::SocketState::Listening));
    click("acceptButton"); // waits: the client connects afterwards
    QVERIFY(waitSocket(sockets, server, [](const auto& s) { return s.waiting == sks::Waiting::Accept; }));
    const sks::SocketId client = newSocket("newClientButton");
    QVERIFY(client != 0);
    auto* connectCombo = m_window->findChild<QComboBox*>(QStringLiteral("connectEndpointCombo"));
    QTRY_COMPARE(connectCombo->currentText(), QString::fromStdString(sockets.info(server)->local.toString()));
    click("connectButton");
    QVERIFY(waitSocketState(sockets, client, sks::SocketState::Connected));
    QTRY_COMPARE(sockets.rowCount(sockets.indexOf(server)), 1);
    const auto accepted = sockets.index(0, 0, sockets.indexOf(server)).data(SocketsModel::SocketIdRole).value<sks::SocketId>();
    auto* sendEdit = m_window->findChild<QLineEdit*>(QStringLiteral("sendEdit"));
    sendEdit->clear();
    QTest::keyClicks(sendEdit, QStringLiteral("hello\\n"));
    click("sendButton");
    QVERIFY(waitSocket(sockets, client, [](const auto& s) { return s.bytesOut == 6; }));
    selectRow(accepted);
    click("recvButton");
    QVERIFY(waitSocket(sockets, accepted, [](const auto& s) { return s.bytesIn == 6; }));
    selectRow(client);
    click("bindButton"); // a connected client cannot bind again: EINVAL
    QVERIFY(waitJournalCall(*m_bridge->journal(), client, "bind") >= 0);
    for (const sks::SocketId id : {client, accepted, server}) {
        selectRow(id);
        click("closeButton");
        QVERIFY(waitSocketState(sockets, id, sks::SocketState::Closed));
    }
}

void TestLessonPlayer::sessionSavedAsLessonReplays()
{
    clickThroughSession();
    if (QTest::currentTestFailed())
        return;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("session.sks"));
    QCOMPARE(m_lessons->saveSessionAsLesson(path), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    const auto program = parseLesson(text.toStdString());
    QVERIFY2(program, program ? "" : (program.error().toString() + "\n" + text.toStdString()).c_str());
    QVERIFY2(text.contains("conn = accept(srv)"), text.constData());
    QVERIFY2(text.contains("recv(conn, 4096) expect \"hello\\n\"") || text.contains("expect \"hello\\n\""), text.constData());

    // Replayed headless, the lesson makes the same calls with the same results.
    QStringList replayed;
    const sks::script::RunReport report = sks::script::runLesson(*program, {}, [&](const sks::script::StepResult& step,
                                                                                   const sks::script::LessonStepper&) {
        if (step.kind == sks::script::StepResult::Kind::Call && !step.entries.empty())
            replayed << canonical(step.entries[step.primary]);
    });
    QVERIFY2(report.passed, (report.failure + "\n" + text.toStdString()).c_str());
    QStringList recorded;
    for (const sks::JournalEntry& e : m_lessons->session()->recorder().recordedCalls())
        recorded << canonical(e);
    QCOMPARE(replayed, recorded);
    // ...which are the calls the clicks made (the accept after the connect it waited for).
    QStringList clicked;
    const JournalModel& journal = *m_bridge->journal();
    for (int row = 0; row < journal.rowCount(); ++row)
        clicked << canonical(journal.entry(row));
    QCOMPARE(clicked.size(), 12);
    QCOMPARE(replayed.size(), clicked.size());
    std::ranges::sort(replayed);
    std::ranges::sort(clicked);
    QCOMPARE(replayed, clicked);
}

void TestLessonPlayer::exportsAndWriteErrors()
{
    QVERIFY(m_lessons->open(QStringLiteral(":/lessons/socketpair.sks")).isEmpty());
    click("lessonPlayButton");
    QTRY_VERIFY_WITH_TIMEOUT(m_lessons->player()->state() == LessonPlayer::State::Finished, 30000);
    QCOMPARE(m_lessons->player()->failures(), 0);

    QTemporaryDir dir;
    const QString json = dir.filePath(QStringLiteral("journal.json"));
    QCOMPARE(m_lessons->exportJournalJson(json), QString());
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonArray calls = doc.array();
    QCOMPARE(calls.size(), m_bridge->journal()->rowCount());
    bool sawReceive = false;
    for (const QJsonValue& v : calls) {
        const QJsonObject o = v.toObject();
        for (const char* key : {"seq", "call", "text", "result", "errno", "fd", "socket_id", "bytes", "pending"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        if (o.value(QStringLiteral("call")).toString() == QStringLiteral("recv") && o.value(QStringLiteral("result")).toInt() > 0) {
            QCOMPARE(o.value(QStringLiteral("bytes")).toString().size(), o.value(QStringLiteral("result")).toInt());
            sawReceive = true;
        }
    }
    QVERIFY(sawReceive);

    for (const auto language : {LessonUi::Language::C, LessonUi::Language::Python}) {
        const QString code = dir.filePath(language == LessonUi::Language::C ? QStringLiteral("l.c") : QStringLiteral("l.py"));
        QCOMPARE(m_lessons->exportCode(code, language), QString());
        QFile out(code);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QVERIFY(out.readAll().contains("socketpair"));
    }
    const QString bad = dir.filePath(QStringLiteral("no/such/dir/session.sks"));
    const QString why = m_lessons->saveSessionAsLesson(bad);
    QVERIFY2(why.startsWith(QStringLiteral("Cannot write ")) && why.contains(QStringLiteral("session.sks")), qPrintable(why));
}

void TestLessonPlayer::presentationModeTogglesAndRestores()
{
    QVERIFY(m_lessons->open(kLifeCycle).isEmpty());
    const QStringList docksBefore = visibleDocks();
    const QFont fontBefore = QApplication::font();
    QTableView* journal = m_window->journalPanel()->view();
    const int rowHeightBefore = journal->verticalHeader()->defaultSectionSize();
    const int timeWidthBefore = journal->horizontalHeader()->sectionSize(JournalModel::Time);
    PresentationMode& mode = *m_lessons->presentation();
    QAction* toggle = m_window->findChild<QAction*>(QStringLiteral("presentationAction"));
    QVERIFY(toggle && toggle->isCheckable());
    QCOMPARE(toggle->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+P")));
    QVERIFY(m_window->findChild<QMenu*>(QStringLiteral("windowSizeMenu")));

    toggle->trigger();
    QVERIFY(mode.isActive());
    QCOMPARE(visibleDocks(), (QStringList{QStringLiteral("journalDock"), QStringLiteral("lessonDock")}));
    QCOMPARE(QApplication::font().pointSizeF(), fontBefore.pointSizeF() * PresentationMode::fontScale());
    QVERIFY(journal->verticalHeader()->defaultSectionSize() > rowHeightBefore);
    QVERIFY(m_window->socketsPanel()->isVisible());

    // Narration as the big caption; the newest journal entry highlighted.
    CaptionOverlay* caption = mode.caption();
    QVERIFY(!caption->isVisible());
    for (int i = 0; i < 3; ++i)
        clickStep(); // say, srv = socket(...), bind(...)
    QVERIFY(caption->isVisible());
    QCOMPARE(caption->text(), QStringLiteral("A server starts as a plain socket: a descriptor with no address and no role yet."));
    QTRY_COMPARE(m_bridge->journal()->rowCount(), 2);
    QTRY_COMPARE(journal->currentIndex().row(), 1); // held one moment on socket(), then bind()
    QCOMPARE(mode.spotlight()->spotlit(), 1);
    clickStep(); // the second say
    QVERIFY(caption->text().startsWith(QStringLiteral("Port 0 asks the kernel")));
    // The window size presets: the inside of the window becomes exactly that big.
    m_window->findChild<QAction*>(QStringLiteral("windowSize1080Action"))->trigger();
    QCOMPARE(m_window->size(), QSize(1920, 1080));
    saveScreenshot("sockscope-lesson-presentation");
    m_window->findChild<QAction*>(QStringLiteral("windowSize720Action"))->trigger();
    QCOMPARE(m_window->size(), QSize(1280, 720));
    QTRY_COMPARE(caption->geometry().bottom(), m_window->centralWidget()->height() - 17);
    saveScreenshot("sockscope-lesson-presentation-720p");

    // Leaving restores the font, the panels and their sizes exactly.
    toggle->trigger();
    QVERIFY(!mode.isActive());
    QVERIFY(!caption->isVisible());
    QCOMPARE(QApplication::font(), fontBefore);
    QCOMPARE(visibleDocks(), docksBefore);
    QCOMPARE(journal->verticalHeader()->defaultSectionSize(), rowHeightBefore);
    QCOMPARE(journal->horizontalHeader()->sectionSize(JournalModel::Time), timeWidthBefore);
}

void TestLessonPlayer::commandLineReportsMalformedLesson()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.sks"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("srv = socket(AF_INET, SOCK_STREAM)\nbind(srv, 127.0.0.1:)\n");
    file.close();
    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("SOCKSCOPE_SETTINGS_DIR"), dir.path());
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(SOCKSCOPE_GUI), {QStringLiteral("--play"), path});
    QVERIFY(app.waitForStarted());
    QByteArray err;
    QTRY_VERIFY_WITH_TIMEOUT((err += app.readAllStandardError()).contains("bad.sks:"), 20000);
    QVERIFY2(err.contains("bad.sks:2:21: expected a port number"), err.constData());
    // It reported and keeps running, the window up.
    QVERIFY(!app.waitForFinished(300));
    QCOMPARE(app.state(), QProcess::Running);
    app.terminate();
    QVERIFY(app.waitForFinished(10000));
}

QTEST_MAIN(TestLessonPlayer)
#include "tst_lessonplayer.moc"
