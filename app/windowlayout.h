#pragma once

#include <QByteArray>
#include <QString>

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

// Checks the settings before anything reads them. A file that is not a settings file
// (binary garbage, a syntax error) is moved aside to "<file>.corrupt" and the settings
// start afresh; known keys holding a value of the wrong type are removed. Returns what was
// reset, in words for the status bar; empty when all was well.
QString repair();

// Saves geometry and saveState(); called when the window closes.
void save(const QMainWindow& window);
// Applies what save() stored; false when nothing (usable) was stored. A stored geometry or
// state that cannot be applied (or would put the window off every screen, or larger than
// any) is removed, the window keeps its default, and `problem` (if given) says so.
bool restore(QMainWindow& window, QString* problem = nullptr);

} // namespace windowlayout
