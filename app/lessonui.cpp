#include "app/lessonui.h"

#include "app/enginebridge.h"
#include "app/lessonlibrary.h"
#include "app/lessonpanel.h"
#include "app/lessonplayer.h"
#include "app/lessonsession.h"
#include "app/mainwindow.h"
#include "app/presentationmode.h"
#include "core/script/codegen.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStandardPaths>
#include <QStatusBar>

namespace {

constexpr int kStatusMs = 8000;

QString lessonFilter()
{
    return LessonUi::tr("Sockscope lessons (*.sks);;All files (*)");
}

} // namespace

LessonUi::LessonUi(EngineBridge& bridge, MainWindow& window)
    : QObject(&window)
    , m_bridge(bridge)
    , m_window(window)
    , m_player(new LessonPlayer(bridge, this))
    , m_panel(new LessonPanel(*m_player, &window))
    , m_session(new LessonSession(bridge, this))
    , m_presentation(new PresentationMode(window, bridge, *m_player, *m_panel, this))
{
    setObjectName(QStringLiteral("lessonUi"));
    m_panel->setObjectName(QStringLiteral("lessonPanel"));
    // The player's shortcuts work wherever the focus is, even with the dock hidden.
    m_window.addActions(m_panel->playerActions());
    m_window.addAction(m_presentation->toggleAction());
    m_lastDir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    connect(m_player, &LessonPlayer::finished, this, [this](bool passed) {
        const int failed = m_player->failures();
        m_window.statusBar()->showMessage(passed        ? tr("Lesson finished: every expectation held.")
                                              : failed == 1 ? tr("Lesson finished: 1 line failed.")
                                                            : tr("Lesson finished: %1 lines failed.").arg(failed),
                                          kStatusMs);
    });
}

LessonUi::~LessonUi() = default;

LessonUi* LessonUi::of(const MainWindow& window)
{
    return window.findChild<LessonUi*>(QStringLiteral("lessonUi"), Qt::FindDirectChildrenOnly);
}

QWidget* LessonUi::panelWidget() const noexcept
{
    return m_panel;
}

void LessonUi::addMenus(QMenuBar& bar, QMenu& file, QMenu& view)
{
    QAction* before = file.actions().value(0);
    const auto add = [this, &file, before](const QString& objectName, const QString& text, const QString& tip,
                                           auto slot) {
        auto* action = new QAction(text, &file);
        action->setObjectName(objectName);
        action->setToolTip(tip);
        connect(action, &QAction::triggered, this, slot);
        file.insertAction(before, action);
        return action;
    };
    add(QStringLiteral("saveSessionAction"), tr("&Save session as lesson…"),
        tr("Everything done since Sockscope started, as a .sks lesson that replays to the same calls "
           "and checks the same results."),
        [this] {
            const QString path = askSavePath(tr("Save session as lesson"), QStringLiteral("sks"), lessonFilter());
            if (!path.isEmpty())
                report(saveSessionAsLesson(path), tr("Saved the session as %1").arg(path));
        })->setShortcut(QKeySequence::Save);
    add(QStringLiteral("exportCAction"), tr("Export as &C…"),
        tr("The lesson playing (or, with none, this session) as a C program making the same calls."), [this] {
            const QString path = askSavePath(tr("Export as C"), QStringLiteral("c"), tr("C source (*.c)"));
            if (!path.isEmpty())
                report(exportCode(path, Language::C), tr("Wrote %1 (build it with: cc -o lesson %1)").arg(path));
        });
    add(QStringLiteral("exportPythonAction"), tr("Export as &Python…"),
        tr("The lesson playing (or, with none, this session) as a Python 3 program making the same calls."),
        [this] {
            const QString path = askSavePath(tr("Export as Python"), QStringLiteral("py"), tr("Python (*.py)"));
            if (!path.isEmpty())
                report(exportCode(path, Language::Python), tr("Wrote %1 (run it with: python3 %1)").arg(path));
        });
    add(QStringLiteral("exportJournalAction"), tr("Export &journal as JSON…"),
        tr("Every call in the journal as JSON, one object per call, with the bytes each send and receive moved."),
        [this] {
            const QString path = askSavePath(tr("Export journal as JSON"), QStringLiteral("json"), tr("JSON (*.json)"));
            if (!path.isEmpty())
                report(exportJournalJson(path), tr("Wrote the journal to %1").arg(path));
        });
    file.insertSeparator(before);
    for (QAction* action : file.actions())
        if (action->menu() == nullptr && !action->isSeparator())
            action->setStatusTip(action->toolTip());
    file.setToolTipsVisible(true);

    m_presentation->addViewActions(view);
    buildLessonsMenu(bar);
}

