#pragma once

#include "core/engine/socketstate.h"
#include "core/inspect/socketinventory.h"

#include <QWidget>

#include <memory>
#include <optional>

class AddressInUseWatch;
class EngineBridge;
class InventoryWorker;
class QAbstractButton;
class QBoxLayout;
class QLabel;
class QLayout;
class QLineEdit;
class QMenu;
class QPushButton;
class QTableView;
class QTimer;
class SystemSocketsModel;
class SystemSocketsProxy;

// "System sockets": every socket of the machine the way `ss` lists it, who owns it, and
// one click to talk to a local service. Snapshots are taken on the inventory worker's
// thread about once a second while the panel is visible (paused while hidden); rows that
// appear, change or vanish are marked for a moment. The app's own sockets are marked and
// lead to their row in the Sockets panel (appSocketActivated()). "Connect a client here"
// on a listening row creates a socket in the app connected to it.
//
// The panel also owns the watch that explains EADDRINUSE failures in the journal (see
// AddressInUseWatch), since both read the same inventory worker.
class SystemSocketsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemSocketsPanel)

public:
    static constexpr int kRefreshMs = 1000;
    // After the app's own sockets did something: refresh soon, not at the next tick.
    static constexpr int kQuickRefreshMs = 150;

    explicit SystemSocketsPanel(EngineBridge& bridge, QWidget* parent = nullptr);
    ~SystemSocketsPanel() override;

    SystemSocketsModel* model() const noexcept { return m_model; }
    SystemSocketsProxy* proxy() const noexcept { return m_proxy; }
    QTableView* view() const noexcept { return m_view; }
    QLineEdit* filterEdit() const noexcept { return m_filterEdit; }
    // Snapshots applied so far.
    int refreshCount() const noexcept { return m_refreshCount; }
    // Whether it refreshes now: shown (in a dock: its tab in front) and not paused.
    bool isRefreshing() const;

    // The socket a client needs to talk to the socket on `row` (a listening TCP, UDP or
    // Unix row), and the address to connect to: a wildcard listener is reached through
    // the loopback address of its family. nullopt for rows nothing can connect to.
    struct ClientTarget {
        sks::Family family = sks::Family::IPv4;
        sks::SockType type = sks::SockType::Stream;
        sks::Endpoint endpoint;
    };
    static std::optional<ClientTarget> clientTargetFor(const sks::inspect::SystemSocket& socket);

public Q_SLOTS:
    // Takes a snapshot now, on the worker thread, unless one is under way.
    void refresh();
    // "Connect a client here" on the proxy row: creates the app socket, connects it and
    // returns its id (0 when the row cannot be connected to). The socket is selected in
    // the Sockets panel once it appears (appSocketActivated()).
    sks::SocketId connectClientTo(const QModelIndex& proxyIndex);

Q_SIGNALS:
    // Show socket `id` in the app's panels (select it in the Sockets panel).
    void appSocketActivated(sks::SocketId id);
    // A failed bind (EADDRINUSE) explained: "bind(127.0.0.1:8080) on socket #2 failed:
    // 127.0.0.1:8080 is held by pid 1234 (nginx), fd 6".
    void addressInUseExplained(const QString& message);
    // A snapshot was applied to the model.
    void refreshed();

protected:
    bool event(QEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    QLayout* buildToolBar();
    void buildLabels();
    void connectSignals();
    QAbstractButton* addToggle(QBoxLayout* row, const QString& text, const QString& objectName, const QString& toolTip);
    void buildView();
    void fitColumns();
    void applySnapshot(const std::shared_ptr<sks::inspect::SocketSnapshot>& snapshot, double milliseconds);
    void showSnapshotError(const QString& error);
    void updateKindFilter();
    void updateCounts();
    void updateSourceLabel(const sks::inspect::SocketSnapshot& snapshot, double milliseconds);
    void updateActions();
    void updateHint();
    void scheduleQuickRefresh();
    void watchDock();
    void updateRefreshing();
    void showContextMenu(const QPoint& position);
    void onActivated(const QModelIndex& proxyIndex);
    void onSocketAppeared(sks::SocketId id);
    const sks::inspect::SystemSocket* socketAt(const QModelIndex& proxyIndex) const;

    EngineBridge& m_bridge;
    InventoryWorker* m_worker = nullptr;
    SystemSocketsModel* m_model = nullptr;
    SystemSocketsProxy* m_proxy = nullptr;
    AddressInUseWatch* m_addressWatch = nullptr;
    QTableView* m_view = nullptr;
    QLineEdit* m_filterEdit = nullptr;
    QAbstractButton* m_tcpToggle = nullptr;
    QAbstractButton* m_udpToggle = nullptr;
    QAbstractButton* m_unixToggle = nullptr;
    QAbstractButton* m_listeningToggle = nullptr;
    QAbstractButton* m_ownToggle = nullptr;
    QAbstractButton* m_pauseToggle = nullptr;
    QPushButton* m_connectButton = nullptr;
    QLabel* m_countsLabel = nullptr;
    QLabel* m_sourceLabel = nullptr;
    QLabel* m_warningLabel = nullptr;
    QTimer* m_refreshTimer = nullptr;
    QTimer* m_quickRefreshTimer = nullptr;
    sks::SocketId m_pendingClient = 0;
    int m_refreshCount = 0;
    bool m_refreshWanted = false; // a refresh was asked for while one was under way
    QObject* m_watchedDock = nullptr;
    // A tab behind another stays "visible" to Qt; its dock says so with visibilityChanged.
    bool m_dockVisible = true;
};
