#include "app/windowlayout.h"

#include <QDir>
#include <QMainWindow>
#include <QSettings>

namespace windowlayout {
namespace {

const QString geometryKey = QStringLiteral("window/geometry");
const QString stateKey = QStringLiteral("window/state");

} // namespace

std::unique_ptr<QSettings> openSettings()
{
    const QString dir = qEnvironmentVariable("SOCKSCOPE_SETTINGS_DIR");
    if (!dir.isEmpty())
        return std::make_unique<QSettings>(QDir(dir).filePath(QStringLiteral("Sockscope.ini")),
                                           QSettings::IniFormat);
    return std::make_unique<QSettings>(QStringLiteral("Sockscope"), QStringLiteral("Sockscope"));
}

void save(const QMainWindow& window)
{
    const std::unique_ptr<QSettings> settings = openSettings();
    settings->setValue(geometryKey, window.saveGeometry());
    settings->setValue(stateKey, window.saveState(stateVersion));
}

bool restore(QMainWindow& window)
{
    const std::unique_ptr<QSettings> settings = openSettings();
    const QByteArray geometry = settings->value(geometryKey).toByteArray();
    const QByteArray state = settings->value(stateKey).toByteArray();
    const bool geometryRestored = !geometry.isEmpty() && window.restoreGeometry(geometry);
    const bool stateRestored = !state.isEmpty() && window.restoreState(state, stateVersion);
    return geometryRestored || stateRestored;
}

} // namespace windowlayout