QMenu* LessonUi::buildLessonsMenu(QMenuBar& bar)
{
    QMenu* menu = bar.addMenu(tr("&Lessons"));
    menu->setObjectName(QStringLiteral("lessonsMenu"));
    menu->setToolTipsVisible(true);
    menu->addActions(m_panel->playerActions());
    menu->addSeparator();
    for (const lessonlibrary::BuiltIn& lesson : lessonlibrary::builtInLessons()) {
        QAction* action = menu->addAction(lesson.title);
        action->setObjectName(QStringLiteral("lesson:") + QFileInfo(lesson.resource).completeBaseName());
        action->setToolTip(tr("Load the built-in lesson “%1”; press Play (F5) or Step (F10).").arg(lesson.title));
        connect(action, &QAction::triggered, this, [this, resource = lesson.resource] { open(resource); });
    }
    menu->addSeparator();
    QAction* openAction = menu->addAction(tr("&Open lesson…"));
    openAction->setObjectName(QStringLiteral("openLessonAction"));
    openAction->setShortcut(QKeySequence::Open);
    openAction->setToolTip(tr("Play a .sks lesson file: yours, one someone shared, or a saved session."));
    connect(openAction, &QAction::triggered, this, &LessonUi::openDialog);
    return menu;
}

QString LessonUi::open(const QString& path)
{
    auto lesson = lessonlibrary::load(path);
    showDock();
    if (!lesson) {
        m_panel->showError(lesson.error());
        m_window.statusBar()->showMessage(lesson.error(), kStatusMs);
        return lesson.error();
    }
    if (!path.startsWith(QLatin1Char(':')))
        m_lastDir = QFileInfo(path).absolutePath();
    m_player->load(std::move(*lesson));
    return {};
}

void LessonUi::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(&m_window, tr("Open lesson"), m_lastDir, lessonFilter());
    if (!path.isEmpty())
        open(path);
}

QString LessonUi::saveSessionAsLesson(const QString& path) const
{
    return writeWholeFile(path, m_session->lessonText());
}

QString LessonUi::exportCode(const QString& path, Language language) const
{
    const lessonlibrary::Lesson* lesson = m_player->lesson();
    const sks::script::Program program = lesson ? lesson->program : m_session->recorder().program();
    const std::string name = lesson ? lesson->title.toStdString() : std::string("recorded session");
    const std::string code = language == Language::C ? sks::script::generateC(program, name)
                                                     : sks::script::generatePython(program, name);
    return writeWholeFile(path, QByteArray::fromStdString(code));
}

QString LessonUi::exportJournalJson(const QString& path) const
{
    return writeWholeFile(path, m_session->journalJson(*m_bridge.journal()));
}

void LessonUi::showDock()
{
    // The panel sits in a scroll area inside its dock: walk up to the dock.
    for (QWidget* w = m_panel->parentWidget(); w != nullptr; w = w->parentWidget()) {
        if (auto* dock = qobject_cast<QDockWidget*>(w)) {
            dock->show();
            dock->raise();
            return;
        }
    }
}

QString LessonUi::askSavePath(const QString& title, const QString& suffix, const QString& filter)
{
    // Code is named after the lesson it came from.
    const bool code = suffix == QLatin1String("c") || suffix == QLatin1String("py");
    const lessonlibrary::Lesson* lesson = code ? m_player->lesson() : nullptr;
    const QString base = lesson ? QFileInfo(lesson->source).completeBaseName()
        : suffix == QLatin1String("json") ? QStringLiteral("journal")
                                          : QStringLiteral("session");
    const QString suggested = QDir(m_lastDir).filePath(base + QLatin1Char('.') + suffix);
    QFileDialog dialog(&m_window, title, suggested, filter);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(suffix);
    dialog.selectFile(suggested);
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return {};
    const QString path = dialog.selectedFiles().constFirst();
    m_lastDir = QFileInfo(path).absolutePath();
    return path;
}

void LessonUi::report(const QString& error, const QString& done)
{
    if (error.isEmpty()) {
        m_window.statusBar()->showMessage(done, kStatusMs);
        return;
    }
    m_window.statusBar()->showMessage(error, kStatusMs);
    QMessageBox::warning(&m_window, tr("Sockscope"), error);
}
