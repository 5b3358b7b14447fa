#include "app/mainwindow.h"

#include "app/actionspanel.h"
#include "app/enginebridge.h"
#include "app/journalmodel.h"
#include "app/journalpanel.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QScrollArea>
#include <QStatusBar>

namespace {

constexpr int infoNoticeMs = 4000;
constexpr int errorNoticeMs = 8000;

QString byteText(std::uint64_t bytes)
{
    if (bytes < 10 * 1024)
        return QObject::tr("%1 B").arg(bytes);
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeIecFormat);
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
    setWindowTitle(tr("Sockscope"));
    setObjectName(QStringLiteral("mainWindow"));
    setCentralWidget(m_socketsPanel);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);

    // The actions panel scrolls rather than squeezing its rows on small screens.
    auto* actionsScroll = new QScrollArea(this);
    actionsScroll->setWidget(m_actionsPanel);
    actionsScroll->setWidgetResizable(true);
    actionsScroll->setFrameShape(QFrame::NoFrame);
    actionsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    actionsScroll->setMinimumWidth(m_actionsPanel->sizeHint().width() + 16);
    addDock(tr("Actions"), QStringLiteral("actionsDock"), actionsScroll, Qt::RightDockWidgetArea);
    QDockWidget* journalDock =
        addDock(tr("Journal"), QStringLiteral("journalDock"), m_journalPanel, Qt::BottomDockWidgetArea);
    resizeDocks({journalDock}, {260}, Qt::Vertical);

    // Further panels: one block per feature, each adding its own docks, so they stay
    // independent of one another. Keep each block short: build the panel in its own file.
    // [socket kinds panels]
    // [live panels]
    // [system sockets panels]
    // [lesson panels]

    m_totalsLabel->setObjectName(QStringLiteral("totalsLabel"));
    m_totalsLabel->setText(totalsText(m_bridge.totals()));
    statusBar()->addPermanentWidget(m_totalsLabel);
    buildMenus();

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
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : std::as_const(m_docks))
        view->addAction(dock->toggleViewAction());
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
