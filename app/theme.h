#pragma once

#include <QObject>
#include <QPalette>
#include <QString>

#include <optional>

// Light or dark: follows the desktop (System) or forces a palette with the Fusion style.
// The choice is remembered in the app's settings (windowlayout::openSettings()).
class ThemeController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThemeController)

public:
    enum class Mode { System, Light, Dark };
    Q_ENUM(Mode)

    // Remembers the desktop's style and palette (for System), then applies the saved mode.
    // Needs a QApplication.
    explicit ThemeController(QObject* parent = nullptr);
    ~ThemeController() override;

    Mode mode() const noexcept { return m_mode; }

    static QString modeId(Mode mode);                    // "system", "light", "dark"
    static std::optional<Mode> parseMode(const QString& id);
    static QPalette lightPalette();
    static QPalette darkPalette();
    // The saved mode; System when nothing (valid) was saved.
    static Mode savedMode();

public Q_SLOTS:
    // Sets the application's style and palette and saves the choice.
    void setMode(ThemeController::Mode mode);

Q_SIGNALS:
    void modeChanged(ThemeController::Mode mode);

private:
    void apply(Mode mode);

    Mode m_mode = Mode::System;
    QString m_systemStyle;
    QPalette m_systemPalette;
};
