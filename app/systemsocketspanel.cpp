#include "app/systemsocketspanel.h"

#include "app/addressinusewatch.h"
#include "app/enginebridge.h"
#include "app/inventoryworker.h"
#include "app/journalmodel.h"
#include "app/socketsmodel.h"
#include "app/systemsocketsmodel.h"
#include "app/systemsocketsproxy.h"

#include <QApplication>
#include <QClipboard>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>

namespace inspect = sks::inspect;

namespace {

// A table that says why it is empty: still reading, or nothing matches the filter.
class HintTableView final : public QTableView {
public:
    using QTableView::QTableView;

    void setHint(const QString& hint)
    {
        if (hint == m_hint)
            return;
        m_hint = hint;
        viewport()->update();
    }

protected:
    void paintEvent(QPaintEvent* event) override
    {
        QTableView::paintEvent(event);
        if (m_hint.isEmpty() || (model() && model()->rowCount() > 0))
            return;
        QPainter painter(viewport());
        painter.setPen(palette().color(QPalette::Disabled, QPalette::Text));
        const int width = std::min(viewport()->width() - 48, fontMetrics().averageCharWidth() * 60);
        QRect area(0, 0, width, viewport()->height() - 24);
        area.moveCenter(viewport()->rect().center());
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_hint);
    }

private:
    QString m_hint;
};

QString fromView(std::string_view text) { return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())); }

// "1 socket", "12 sockets": no translation files yet, so %n would print "socket(s)".
QString countText(std::size_t count, const QString& one, const QString& many)
{
    return count == 1 ? one : many.arg(count);
}

} // namespace

SystemSocketsPanel::SystemSocketsPanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_worker(new InventoryWorker(this))
    , m_model(new SystemSocketsModel(this))
    , m_proxy(new SystemSocketsProxy(*m_model, this))
    , m_addressWatch(new AddressInUseWatch(bridge, *m_worker, this))
    , m_countsLabel(new QLabel(this))
    , m_sourceLabel(new QLabel(this))
    , m_warningLabel(new QLabel(this))
    , m_refreshTimer(new QTimer(this))
    , m_quickRefreshTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("systemSocketsPanel"));
    QLayout* toolBar = buildToolBar();
    buildView();
    buildLabels();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(toolBar);
    layout->addWidget(m_countsLabel);
    layout->addWidget(m_warningLabel);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_sourceLabel);

    m_refreshTimer->setInterval(kRefreshMs);
    m_quickRefreshTimer->setSingleShot(true);
    m_quickRefreshTimer->setInterval(kQuickRefreshMs);
    connectSignals();
    updateCounts();
    updateHint();
    updateActions();
}

void SystemSocketsPanel::buildLabels()
{
    m_countsLabel->setObjectName(QStringLiteral("stateCountsLabel"));
    m_countsLabel->setTextFormat(Qt::RichText);
    m_countsLabel->setWordWrap(true);
    m_countsLabel->setToolTip(tr("Sockets per state on the whole machine (the filter does not change these).\n"
                                 "Click a state to show only its sockets; click it again to show all."));
    m_sourceLabel->setObjectName(QStringLiteral("inventorySourceLabel"));
    m_sourceLabel->setWordWrap(true);
    m_warningLabel->setObjectName(QStringLiteral("inventoryWarningLabel"));
    m_warningLabel->setToolTip(tr("What the list is missing, and why."));
    m_warningLabel->setWordWrap(true);
    m_warningLabel->setFrameShape(QFrame::StyledPanel);
    m_warningLabel->setMargin(6);
    m_warningLabel->hide();
}

void SystemSocketsPanel::connectSignals()
{
    connect(m_refreshTimer, &QTimer::timeout, this, &SystemSocketsPanel::refresh);
    connect(m_quickRefreshTimer, &QTimer::timeout, this, &SystemSocketsPanel::refresh);
    connect(m_worker, &InventoryWorker::snapshotReady, this, &SystemSocketsPanel::applySnapshot);
    connect(m_worker, &InventoryWorker::snapshotFailed, this, &SystemSocketsPanel::showSnapshotError);
    connect(m_model, &SystemSocketsModel::countsChanged, this, &SystemSocketsPanel::updateCounts);
    connect(m_countsLabel, &QLabel::linkActivated, this, [this](const QString& state) {
        m_filterEdit->setText(m_filterEdit->text() == state ? QString() : state);
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &SystemSocketsPanel::updateHint);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &SystemSocketsPanel::updateHint);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SystemSocketsPanel::updateHint);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &SystemSocketsPanel::updateActions);
    // The app's own sockets changing is worth an early look: the user just did something.
    connect(m_bridge.journal(), &QAbstractItemModel::rowsInserted, this, &SystemSocketsPanel::scheduleQuickRefresh);
    connect(&m_bridge, &EngineBridge::socketAppeared, this, &SystemSocketsPanel::onSocketAppeared);
    connect(m_addressWatch, &AddressInUseWatch::explained, this, &SystemSocketsPanel::addressInUseExplained);
}

