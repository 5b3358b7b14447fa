#pragma once

#include "app/lessonlinedelegate.h"
#include "app/lessonplayer.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QListWidget;
class QListWidgetItem;

// The lesson player's dock: the lesson's text with the line running (or next) marked ▶ and
// highlighted, lines that ran marked ✓ or ✗ (the mark, not only the colour, says which;
// LessonLineDelegate paints them, its roles hold them),
// the narration as a caption, the player's controls and the expectations' results.
// Errors in a lesson file are shown here too (lessonErrorLabel).
class LessonPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LessonPanel)

public:
    explicit LessonPanel(LessonPlayer& player, QWidget* parent = nullptr);
    ~LessonPanel() override;

    // Play/pause (F5), step (F10), restart (Ctrl+Shift+F5), faster (Ctrl+]) and slower
    // (Ctrl+[): for the Lessons menu and the window, so their shortcuts work everywhere.
    QList<QAction*> playerActions() const;

    // The line marked ▶ (0: none), the caption shown, the lesson text view.
    int highlightedLine() const noexcept { return m_highlighted; }
    QString caption() const;
    QListWidget* textView() const noexcept { return m_text; }
    QListWidget* resultsView() const noexcept { return m_results; }

    // Calm mode for screen recording: the caption moves to the big overlay, so the panel
    // keeps only the lesson text and its controls.
    void setPresentation(bool on);

public Q_SLOTS:
    // A lesson could not be loaded: `message` names the file, line:column and what is wrong.
    void showError(const QString& message);
    void clearError();

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void buildActions();
    QWidget* buildControls();
    QWidget* buildTextViews();
    void onLessonLoaded();
    void onRestarted();
    void onStepFinished(const LessonPlayer::Outcome& outcome);
    void onLineChanged(int line);
    void ensureCurrentVisible();
    void setNarration(const QString& text);
    void onStateChanged();
    void onSpeedPicked(int index);
    void showSpeed(double speed);
    void changeSpeed(int direction);
    void renderLine(int line);
    void addResult(const QString& text, bool failed, int line, const QString& toolTip);
    void updateStatus();
    void applyFonts();

    LessonPlayer& m_player;
    QLabel* m_title = nullptr;
    QLabel* m_caption = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_status = nullptr;
    QListWidget* m_text = nullptr;
    QListWidget* m_results = nullptr;
    QComboBox* m_speed = nullptr;
    QAction* m_playAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_restartAction = nullptr;
    QAction* m_fasterAction = nullptr;
    QAction* m_slowerAction = nullptr;
    LessonLineDelegate* m_delegate = nullptr;
    QList<LessonLineDelegate::Mark> m_marks; // by line - 1
    QString m_narration;
    QStringList m_lines;
    int m_highlighted = 0;
    int m_held = 0; // expectations that held since the last (re)start
};
