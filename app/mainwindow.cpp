#include "app/mainwindow.h"

#include "app/actionspanel.h"
#include "app/enginebridge.h"
#include "app/flowpanels.h"
#include "app/fontscale.h"
#include "app/journalmodel.h"
#include "app/journalpanel.h"
#include "app/helpdialogs.h"
#include "app/learnpanel.h"
#include "app/lessonui.h"
#include "app/theme.h"
#include "app/livepanels.h"
#include "app/optionspanel.h"
#include "app/receivedpanel.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "app/systemsocketspanel.h"
#include "app/welcomepanel.h"
#include "app/windowlayout.h"

#include <QApplication>
#include <QGuiApplication>
#include <QScreen>
#include <QDockWidget>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QScrollArea>
#include <QStyle>
#include <QStatusBar>

#include <algorithm>

namespace {

constexpr int infoNoticeMs = 4000;
constexpr int errorNoticeMs = 8000;

QString byteText(std::uint64_t bytes)
{
    if (bytes < 10 * 1024)
        return QObject::tr("%1 B").arg(bytes);
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeIecFormat);
}

// A panel of rows of controls inside a scroll area: its dock may be narrower or shorter
// than the rows, which then scroll instead of forcing the window wider than the screen.
QScrollArea* scrollable(QWidget* content)
{
    auto* area = new QScrollArea;
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setObjectName(content->objectName() + QStringLiteral("Scroll"));
    return area;
}

// The first window: most of the screen up to 1680×1050, never below 1280×800 (a smaller
// screen gets 1280×800 and the window manager fits it).
QSize defaultWindowSize()
{
    const QScreen* screen = QGuiApplication::primaryScreen();
    const QSize available = screen ? screen->availableGeometry().size() : QSize();
    const QSize minimum(1280, 800);
    if (available.width() < minimum.width() || available.height() < minimum.height())
        return minimum;
    return QSize(std::min(1680, available.width() * 23 / 25), std::min(1050, available.height() * 23 / 25))
        .expandedTo(minimum);
}

} // namespace

