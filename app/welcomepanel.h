#pragma once

#include <QWidget>

class EngineBridge;
class MainWindow;
class QCheckBox;
class QDockWidget;
class QLabel;
class QMenu;

// The first-run welcome, a dock (never a modal dialog: nothing waits on it): the built-in
// lessons, each one click from the Lesson panel, and the one-click "echo server and
// client" sandbox (echosandbox.h). Shown at start until it is closed with "Don't show
// this again" checked (remembered in the app's settings); Help > Welcome brings it back.
class WelcomePanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WelcomePanel)

public:
    WelcomePanel(EngineBridge& bridge, MainWindow& window);
    ~WelcomePanel() override;

    // Whether the welcome should appear at start: not dismissed for good yet.
    static bool wanted();
    static void setWanted(bool wanted);

    // Shows or hides `dock` (the one holding this panel) as wanted(); called once the
    // saved layout is restored, so the setting wins over the layout.
    void applyStartVisibility(QDockWidget& dock);
    // Help > Welcome: shows the dock again.
    void addHelpAction(QMenu& help);

public Q_SLOTS:
    // Builds the echo sandbox and selects its client.
    void startSandbox();
    void openLesson(const QString& resource);
    // Hides the dock; with "Don't show this again" checked, for good.
    void dismiss();

private:
    QWidget* buildLessons();
    QDockWidget* dock() const;

    EngineBridge& m_bridge;
    MainWindow& m_window;
    QLabel* m_status = nullptr;
    QCheckBox* m_dontShow = nullptr;
};
