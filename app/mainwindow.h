#pragma once

#include "core/engine/events.h"

#include <QMainWindow>

class ActionsPanel;
class EngineBridge;
class JournalPanel;
class QDockWidget;
class QLabel;
class SocketsPanel;

// The main window: the socket tree in the middle, the calls for the selected socket on
// the right, the journal at the bottom and the totals in the status bar. It only wires
// widgets to the bridge; it owns no sockets.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(EngineBridge& bridge, QWidget* parent = nullptr);
    ~MainWindow() override;

    SocketsPanel* socketsPanel() const noexcept { return m_socketsPanel; }
    ActionsPanel* actionsPanel() const noexcept { return m_actionsPanel; }
    JournalPanel* journalPanel() const noexcept { return m_journalPanel; }

    // "3 open sockets · 12 B in · 12 B out"
    static QString totalsText(const sks::Totals& totals);

public Q_SLOTS:
    // Back to the default docks (View > Reset layout).
    void resetLayout();

protected:
    // Remembers the layout (windowlayout.h) for the next start.
    void closeEvent(QCloseEvent* event) override;

private:
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* content,
                         Qt::DockWidgetArea area);
    void buildMenus();
    void showNotice(const sks::Notice& notice);
    void onSocketAppeared(sks::SocketId id);

    EngineBridge& m_bridge;
    SocketsPanel* m_socketsPanel = nullptr;
    ActionsPanel* m_actionsPanel = nullptr;
    JournalPanel* m_journalPanel = nullptr;
    QLabel* m_totalsLabel = nullptr;
    QList<QDockWidget*> m_docks;
    QByteArray m_defaultLayout;
    sks::SocketId m_pendingSelection = 0;
};