MainWindow::MainWindow(EngineBridge& bridge, QWidget* parent)
    : QMainWindow(parent)
    , m_bridge(bridge)
    , m_socketsPanel(new SocketsPanel(*bridge.sockets(), this))
    , m_actionsPanel(new ActionsPanel(bridge, this))
    , m_journalPanel(new JournalPanel(*bridge.journal(), this))
    , m_totalsLabel(new QLabel(this))
{
    // Before any panel reads a setting: a damaged file is reset, and said so below.
    QStringList settingsProblems{windowlayout::repair()};
    setWindowTitle(tr("Sockscope"));
    setObjectName(QStringLiteral("mainWindow"));
    setCentralWidget(m_socketsPanel);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);

    // Panels made of rows of controls scroll rather than squeeze or push the window past a
    // laptop screen (1280×800): their dock can be narrower than the rows.
    addDock(tr("Actions"), QStringLiteral("actionsDock"), scrollable(m_actionsPanel), Qt::RightDockWidgetArea);
    QDockWidget* journalDock =
        addDock(tr("Journal"), QStringLiteral("journalDock"), m_journalPanel, Qt::BottomDockWidgetArea);

    // Further panels: one block per feature, each adding its own docks, so they stay
    // independent of one another. Keep each block short: build the panel in its own file.
    // Socket kinds: the selected socket's options beside its calls, received messages
    // beside the journal.
    auto* options = new OptionsPanel(m_bridge, this);
    QDockWidget* actionsDock = m_docks.front();
    tabifyDockWidget(actionsDock, addDock(tr("Socket options"), QStringLiteral("optionsDock"),
                                          scrollable(options), Qt::RightDockWidgetArea));
    actionsDock->raise();
    auto* received = new ReceivedPanel(m_bridge, this);
    connect(m_socketsPanel, &SocketsPanel::currentSocketChanged, options, &OptionsPanel::setSocket);
    connect(m_socketsPanel, &SocketsPanel::currentSocketChanged, received, &ReceivedPanel::setSocket);
    // [live panels]
    // Byte flow beside the journal with the payload console under its tab, the traffic
    // generator beside the actions (flowpanels.cpp builds and wires them).
    // On a screen narrower than about 1500 pixels the journal and the byte flow share one
    // tab strip, so the journal's calls stay readable; on a wider one they sit side by side.
    const QSize startSize = defaultWindowSize();
    const bool sideBySide = startSize.width() >= 1500;
    const FlowPanels flow = FlowPanels::build(m_bridge, *m_socketsPanel, this);
    QDockWidget* byteFlowDock =
        addDock(tr("Byte flow"), QStringLiteral("byteFlowDock"), flow.byteFlow, Qt::BottomDockWidgetArea);
    if (sideBySide)
        splitDockWidget(journalDock, byteFlowDock, Qt::Horizontal);
    else
        tabifyDockWidget(journalDock, byteFlowDock);
    tabifyDockWidget(byteFlowDock, addDock(tr("Payload console"), QStringLiteral("payloadDock"),
                                           scrollable(flow.payload), Qt::BottomDockWidgetArea));
    tabifyDockWidget(byteFlowDock, addDock(tr("Received"), QStringLiteral("receivedDock"), received,
                                           Qt::BottomDockWidgetArea));
    tabifyDockWidget(m_docks.front(), addDock(tr("Traffic generator"), QStringLiteral("generatorDock"),
                                              scrollable(flow.generator), Qt::RightDockWidgetArea));
    byteFlowDock->raise();
    m_docks.front()->raise();
    // Listening sockets under the actions; the sequence diagram as a tab of the (wider)
    // byte flow, descriptors and ports as tabs of the journal (after the splits above: a
    // tabbed dock cannot be split).
    const LivePanels live = LivePanels::build(m_bridge, *m_socketsPanel, *m_journalPanel, this);
    addDock(tr("Listening sockets"), QStringLiteral("listenersDock"), live.listeners, Qt::RightDockWidgetArea);
    tabifyDockWidget(byteFlowDock, addDock(tr("Sequence diagram"), QStringLiteral("sequenceDock"), live.sequence,
                                           Qt::BottomDockWidgetArea));
    byteFlowDock->raise();
    tabifyDockWidget(journalDock, addDock(tr("Descriptors"), QStringLiteral("descriptorsDock"), live.descriptors,
                                          Qt::BottomDockWidgetArea));
    tabifyDockWidget(journalDock, addDock(tr("Ports"), QStringLiteral("portsDock"), live.ports,
                                          Qt::BottomDockWidgetArea));
    // [system sockets panels]
    auto* systemSockets = new SystemSocketsPanel(m_bridge, this);
    tabifyDockWidget(journalDock, addDock(tr("System sockets"), QStringLiteral("systemSocketsDock"), systemSockets,
                                          Qt::BottomDockWidgetArea));
    journalDock->raise(); // the system sockets refresh only while their tab is shown
    connect(systemSockets, &SystemSocketsPanel::appSocketActivated, m_socketsPanel, &SocketsPanel::selectSocket);
    connect(systemSockets, &SystemSocketsPanel::addressInUseExplained, this, [this](const QString& text) {
        statusBar()->showMessage(text, errorNoticeMs);
        m_journalPanel->showErrorNotice(text);
    });
    // Lessons: the player as a tab beside the actions, raised when a lesson loads; the
    // recorder, the exports and presentation mode (lessonui.cpp) add menus in buildMenus().
    auto* lessons = new LessonUi(m_bridge, *this);
    tabifyDockWidget(m_docks.front(), addDock(tr("Lesson"), QStringLiteral("lessonDock"), scrollable(lessons->panelWidget()),
                                              Qt::RightDockWidgetArea));
    m_docks.front()->raise();

    // Learn: the selected socket's place in a server's and a client's life cycle, left of
    // the workspace; it follows the selection and the socket's state.
    auto* learn = new LearnPanel(m_bridge, this);
    QDockWidget* learnDock = addDock(tr("Learn"), QStringLiteral("learnDock"), scrollable(learn), Qt::LeftDockWidgetArea);
    connect(m_socketsPanel, &SocketsPanel::currentSocketChanged, learn, &LearnPanel::setSocket);
    // Welcome: above Learn until dismissed for good; lessons and the echo sandbox.
    auto* welcome = new WelcomePanel(m_bridge, *this);
    QDockWidget* welcomeDock =
        addDock(tr("Welcome"), QStringLiteral("welcomeDock"), scrollable(welcome), Qt::LeftDockWidgetArea);
    splitDockWidget(welcomeDock, learnDock, Qt::Vertical);

    m_totalsLabel->setObjectName(QStringLiteral("totalsLabel"));
    m_totalsLabel->setText(totalsText(m_bridge.totals()));
    statusBar()->addPermanentWidget(m_totalsLabel);
    buildMenus();
    // The layout built above is the default; the one the user left, if saved, replaces it.
    resize(startSize);
    // The Actions column as wide as its rows need with this font (a vertical scroll bar
    // included), so no call row is clipped behind a horizontal scroll bar at 1280×800.
    const int actionsWidth = std::max(385, m_actionsPanel->minimumSizeHint().width()
                                               + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 6);
    resizeDocks({learnDock, actionsDock}, {305, actionsWidth}, Qt::Horizontal);
    if (sideBySide) {
        const int bottom = startSize.width() - actionsWidth;
        resizeDocks({journalDock, byteFlowDock}, {bottom * 11 / 20, bottom * 9 / 20}, Qt::Horizontal);
    }
    resizeDocks({journalDock}, {startSize.height() * 2 / 5}, Qt::Vertical);
    resizeDocks({welcomeDock, learnDock}, {265, 155}, Qt::Vertical); // the whole welcome, no scrolling
    m_defaultLayout = saveState(windowlayout::stateVersion);
    windowlayout::restore(*this, &settingsProblems.emplaceBack());
    settingsProblems.removeAll(QString());
    if (!settingsProblems.isEmpty()) {
        statusBar()->showMessage(settingsProblems.join(QLatin1Char(' ')), errorNoticeMs);
        m_journalPanel->showErrorNotice(settingsProblems.join(QLatin1Char(' ')));
    }
    welcome->applyStartVisibility(*welcomeDock);

    connect(m_socketsPanel, &SocketsPanel::currentSocketChanged, m_actionsPanel,
            &ActionsPanel::setSocket);
    connect(m_actionsPanel, &ActionsPanel::socketRequested, this,
            [this](sks::SocketId id) { m_pendingSelection = id; });
    connect(&m_bridge, &EngineBridge::socketAppeared, this, &MainWindow::onSocketAppeared);
    connect(&m_bridge, &EngineBridge::totalsChanged, this,
            [this](const sks::Totals& totals) { m_totalsLabel->setText(totalsText(totals)); });
    connect(&m_bridge, &EngineBridge::noticeArrived, this, &MainWindow::showNotice);
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName,
                                 QWidget* content, Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(content);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                      | QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    m_docks.append(dock);
    return dock;
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    quit->setToolTip(tr("Close every socket Sockscope opened and quit; the window's layout is remembered."));
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : std::as_const(m_docks)) {
        QAction* toggle = dock->toggleViewAction();
        toggle->setToolTip(tr("Show or hide the %1 panel; drag its title bar to move it.").arg(dock->windowTitle()));
        toggle->setStatusTip(toggle->toolTip());
        view->addAction(toggle);
    }
    view->addSeparator();
    QAction* reset = view->addAction(tr("&Reset layout"));
    reset->setObjectName(QStringLiteral("resetLayoutAction"));
    reset->setToolTip(tr("Show every panel again, where it was when Sockscope was new."));
    connect(reset, &QAction::triggered, this, &MainWindow::resetLayout);
    // File > Save session as lesson… and the exports, View > Presentation mode, Lessons.
    if (LessonUi* lessons = LessonUi::of(*this))
        lessons->addMenus(*menuBar(), *file, *view);
    // View > Theme and the Help menu's shortcuts and man pages (helpdialogs.cpp).
    helpmenus::build(*this, *view, *new ThemeController(this));
    (new FontScaleController(this))->addMenu(*view);
    if (auto* welcome = findChild<WelcomePanel*>())
        if (auto* help = menuBar()->findChild<QMenu*>(QStringLiteral("helpMenu")))
            welcome->addHelpAction(*help);
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultLayout, windowlayout::stateVersion);
    for (QDockWidget* dock : std::as_const(m_docks))
        dock->setFloating(false);
    auto* welcomeDock = findChild<QDockWidget*>(QStringLiteral("welcomeDock"));
    if (auto* welcome = findChild<WelcomePanel*>(); welcome && welcomeDock)
        welcome->applyStartVisibility(*welcomeDock); // a dismissed welcome stays away
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    windowlayout::save(*this);
    QMainWindow::closeEvent(event);
}

QString MainWindow::totalsText(const sks::Totals& totals)
{
    const QString open = totals.openSockets == 1 ? tr("1 open socket")
                                                 : tr("%1 open sockets").arg(totals.openSockets);
    return open + QStringLiteral(" · ") + tr("%1 in").arg(byteText(totals.bytesIn))
        + QStringLiteral(" · ") + tr("%1 out").arg(byteText(totals.bytesOut));
}

void MainWindow::showNotice(const sks::Notice& notice)
{
    QString text = QString::fromStdString(notice.text);
    if (notice.socket != 0)
        text = tr("Socket #%1: %2").arg(notice.socket).arg(text);
    const bool error = notice.level == sks::Notice::Level::Error;
    statusBar()->showMessage(text, error ? errorNoticeMs : infoNoticeMs);
    if (error)
        m_journalPanel->showErrorNotice(text);
}

void MainWindow::onSocketAppeared(sks::SocketId id)
{
    if (id != m_pendingSelection)
        return;
    m_pendingSelection = 0;
    m_socketsPanel->selectSocket(id);
}
