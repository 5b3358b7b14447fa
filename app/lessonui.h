#pragma once

#include <QObject>
#include <QString>

class EngineBridge;
class LessonPanel;
class LessonPlayer;
class LessonSession;
class MainWindow;
class PresentationMode;
class QMenu;
class QMenuBar;
class QWidget;

// Everything about lessons in the window, built in one place (MainWindow's "[lesson
// panels]" block): the player and its panel (the "lessonDock"), the Lessons menu with
// the built-in lessons and Open lesson…, the session recorder with File > Save session as
// lesson… and the exports, and presentation mode. A child of the window.
class LessonUi final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LessonUi)

public:
    enum class Language { C, Python };

    LessonUi(EngineBridge& bridge, MainWindow& window);
    ~LessonUi() override;

    // The window's LessonUi, or nullptr (main() uses it for `sockscope LESSON.sks`).
    static LessonUi* of(const MainWindow& window);

    LessonPanel* panel() const noexcept { return m_panel; }
    // The panel as the window docks it ("lessonDock").
    QWidget* panelWidget() const noexcept;
    LessonPlayer* player() const noexcept { return m_player; }
    LessonSession* session() const noexcept { return m_session; }
    PresentationMode* presentation() const noexcept { return m_presentation; }

    // File: the session and export actions, above the first existing action (Quit).
    // View: presentation mode and window sizes. A Lessons menu after the last menu.
    void addMenus(QMenuBar& bar, QMenu& file, QMenu& view);

    // Loads a lesson file into the player (paused on its first line) and shows the dock.
    // On failure the panel and the status bar show why (with line:column for a malformed
    // lesson); the message is returned too. Empty: loaded.
    QString open(const QString& path);

    // File writes behind the menu actions, without dialogs. Empty, or why they failed.
    QString saveSessionAsLesson(const QString& path) const;
    // The lesson loaded in the player, or the recorded session when none is.
    QString exportCode(const QString& path, Language language) const;
    QString exportJournalJson(const QString& path) const;

private:
    QMenu* buildLessonsMenu(QMenuBar& bar);
    void showDock();
    QString askSavePath(const QString& title, const QString& suffix, const QString& filter);
    void report(const QString& error, const QString& done);
    void openDialog();

    EngineBridge& m_bridge;
    MainWindow& m_window;
    LessonPlayer* m_player = nullptr;
    LessonPanel* m_panel = nullptr;
    LessonSession* m_session = nullptr;
    PresentationMode* m_presentation = nullptr;
    QString m_lastDir;
};