SystemSocketsPanel::~SystemSocketsPanel() = default;

QAbstractButton* SystemSocketsPanel::addToggle(QBoxLayout* row, const QString& text, const QString& objectName,
                                               const QString& toolTip)
{
    auto* button = new QToolButton(this);
    button->setText(text);
    button->setObjectName(objectName);
    button->setToolTip(toolTip);
    button->setCheckable(true);
    row->addWidget(button);
    return button;
}

// Two rows, so a narrow dock keeps the filter box wide: filter and "Connect a client
// here" above, the toggles under them.
QLayout* SystemSocketsPanel::buildToolBar()
{
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("systemSocketsFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter: port, address, process, state, family…"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setToolTip(tr("Type to filter: a row stays when it contains every word you type, in its kind, "
                                "family, state, addresses, ports or process.\nExamples: “:8080”, “LISTEN”, "
                                "“nginx”, “IPv6 ESTAB”, “u_str”."));
    connect(m_filterEdit, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterWords(text);
        updateHint();
    });
    m_connectButton = new QPushButton(tr("Connect a client here"), this);
    m_connectButton->setObjectName(QStringLiteral("connectClientButton"));
    connect(m_connectButton, &QPushButton::clicked, this, [this] { connectClientTo(m_view->currentIndex()); });
    auto* top = new QHBoxLayout;
    top->addWidget(m_filterEdit, 1);
    top->addWidget(m_connectButton);

    auto* toggles = new QHBoxLayout;
    m_tcpToggle = addToggle(toggles, tr("TCP"), QStringLiteral("tcpToggle"), tr("Show TCP sockets (with UDP and Unix when those are on too; all kinds when none is on)."));
    m_udpToggle = addToggle(toggles, tr("UDP"), QStringLiteral("udpToggle"), tr("Show UDP sockets: datagrams, no connection; UNCONN is their usual state."));
    m_unixToggle = addToggle(toggles, tr("Unix"), QStringLiteral("unixToggle"), tr("Show Unix domain sockets: local only, named by a path, an @abstract name, or nothing."));
    m_listeningToggle = addToggle(toggles, tr("Listening"), QStringLiteral("listeningToggle"), tr("Only sockets waiting for peers, like ss -l: TCP and Unix listeners, bound UDP and Unix datagram sockets."));
    m_ownToggle = addToggle(toggles, tr("★ This app"), QStringLiteral("ownToggle"), tr("Only Sockscope's own sockets (the ones made in the Sockets panel, and a few of its own)."));
    toggles->addStretch(1);
    m_pauseToggle = addToggle(toggles, tr("Pause"), QStringLiteral("pauseToggle"), tr("Stop refreshing to read the table at rest. The table refreshes about once a second while shown."));
    for (QAbstractButton* kind : {m_tcpToggle, m_udpToggle, m_unixToggle})
        connect(kind, &QAbstractButton::toggled, this, &SystemSocketsPanel::updateKindFilter);
    connect(m_listeningToggle, &QAbstractButton::toggled, this, [this](bool on) { m_proxy->setListeningOnly(on); updateHint(); });
    connect(m_ownToggle, &QAbstractButton::toggled, this, [this](bool on) { m_proxy->setOwnOnly(on); updateHint(); });
    connect(m_pauseToggle, &QAbstractButton::toggled, this, &SystemSocketsPanel::updateRefreshing);

    auto* rows = new QVBoxLayout;
    rows->addLayout(top);
    rows->addLayout(toggles);
    return rows;
}

