#pragma once

// The GUI tests' start-up: the app as a user starts it (engine, bridge, main window shown),
// for tests that link the app. Core-only tests use testsupport.h alone.
#include "app/enginebridge.h"
#include "app/mainwindow.h"

#include "core/engine/engine.h"

#include <QSize>
#include <QString>
#include <QTest>

#include <memory>

namespace testsupport {

// Stops what the three hold (window, bridge, engine: in that order), starts them again,
// shows the window (at `size` unless it is empty) and waits until it is exposed.
// Returns why it failed, or an empty string.
inline QString startApp(std::unique_ptr<sks::Engine>& engine, std::unique_ptr<EngineBridge>& bridge,
                        std::unique_ptr<MainWindow>& window, QSize size = {})
{
    window.reset();
    bridge.reset();
    engine.reset();
    auto started = sks::Engine::start();
    if (!started)
        return QString::fromStdString("the engine did not start: " + started.error().toString());
    engine = std::move(*started);
    bridge = std::make_unique<EngineBridge>(*engine);
    window = std::make_unique<MainWindow>(*bridge);
    if (!size.isEmpty())
        window->resize(size);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return QStringLiteral("the main window was not exposed");
    return {};
}

} // namespace testsupport
