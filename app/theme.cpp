#include "app/theme.h"

#include "app/windowlayout.h"

#include <QApplication>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace {

const QString themeKey = QStringLiteral("appearance/theme");

// The desktop's style and palette as they were before any controller changed them: kept
// on the application object, so a second controller (a new window) still knows them.
const char* const systemStyleProperty = "sockscopeSystemStyle";
const char* const systemPaletteProperty = "sockscopeSystemPalette";

} // namespace

ThemeController::ThemeController(QObject* parent)
    : QObject(parent)
{
    QCoreApplication* app = QCoreApplication::instance();
    if (!app->property(systemStyleProperty).isValid()) {
        app->setProperty(systemStyleProperty, QApplication::style()->name());
        app->setProperty(systemPaletteProperty, QApplication::palette());
    }
    m_systemStyle = app->property(systemStyleProperty).toString();
    m_systemPalette = app->property(systemPaletteProperty).value<QPalette>();
    setObjectName(QStringLiteral("themeController"));
    m_mode = savedMode();
    if (m_mode != Mode::System)
        apply(m_mode);
}

ThemeController::~ThemeController() = default;

QString ThemeController::modeId(Mode mode)
{
    switch (mode) {
    case Mode::System: return QStringLiteral("system");
    case Mode::Light: return QStringLiteral("light");
    case Mode::Dark: return QStringLiteral("dark");
    }
    return {};
}

std::optional<ThemeController::Mode> ThemeController::parseMode(const QString& id)
{
    for (const Mode mode : {Mode::System, Mode::Light, Mode::Dark})
        if (modeId(mode) == id)
            return mode;
    return std::nullopt;
}

ThemeController::Mode ThemeController::savedMode()
{
    return parseMode(windowlayout::openSettings()->value(themeKey).toString()).value_or(Mode::System);
}

void ThemeController::setMode(Mode mode)
{
    windowlayout::openSettings()->setValue(themeKey, modeId(mode));
    if (mode == m_mode)
        return;
    m_mode = mode;
    apply(mode);
    Q_EMIT modeChanged(mode);
}

void ThemeController::apply(Mode mode)
{
    if (mode == Mode::System) {
        QApplication::setStyle(QStyleFactory::create(m_systemStyle));
        QApplication::setPalette(m_systemPalette);
        return;
    }
    // Fusion draws every control from the palette, so a forced palette looks whole.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(mode == Mode::Dark ? darkPalette() : lightPalette());
}

QPalette ThemeController::lightPalette()
{
    QPalette p(QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf5, 0xf5));
    p.setColor(QPalette::Text, QColor(0x1a, 0x1a, 0x1a));
    p.setColor(QPalette::WindowText, QColor(0x1a, 0x1a, 0x1a));
    p.setColor(QPalette::ButtonText, QColor(0x1a, 0x1a, 0x1a));
    p.setColor(QPalette::Highlight, QColor(0x1d, 0x4e, 0x89));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x1d, 0x4e, 0x89));
    p.setColor(QPalette::PlaceholderText, QColor(0x6b, 0x6b, 0x6b));
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xfb, 0xe6));
    p.setColor(QPalette::ToolTipText, QColor(0x1a, 0x1a, 0x1a));
    // setColor(role, …) above set every color group, Disabled too: without this a
    // disabled call button read exactly like an enabled one.
    for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x8a, 0x8a, 0x8a));
    return p;
}

QPalette ThemeController::darkPalette()
{
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe6, 0xe6, 0xe6);
    QPalette p(text, window, window.lighter(150), window.darker(150), window.darker(120), text, text,
               base, window);
    p.setColor(QPalette::Button, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe0));
    p.setColor(QPalette::HighlightedText, QColor(0x10, 0x10, 0x10));
    p.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xff));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x8a, 0x65));
    for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x80, 0x80, 0x80));
    return p;
}
