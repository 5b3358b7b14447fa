#include "app/fontscale.h"

#include "app/windowlayout.h"

#include <QAction>
#include <QApplication>
#include <QFont>
#include <QMenu>
#include <QSettings>

#include <algorithm>
#include <cmath>

namespace {

const QString scaleKey = QStringLiteral("appearance/fontScale");
// Kept on the application object, so a second window scales the desktop's font, not
// an already scaled one.
const char* const systemFontProperty = "sockscopeSystemFont";
constexpr double kStep = 1.1;

double clampScale(double scale)
{
    if (!std::isfinite(scale))
        return 1.0;
    return std::clamp(scale, FontScaleController::kMinScale, FontScaleController::kMaxScale);
}

} // namespace

FontScaleController::FontScaleController(QObject* parent)
    : QObject(parent)
{
    setObjectName(QStringLiteral("fontScaleController"));
    QCoreApplication* app = QCoreApplication::instance();
    if (!app->property(systemFontProperty).isValid())
        app->setProperty(systemFontProperty, QApplication::font());
    m_scale = savedScale();
    if (m_scale != 1.0)
        apply();
}

FontScaleController::~FontScaleController() = default;

double FontScaleController::savedScale()
{
    bool ok = false;
    const double scale = windowlayout::openSettings()->value(scaleKey, 1.0).toDouble(&ok);
    return ok ? clampScale(scale) : 1.0;
}

void FontScaleController::addMenu(QMenu& view)
{
    QMenu* menu = view.addMenu(tr("&Font size"));
    menu->setObjectName(QStringLiteral("fontSizeMenu"));
    menu->setToolTipsVisible(true);
    const auto add = [this, menu](const QString& name, const QString& text, const QList<QKeySequence>& keys,
                                  const QString& tip, void (FontScaleController::*slot)()) {
        QAction* action = menu->addAction(text);
        action->setObjectName(name);
        action->setShortcuts(keys);
        action->setToolTip(tip);
        action->setStatusTip(tip);
        connect(action, &QAction::triggered, this, slot);
    };
    add(QStringLiteral("fontLargerAction"), tr("&Larger"), {QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)},
        tr("Every panel's text a step larger: for a projector or a screen recording."), &FontScaleController::larger);
    add(QStringLiteral("fontSmallerAction"), tr("&Smaller"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)},
        tr("Every panel's text a step smaller, to fit more on the screen."), &FontScaleController::smaller);
    add(QStringLiteral("fontResetAction"), tr("&Reset"), {QKeySequence(Qt::CTRL | Qt::Key_0)},
        tr("The desktop's own font size."), &FontScaleController::reset);
}

void FontScaleController::setScale(double scale)
{
    scale = clampScale(scale);
    windowlayout::openSettings()->setValue(scaleKey, scale);
    if (qFuzzyCompare(scale, m_scale))
        return;
    m_scale = scale;
    apply();
    Q_EMIT scaleChanged(scale);
}

void FontScaleController::larger()
{
    setScale(m_scale * kStep);
}

void FontScaleController::smaller()
{
    setScale(m_scale / kStep);
}

void FontScaleController::reset()
{
    setScale(1.0);
}

void FontScaleController::apply()
{
    QFont font = QCoreApplication::instance()->property(systemFontProperty).value<QFont>();
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * m_scale);
    else
        font.setPixelSize(std::max(1, qRound(font.pixelSize() * m_scale)));
    QApplication::setFont(font);
}