void SystemSocketsPanel::buildView()
{
    auto* view = new HintTableView(this);
    m_view = view;
    m_view->setObjectName(QStringLiteral("systemSocketsView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SystemSocketsModel::Local, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->horizontalHeader()->setSectionsMovable(true);
    m_view->horizontalHeader()->setStretchLastSection(true);
    // Process names vary most in length: shown last, the column takes the room left.
    m_view->horizontalHeader()->moveSection(SystemSocketsModel::Process, SystemSocketsModel::Count - 1);
    fitColumns();
    connect(m_view, &QTableView::activated, this, &SystemSocketsPanel::onActivated);
    connect(m_view, &QWidget::customContextMenuRequested, this, &SystemSocketsPanel::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SystemSocketsPanel::updateActions);
}

void SystemSocketsPanel::fitColumns()
{
    const QFontMetrics metrics(m_view->font());
    const auto width = [&metrics](const QString& sample) { return metrics.horizontalAdvance(sample) + 24; };
    m_view->setColumnWidth(SystemSocketsModel::Netid, width(QStringLiteral("× u_str")));
    m_view->setColumnWidth(SystemSocketsModel::State, width(QStringLiteral("TIME-WAIT")));
    m_view->setColumnWidth(SystemSocketsModel::RecvQ, width(QStringLiteral("Recv-Q")));
    m_view->setColumnWidth(SystemSocketsModel::SendQ, width(QStringLiteral("Send-Q")));
    // Room for the usual loopback addresses; longer IPv6 addresses and Unix paths elide
    // (their tooltip has them whole) until the column is widened.
    m_view->setColumnWidth(SystemSocketsModel::Local, width(QStringLiteral("127.000.000.1:00000")));
    m_view->setColumnWidth(SystemSocketsModel::Peer, width(QStringLiteral("127.000.000.1:00000")));
    m_view->setColumnWidth(SystemSocketsModel::Uid, width(QStringLiteral("00000")));
    m_view->setColumnWidth(SystemSocketsModel::Inode, width(QStringLiteral("0000000")));
    m_view->horizontalHeader()->setMinimumSectionSize(width(QStringLiteral("UID")));
}

bool SystemSocketsPanel::event(QEvent* event)
{
    if (event->type() == QEvent::ParentChange)
        watchDock();
    return QWidget::event(event);
}

void SystemSocketsPanel::watchDock()
{
    QDockWidget* dock = nullptr;
    for (QWidget* w = parentWidget(); w != nullptr && dock == nullptr; w = w->parentWidget())
        dock = qobject_cast<QDockWidget*>(w);
    if (dock == m_watchedDock)
        return;
    if (m_watchedDock != nullptr)
        disconnect(m_watchedDock, nullptr, this, nullptr);
    m_watchedDock = dock;
    m_dockVisible = true;
    if (dock != nullptr)
        connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
            m_dockVisible = visible;
            updateRefreshing();
        });
}

void SystemSocketsPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // Children are shown before their dock says whether its tab is in front: decide after.
    QTimer::singleShot(0, this, &SystemSocketsPanel::updateRefreshing);
}

void SystemSocketsPanel::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    updateRefreshing();
}

bool SystemSocketsPanel::isRefreshing() const { return m_refreshTimer->isActive(); }

void SystemSocketsPanel::updateRefreshing()
{
    const bool wanted = isVisible() && m_dockVisible && !m_pauseToggle->isChecked();
    if (wanted == m_refreshTimer->isActive())
        return;
    if (!wanted) {
        m_refreshTimer->stop();
        m_quickRefreshTimer->stop();
        return;
    }
    m_refreshTimer->start();
    refresh();
}

void SystemSocketsPanel::refresh()
{
    if (m_pauseToggle->isChecked())
        return;
    inspect::SnapshotOptions options;
    options.owners = true;
    options.filter.boundInactive = true;
    // One under way: take another as soon as it is back, so a change is never missed.
    m_refreshWanted = !m_worker->requestSnapshot(options);
}

void SystemSocketsPanel::scheduleQuickRefresh()
{
    if (isRefreshing() && !m_quickRefreshTimer->isActive())
        m_quickRefreshTimer->start();
}

void SystemSocketsPanel::applySnapshot(const std::shared_ptr<inspect::SocketSnapshot>& snapshot, double milliseconds)
{
    QHash<quint64, sks::SocketId> appSockets;
    for (const sks::SocketInfo* info : m_bridge.sockets()->allSockets())
        if (info->inode != 0 && info->state != sks::SocketState::Closed)
            appSockets.insert(info->inode, info->id);
    updateSourceLabel(*snapshot, milliseconds);
    const bool first = m_refreshCount == 0;
    m_model->setSnapshot(std::move(*snapshot));
    // The first snapshot is how things are, not what changed: nothing to highlight.
    if (first)
        m_model->expireHighlights(SystemSocketsModel::Clock::now() + SystemSocketsModel::kHighlightDuration);
    m_proxy->setAppSockets(std::move(appSockets));
    ++m_refreshCount;
    updateHint();
    updateActions();
    Q_EMIT refreshed();
    if (std::exchange(m_refreshWanted, false) && isRefreshing())
        refresh();
}

