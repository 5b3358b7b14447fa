#pragma once

#include <QByteArray>

#include <memory>

class QMainWindow;
class QSettings;

// Where the window's layout (geometry, which docks are shown and where) is remembered.
namespace windowlayout {

// Bump when docks change so much that an old saved state would put them in odd places.
constexpr int stateVersion = 1;

// The app's settings: organisation and application "Sockscope" in the platform's usual
// place, or <dir>/Sockscope.ini when SOCKSCOPE_SETTINGS_DIR=<dir> is set (tests set it,
// so they never read or overwrite a user's layout).
std::unique_ptr<QSettings> openSettings();

// Saves geometry and saveState(); called when the window closes.
void save(const QMainWindow& window);
// Applies what save() stored; false when nothing (usable) was stored.
bool restore(QMainWindow& window);

} // namespace windowlayout
