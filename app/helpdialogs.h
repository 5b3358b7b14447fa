#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QMainWindow;
class QMenu;
class QPlainTextEdit;
class QProcess;
class QTreeWidget;
class ThemeController;

// Help > Keyboard shortcuts: every action and button with a shortcut in `window`,
// collected when the dialog opens (so panels added later are listed too).
class ShortcutsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)

public:
    explicit ShortcutsDialog(const QWidget& window, QWidget* parent = nullptr);
    ~ShortcutsDialog() override;

    QTreeWidget* list() const noexcept { return m_list; }

private:
    QTreeWidget* m_list = nullptr;
};

// Help > Man page for a call: `man 2 <call>` run asynchronously (no shell), or the app's
// own explanation when the manual page is not installed.
class ManPageDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ManPageDialog)

public:
    explicit ManPageDialog(QWidget* parent = nullptr);
    ~ManPageDialog() override;

    QString text() const;

public Q_SLOTS:
    // Shows the page for `call` ("bind", "accept" ...); the text arrives later.
    void showCall(const QString& call);

Q_SIGNALS:
    // The text for the current call is shown; fromManual: it came from `man`.
    void pageShown(bool fromManual);

private:
    void showFallback(const QString& call);

    QComboBox* m_call = nullptr;
    QLabel* m_source = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QProcess* m_man = nullptr;
};

// Adds View > Theme (System/Light/Dark, driving `theme`) and the Help menu's entries
// (Keyboard shortcuts, Man page for a call), creating the Help menu if there is none.
namespace helpmenus {
void build(QMainWindow& window, QMenu& view, ThemeController& theme);
}