void SystemSocketsPanel::showSnapshotError(const QString& error)
{
    m_warningLabel->setText(tr("The machine's sockets could not be read: %1").arg(error));
    m_warningLabel->show();
    if (std::exchange(m_refreshWanted, false) && isRefreshing())
        refresh();
}

void SystemSocketsPanel::updateSourceLabel(const inspect::SocketSnapshot& snapshot, double milliseconds)
{
    const QString source = snapshot.source == inspect::SnapshotSource::Netlink ? tr("netlink sock_diag")
        : snapshot.source == inspect::SnapshotSource::ProcNet                 ? tr("/proc/net (fallback)")
                                                                              : tr("netlink + /proc/net");
    m_sourceLabel->setText(tr("%1 · owners from /proc · %2 ms").arg(source).arg(milliseconds, 0, 'f', 1));
    m_sourceLabel->setToolTip(tr("Where the list comes from: the kernel's sock_diag netlink interface (what ss uses), "
                                 "or /proc/net/* when netlink is not available. Owners come from the socket:[inode] "
                                 "links in every /proc/<pid>/fd. The time is how long one snapshot took."));
    QStringList warnings;
    if (!snapshot.sourceMessage.empty())
        warnings << QString::fromStdString(snapshot.sourceMessage); // says what was read and what is missing
    if (snapshot.unreadableProcesses > 0)
        warnings << tr("%1 of other users could not be read: their sockets show no owner (run as root to see them).")
                        .arg(countText(snapshot.unreadableProcesses, tr("1 process"), tr("%1 processes")));
    m_warningLabel->setText(warnings.join(QLatin1Char('\n')));
    m_warningLabel->setVisible(!warnings.isEmpty());
}

void SystemSocketsPanel::updateKindFilter()
{
    unsigned kinds = 0;
    kinds |= m_tcpToggle->isChecked() ? SystemSocketsProxy::Tcp : 0u;
    kinds |= m_udpToggle->isChecked() ? SystemSocketsProxy::Udp : 0u;
    kinds |= m_unixToggle->isChecked() ? SystemSocketsProxy::Unix : 0u;
    m_proxy->setKinds(kinds);
    updateHint();
}

void SystemSocketsPanel::updateCounts()
{
    int total = 0;
    QStringList parts;
    for (const auto& [state, count] : m_model->stateCounts()) {
        total += count;
        parts << QStringLiteral("<a href=\"%1\">%1</a>&nbsp;%2").arg(state.toHtmlEscaped()).arg(count);
    }
    const QString head = countText(total, tr("1 socket"), tr("%1 sockets"));
    m_countsLabel->setText(parts.isEmpty() ? head : head + QStringLiteral(" · ") + parts.join(QStringLiteral(" · ")));
}

void SystemSocketsPanel::updateHint()
{
    auto* view = static_cast<HintTableView*>(m_view);
    if (m_refreshCount == 0)
        view->setHint(tr("Reading the machine's sockets…"));
    else if (m_model->rowCount() == 0)
        view->setHint(tr("No sockets are visible on this machine."));
    else
        view->setHint(tr("No socket matches the filter. Clear the filter box or the toggles to see all %1.")
                          .arg(countText(m_model->rowCount(), tr("1 socket"), tr("%1 sockets"))));
}

const inspect::SystemSocket* SystemSocketsPanel::socketAt(const QModelIndex& proxyIndex) const
{
    return proxyIndex.isValid() ? m_model->socketAt(m_proxy->mapToSource(proxyIndex).row()) : nullptr;
}

void SystemSocketsPanel::updateActions()
{
    const inspect::SystemSocket* s = socketAt(m_view->currentIndex());
    const std::optional<ClientTarget> target = s ? clientTargetFor(*s) : std::nullopt;
    m_connectButton->setEnabled(target.has_value());
    m_connectButton->setToolTip(
        target ? tr("Create a %1 socket in the app and connect it to %2: the Actions panel then talks to this service.")
                     .arg(fromView(sks::sockTypeName(target->type)), QString::fromStdString(target->endpoint.toString()))
               : tr("Select a listening TCP, UDP or Unix row to create a socket in the app connected to it."));
}

