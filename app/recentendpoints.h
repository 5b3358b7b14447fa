#pragma once

#include "app/endpointtargets.h"

#include <QStringList>

#include <vector>

class QLineEdit;

// Endpoints the user typed into bind(), connect() and sendto(), remembered in the settings
// (newest first, at most kMaxRemembered) and offered again in those fields next time.
namespace recentendpoints {

inline constexpr int kMaxRemembered = 8;

// Newest first; empty when nothing was remembered or the settings hold something else.
QStringList load();

// Puts `text` first (once), keeps at most kMaxRemembered, saves.
void remember(const QString& text);

// Appends the remembered endpoints that `targets` does not already offer.
void appendTo(std::vector<endpointtargets::Target>& targets);

// Offers the remembered endpoints as completions in `edit`, refreshed on every remember().
void attachCompleter(QLineEdit& edit);

} // namespace recentendpoints