std::optional<SystemSocketsPanel::ClientTarget> SystemSocketsPanel::clientTargetFor(const inspect::SystemSocket& s)
{
    ClientTarget target;
    target.family = s.family;
    target.endpoint = s.local;
    if (s.family == sks::Family::Unix) {
        if (s.local.isEmpty() || s.local.isUnnamedUnix())
            return std::nullopt;
        if (s.isListening() && (s.type == SOCK_STREAM || s.type == SOCK_SEQPACKET))
            target.type = s.type == SOCK_STREAM ? sks::SockType::Stream : sks::SockType::SeqPacket;
        else if (s.type == SOCK_DGRAM && s.stateCode == inspect::kStateClose)
            target.type = sks::SockType::Datagram;
        else
            return std::nullopt;
        return target;
    }
    if (s.family != sks::Family::IPv4 && s.family != sks::Family::IPv6)
        return std::nullopt;
    if (s.protocol == IPPROTO_TCP && s.isListening())
        target.type = sks::SockType::Stream;
    else if (s.protocol == IPPROTO_UDP && s.stateCode == inspect::kStateClose && s.local.port() != 0)
        target.type = sks::SockType::Datagram;
    else
        return std::nullopt;
    if (s.local.isWildcard()) // every interface: loopback is one of them
        target.endpoint = s.family == sks::Family::IPv4 ? sks::Endpoint::ipv4Loopback(s.local.port())
                                                        : sks::Endpoint::ipv6Loopback(s.local.port());
    return target;
}

sks::SocketId SystemSocketsPanel::connectClientTo(const QModelIndex& proxyIndex)
{
    const inspect::SystemSocket* s = socketAt(proxyIndex);
    const std::optional<ClientTarget> target = s ? clientTargetFor(*s) : std::nullopt;
    if (!target)
        return 0;
    // Both through the bridge, so they are recorded like any command; the engine runs
    // them in the order posted.
    const sks::SocketId id = m_bridge.engine().newSocketId();
    m_bridge.post(sks::cmd::Create{id, target->family, target->type, sks::Role::Client});
    m_bridge.post(sks::cmd::Connect{id, target->endpoint});
    m_pendingClient = id;
    return id;
}

void SystemSocketsPanel::onSocketAppeared(sks::SocketId id)
{
    if (id == 0 || id != m_pendingClient)
        return;
    m_pendingClient = 0;
    Q_EMIT appSocketActivated(id);
}

void SystemSocketsPanel::onActivated(const QModelIndex& proxyIndex)
{
    if (const sks::SocketId id = m_proxy->appSocketAt(proxyIndex); id != 0)
        Q_EMIT appSocketActivated(id);
}

void SystemSocketsPanel::showContextMenu(const QPoint& position)
{
    const QModelIndex index = m_view->indexAt(position);
    const inspect::SystemSocket* s = socketAt(index);
    if (s == nullptr)
        return;
    QMenu menu(this);
    const std::optional<ClientTarget> target = clientTargetFor(*s);
    QAction* connectAction = menu.addAction(tr("Connect a client here"));
    connectAction->setObjectName(QStringLiteral("connectClientAction"));
    connectAction->setEnabled(target.has_value());
    if (target)
        connectAction->setToolTip(tr("Connect a new app socket to %1").arg(QString::fromStdString(target->endpoint.toString())));
    const sks::SocketId appSocket = m_proxy->appSocketAt(index);
    QAction* showAction = menu.addAction(appSocket != 0 ? tr("Show socket #%1 in the Sockets panel").arg(appSocket)
                                                        : tr("Show in the Sockets panel (not one of the app's sockets)"));
    showAction->setEnabled(appSocket != 0);
    QAction* copyAction = menu.addAction(tr("Copy local address"));
    menu.setToolTipsVisible(true);
    // The row may move while the menu is open (a refresh sorts it elsewhere).
    const QPersistentModelIndex row(index);
    const QString local = QString::fromStdString(s->local.toString());
    connect(connectAction, &QAction::triggered, this, [this, row] { connectClientTo(row); });
    connect(showAction, &QAction::triggered, this, [this, appSocket] { Q_EMIT appSocketActivated(appSocket); });
    connect(copyAction, &QAction::triggered, this, [local] { QApplication::clipboard()->setText(local); });
    menu.exec(m_view->viewport()->mapToGlobal(position));
}
