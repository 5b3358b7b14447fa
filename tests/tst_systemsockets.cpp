// The System sockets panel on real sockets: the ones this test makes with raw syscalls
// appear with this process as their owner, vanish when closed, narrow as a filter is
// typed; "Connect a client here" makes a connected socket in the app; a bind that fails
// with EADDRINUSE names the process (or the app's socket) that holds the address.
#include "app/addressinusewatch.h"
#include "app/enginebridge.h"
#include "app/inventoryworker.h"
#include "app/journalmodel.h"
#include "app/journalpanel.h"
#include "app/mainwindow.h"
#include "app/socketsmodel.h"
#include "app/socketspanel.h"
#include "app/systemsocketsmodel.h"
#include "app/systemsocketspanel.h"
#include "app/systemsocketsproxy.h"
#include "core/sys/fd.h"
#include "testsupport.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QTest>
#include <QTreeView>

#include <malloc.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>

using namespace testsupport;
using sks::Endpoint;
using sks::Fd;
namespace inspect = sks::inspect;

namespace {

constexpr int kTimeoutMs = 8000;

Fd rawSocket(sks::Family family, int type)
{
    return Fd(::socket(sks::toAddressFamily(family), type | SOCK_CLOEXEC, 0));
}

Endpoint localOf(const Fd& fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&storage), &length) != 0)
        return {};
    return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&storage), length);
}

std::uint64_t inodeOf(const Fd& fd)
{
    struct stat st {};
    return ::fstat(fd.get(), &st) == 0 ? st.st_ino : 0;
}

// A socket bound to `at` (listening for stream and seqpacket types), or an invalid Fd.
Fd boundSocket(const Endpoint& at, int type)
{
    Fd fd = rawSocket(at.family(), type);
    if (!fd || ::bind(fd.get(), at.sockaddrPtr(), at.length()) != 0)
        return {};
    if (type != SOCK_DGRAM && ::listen(fd.get(), 8) != 0)
        return {};
    return fd;
}

QString selfComm()
{
    QFile file(QStringLiteral("/proc/self/comm"));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll().trimmed()) : QString();
}

QString text(const Endpoint& endpoint) { return QString::fromStdString(endpoint.toString()); }

} // namespace

class TestSystemSockets final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void modelAndProxyPassTheTester();
    void testSocketsAppearWithThisPid();
    void closedSocketVanishesOnTheNextRefresh();
    void filterNarrowsAsTyped();
    void procNetFallbackIsSaid();
    void ownSocketLeadsToItsAppRow();
    void connectClientHere_data();
    void connectClientHere();
    void contextMenuConnects();
    void addressInUseNamesTheHolder_data();
    void addressInUseNamesTheHolder();
    void addressInUseHeldByTheApp();
    void addressInUseByALeftoverFile();
    void bindTextEndpoint();
    void memoryWithTenThousandRows();

private:
    enum Route { ThroughBridge, AroundBridge, ByHostName };
    // The proxy row of the socket with `inode`, or an invalid index.
    QModelIndex rowOf(std::uint64_t inode) const;
    bool waitRow(std::uint64_t inode) const;
    QString cell(const QModelIndex& row, int column) const;
    QAbstractButton* toggle(const char* objectName) const;
    sks::SocketId appListener(const Endpoint& at);
    void saveScreenshot(QWidget* widget, const char* name);
    void calmPictureWithOneNewRow();

    std::unique_ptr<sks::Engine> m_engine;
    std::unique_ptr<EngineBridge> m_bridge;
    std::unique_ptr<MainWindow> m_window;
    SystemSocketsPanel* m_panel = nullptr;
};

void TestSystemSockets::init()
{
    auto engine = sks::Engine::start();
    QVERIFY2(engine, engine ? "" : engine.error().toString().c_str());
    m_engine = std::move(*engine);
    m_bridge = std::make_unique<EngineBridge>(*m_engine);
    m_window = std::make_unique<MainWindow>(*m_bridge);
    m_panel = m_window->findChild<SystemSocketsPanel*>();
    QVERIFY(m_panel);
    // No QAbstractItemModelTester on the panel's models here (modelAndProxyPassTheTester
    // has its own): it checks every row at every change, so with the thousands of
    // TIME_WAIT sockets a benchmark leaves on the machine each case took minutes.
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // A tab behind the journal: no snapshots while nobody can see them.
    QCoreApplication::processEvents();
    QVERIFY(!m_panel->isRefreshing());
    QCOMPARE(m_panel->refreshCount(), 0);
    auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("systemSocketsDock"));
    QVERIFY(dock);
    dock->raise();
    QTRY_VERIFY(m_panel->isRefreshing());
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->refreshCount() > 0, kTimeoutMs);
}

void TestSystemSockets::cleanup()
{
    m_window.reset();
    m_bridge.reset();
    m_engine.reset();
}

QModelIndex TestSystemSockets::rowOf(std::uint64_t inode) const
{
    const SystemSocketsProxy& proxy = *m_panel->proxy();
    for (int row = 0; row < proxy.rowCount(); ++row) {
        const QModelIndex index = proxy.index(row, 0);
        if (index.data(SystemSocketsModel::InodeRole).toULongLong() == inode)
            return index;
    }
    return {};
}

bool TestSystemSockets::waitRow(std::uint64_t inode) const
{
    m_panel->refresh(); // now rather than at the next tick
    return QTest::qWaitFor([&] { return rowOf(inode).isValid(); }, kTimeoutMs);
}

QString TestSystemSockets::cell(const QModelIndex& row, int column) const
{
    return row.siblingAtColumn(column).data().toString();
}

QAbstractButton* TestSystemSockets::toggle(const char* objectName) const
{
    return m_panel->findChild<QAbstractButton*>(QString::fromLatin1(objectName));
}

// An app socket (through the bridge, as the GUI makes them) listening on `at`.
sks::SocketId TestSystemSockets::appListener(const Endpoint& at)
{
    const sks::SocketId id = m_bridge->createSocket(at.family(), sks::Role::Server);
    m_bridge->post(sks::cmd::Bind{id, at});
    m_bridge->post(sks::cmd::Listen{id, 8});
    return waitSocketState(*m_bridge->sockets(), id, sks::SocketState::Listening) ? id : 0;
}

// SOCKSCOPE_SCREENSHOT_DIR=/tmp saves the widget as /tmp/<name>.png, for a visual check.
void TestSystemSockets::saveScreenshot(QWidget* widget, const char* name)
{
    const QString dir = qEnvironmentVariable("SOCKSCOPE_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(widget->grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png")));
}

void TestSystemSockets::modelAndProxyPassTheTester()
{
    // A model of its own fed real snapshots, while sockets come and go and the filter moves.
    SystemSocketsModel model;
    SystemSocketsProxy proxy(model);
    using Mode = QAbstractItemModelTester::FailureReportingMode;
    QAbstractItemModelTester modelTester(&model, Mode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, Mode::QtTest);
    proxy.sort(SystemSocketsModel::Local);
    inspect::SnapshotOptions options;
    options.owners = true;
    auto snapshot = [&] {
        auto taken = inspect::takeSocketSnapshot(options);
        QVERIFY2(taken, taken ? "" : taken.error().toString().c_str());
        model.setSnapshot(std::move(*taken));
    };
    // Other programs' sockets come and go meanwhile: look for these two by inode.
    const auto rowOfInode = [&model](std::uint64_t inode) {
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.socketAt(row)->inode == inode)
                return row;
        return -1;
    };
    const auto modelRow = [&rowOfInode](const Fd& fd) { return rowOfInode(inodeOf(fd)); };
    const auto proxyHas = [&proxy](const Fd& fd) {
        for (int row = 0; row < proxy.rowCount(); ++row)
            if (proxy.index(row, 0).data(SystemSocketsModel::InodeRole).toULongLong() == inodeOf(fd))
                return true;
        return false;
    };
    snapshot();
    Fd a = boundSocket(Endpoint::ipv4Loopback(0), SOCK_STREAM);
    Fd b = boundSocket(Endpoint::ipv4Loopback(0), SOCK_DGRAM);
    snapshot();
    QVERIFY(modelRow(a) >= 0 && modelRow(b) >= 0);
    QCOMPARE(model.changeAt(modelRow(a)), SystemSocketsModel::Change::Appeared);
    QVERIFY(model.countInState(QStringLiteral("LISTEN")) >= 1);
    proxy.setFilterWords(text(localOf(a)));
    QVERIFY(proxyHas(a) && !proxyHas(b));
    proxy.setFilterWords({});
    proxy.setKinds(SystemSocketsProxy::Udp);
    QVERIFY(!proxyHas(a) && proxyHas(b));
    proxy.setKinds(0);
    const std::uint64_t inodeA = inodeOf(a);
    a.reset();
    snapshot(); // marked Vanished, still there
    QVERIFY(rowOfInode(inodeA) >= 0);
    QCOMPARE(model.changeAt(rowOfInode(inodeA)), SystemSocketsModel::Change::Vanished);
    model.expireHighlights(SystemSocketsModel::Clock::now() + std::chrono::seconds(5));
    QCOMPARE(rowOfInode(inodeA), -1);
    QVERIFY(modelRow(b) >= 0);
}

void TestSystemSockets::testSocketsAppearWithThisPid()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto path = Endpoint::parse((dir.path() + QStringLiteral("/svc.sock")).toStdString());
    const auto abstract = Endpoint::parse("@sockscope-tst-" + std::to_string(::getpid()));
    QVERIFY(path && abstract);
    Fd tcp4 = boundSocket(Endpoint::ipv4Loopback(0), SOCK_STREAM);
    Fd tcp6 = boundSocket(Endpoint::ipv6Loopback(0), SOCK_STREAM);
    Fd udp = boundSocket(Endpoint::ipv4Loopback(0), SOCK_DGRAM);
    Fd unixPath = boundSocket(*path, SOCK_STREAM);
    Fd unixAbstract = boundSocket(*abstract, SOCK_STREAM);
    Fd client = rawSocket(sks::Family::IPv4, SOCK_STREAM);
    const Endpoint server = localOf(tcp4);
    QVERIFY(tcp4 && tcp6 && udp && unixPath && unixAbstract && client);
    QCOMPARE(::connect(client.get(), server.sockaddrPtr(), server.length()), 0);
    Fd accepted(::accept4(tcp4.get(), nullptr, nullptr, SOCK_CLOEXEC));
    QVERIFY(accepted);

    struct Expected {
        const Fd* fd;
        QString netid, state, local, peer;
    };
    const QList<Expected> expected = {
        {&tcp4, QStringLiteral("tcp"), QStringLiteral("LISTEN"), text(server), QStringLiteral("0.0.0.0:*")},
        {&tcp6, QStringLiteral("tcp"), QStringLiteral("LISTEN"), text(localOf(tcp6)), QStringLiteral("[::]:*")},
        {&udp, QStringLiteral("udp"), QStringLiteral("UNCONN"), text(localOf(udp)), QStringLiteral("0.0.0.0:*")},
        {&unixPath, QStringLiteral("u_str"), QStringLiteral("LISTEN"), text(*path), QString()},
        {&unixAbstract, QStringLiteral("u_str"), QStringLiteral("LISTEN"), text(*abstract), QString()},
        {&client, QStringLiteral("tcp"), QStringLiteral("ESTAB"), text(localOf(client)), text(server)},
        {&accepted, QStringLiteral("tcp"), QStringLiteral("ESTAB"), text(server), text(localOf(client))},
    };
    const QString owner = QStringLiteral("%1/%2 fd ").arg(::getpid()).arg(selfComm());
    for (const Expected& e : expected) {
        QVERIFY2(waitRow(inodeOf(*e.fd)), qPrintable(e.local));
        const QModelIndex row = rowOf(inodeOf(*e.fd));
        QVERIFY(cell(row, SystemSocketsModel::Netid).endsWith(e.netid));
        QCOMPARE(cell(row, SystemSocketsModel::State), e.state);
        QCOMPARE(cell(row, SystemSocketsModel::Local), e.local);
        QCOMPARE(cell(row, SystemSocketsModel::Peer), e.peer);
        QCOMPARE(cell(row, SystemSocketsModel::Process), QStringLiteral("★ ") + owner + QString::number(e.fd->get()));
        QVERIFY(row.data(SystemSocketsModel::OwnSocketRole).toBool());
        QCOMPARE(row.data(SystemSocketsProxy::SocketIdRole).value<sks::SocketId>(), sks::SocketId(0));
    }
    // New rows are marked by more than colour: a marker and a bold font.
    const QModelIndex fresh = rowOf(inodeOf(tcp4));
    if (fresh.data(SystemSocketsModel::ChangeRole).toInt() == int(SystemSocketsModel::Change::Appeared)) {
        QVERIFY(cell(fresh, SystemSocketsModel::Netid).startsWith(QStringLiteral("+ ")));
        QVERIFY(fresh.data(Qt::FontRole).value<QFont>().bold());
    }
    QVERIFY(m_panel->findChild<QLabel*>(QStringLiteral("stateCountsLabel"))->text().contains(QStringLiteral("LISTEN")));
    QVERIFY(m_panel->findChild<QLabel*>(QStringLiteral("inventorySourceLabel"))->text().contains(QStringLiteral("netlink")));
    calmPictureWithOneNewRow();
}

// Once the highlights end, one more socket: the picture shows a calm table with one new row.
void TestSystemSockets::calmPictureWithOneNewRow()
{
    // Only this process's rows: other programs on a shared machine open and close sockets
    // all the time, so the machine as a whole is never calm for long.
    const auto highlighted = [this] {
        const SystemSocketsModel& model = *m_panel->model();
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.changeAt(row) != SystemSocketsModel::Change::None
                && model.index(row, 0).data(SystemSocketsModel::OwnSocketRole).toBool())
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(!highlighted(), kTimeoutMs);
    Fd late = boundSocket(Endpoint::ipv6Loopback(0), SOCK_DGRAM);
    QVERIFY(waitRow(inodeOf(late)));
    m_panel->filterEdit()->setText(QString::number(::getpid()));
    saveScreenshot(m_window.get(), "sockscope-system-sockets");
    // The panel on its own, floated to the size a tutorial would show it at.
    auto* dock = m_window->findChild<QDockWidget*>(QStringLiteral("systemSocketsDock"));
    dock->setFloating(true);
    dock->resize(1150, 420);
    QVERIFY(QTest::qWaitForWindowExposed(dock));
    saveScreenshot(m_panel, "sockscope-system-sockets-panel");
    dock->setFloating(false);
}

void TestSystemSockets::closedSocketVanishesOnTheNextRefresh()
{
    Fd listener = boundSocket(Endpoint::ipv4Loopback(0), SOCK_STREAM);
    const std::uint64_t inode = inodeOf(listener);
    QVERIFY(waitRow(inode));
    listener.reset();
    const int refreshes = m_panel->refreshCount();
    // The next snapshot marks it gone (struck out, ×); it leaves once the highlight ends.
    QTRY_VERIFY_WITH_TIMEOUT(!rowOf(inode).isValid()
                                 || rowOf(inode).data(SystemSocketsModel::ChangeRole).toInt()
                                     == int(SystemSocketsModel::Change::Vanished),
                             kTimeoutMs);
    if (const QModelIndex gone = rowOf(inode); gone.isValid()) {
        QVERIFY(cell(gone, SystemSocketsModel::Netid).startsWith(QStringLiteral("× ")));
        QVERIFY(gone.data(Qt::FontRole).value<QFont>().strikeOut());
        QVERIFY(m_panel->refreshCount() <= refreshes + 2);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!rowOf(inode).isValid(), kTimeoutMs);
}

void TestSystemSockets::filterNarrowsAsTyped()
{
    Fd tcp = boundSocket(Endpoint::ipv4Loopback(0), SOCK_STREAM);
    Fd udp = boundSocket(Endpoint::ipv4Loopback(0), SOCK_DGRAM);
    QVERIFY(waitRow(inodeOf(tcp)) && waitRow(inodeOf(udp)));
    toggle("pauseToggle")->click(); // rows stay put while the filter is checked
    QTRY_VERIFY(!m_panel->findChild<InventoryWorker*>()->snapshotInFlight());
    const QString port = QLatin1Char(':') + QString::number(localOf(tcp).port());
    QLineEdit* filter = m_panel->filterEdit();
    int shown = m_panel->proxy()->rowCount();
    for (const QChar c : port) {
        QTest::keyClicks(filter, QString(c));
        QVERIFY(m_panel->proxy()->rowCount() <= shown);
        shown = m_panel->proxy()->rowCount();
    }
    QVERIFY(rowOf(inodeOf(tcp)).isValid());
    QCOMPARE(rowOf(inodeOf(udp)).isValid(), text(localOf(udp)).contains(port)); // ":4123" is in ":41234"
    for (int row = 0; row < shown; ++row)
        QVERIFY(m_panel->proxy()->index(row, 0).data(SystemSocketsModel::FilterRole).toString().contains(port));
    QTest::keyClicks(filter, QStringLiteral(" listen")); // every word must match, in any case
    QVERIFY(rowOf(inodeOf(tcp)).isValid() && !rowOf(inodeOf(udp)).isValid());
    for (int row = 0; row < m_panel->proxy()->rowCount(); ++row)
        QCOMPARE(cell(m_panel->proxy()->index(row, 0), SystemSocketsModel::State), QStringLiteral("LISTEN"));
    toggle("udpToggle")->click(); // UDP only: the TCP listener goes
    QVERIFY(!rowOf(inodeOf(tcp)).isValid());
    toggle("udpToggle")->click();
    filter->clear();
    toggle("listeningToggle")->click();
    QVERIFY(rowOf(inodeOf(tcp)).isValid() && rowOf(inodeOf(udp)).isValid());
    toggle("listeningToggle")->click();
    toggle("ownToggle")->click();
    QVERIFY(rowOf(inodeOf(tcp)).isValid());
    for (int row = 0; row < m_panel->proxy()->rowCount(); ++row)
        QVERIFY(m_panel->proxy()->index(row, 0).data(SystemSocketsModel::OwnSocketRole).toBool());
    toggle("ownToggle")->click();
    QCOMPARE(m_panel->proxy()->rowCount(), m_panel->model()->rowCount());
    toggle("pauseToggle")->click();
    QVERIFY(m_panel->isRefreshing());
}

void TestSystemSockets::procNetFallbackIsSaid()
{
    toggle("pauseToggle")->click(); // only the snapshot handed over below
    inspect::SnapshotOptions options;
    options.owners = true;
    options.forceProcNet = true;
    auto snapshot = inspect::takeSocketSnapshot(options);
    QVERIFY2(snapshot, snapshot ? "" : snapshot.error().toString().c_str());
    const std::string message = snapshot->sourceMessage;
    QVERIFY(!message.empty());
    // As if the worker had fallen back: the panel says so above the table.
    auto* worker = m_panel->findChild<InventoryWorker*>();
    QVERIFY(worker);
    Q_EMIT worker->snapshotReady(std::make_shared<inspect::SocketSnapshot>(std::move(*snapshot)), 1.0);
    auto* warning = m_panel->findChild<QLabel*>(QStringLiteral("inventoryWarningLabel"));
    QVERIFY(warning->isVisible());
    QCOMPARE(warning->text(), QString::fromStdString(message));
    QVERIFY(m_panel->findChild<QLabel*>(QStringLiteral("inventorySourceLabel"))->text().contains(QStringLiteral("/proc/net")));
    saveScreenshot(m_panel, "sockscope-system-sockets-procnet");
}

void TestSystemSockets::ownSocketLeadsToItsAppRow()
{
    const sks::SocketId id = appListener(Endpoint::ipv4Loopback(0));
    QVERIFY(id != 0);
    const std::uint64_t inode = m_bridge->sockets()->info(id)->inode;
    QVERIFY(inode != 0);
    QVERIFY(waitRow(inode));
    QTRY_VERIFY(cell(rowOf(inode), SystemSocketsModel::Process).startsWith(QStringLiteral("★ #%1 · ").arg(id)));
    QCOMPARE(rowOf(inode).data(SystemSocketsProxy::SocketIdRole).value<sks::SocketId>(), id);
    m_window->socketsPanel()->selectSocket(0);
    QTableView* view = m_panel->view();
    const QModelIndex index = rowOf(inode).siblingAtColumn(SystemSocketsModel::Local);
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    QCOMPARE(view->currentIndex().row(), index.row());
    QCOMPARE(m_window->socketsPanel()->currentSocket(), sks::SocketId(0)); // selecting is not activating
    QTest::keyClick(view, Qt::Key_Return); // activating (Enter, or a double-click) leads to the app's row
    QTRY_COMPARE(m_window->socketsPanel()->currentSocket(), id);
    m_panel->filterEdit()->setText(QStringLiteral("LISTEN"));
    saveScreenshot(m_window.get(), "sockscope-system-sockets-own");
}

void TestSystemSockets::connectClientHere_data()
{
    QTest::addColumn<QString>("bindTo");
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("expectedPeerHost"); // the address the client connects to
    QTest::newRow("tcp4 loopback") << QStringLiteral("127.0.0.1:0") << int(SOCK_STREAM) << QStringLiteral("127.0.0.1");
    QTest::newRow("tcp4 wildcard") << QStringLiteral("0.0.0.0:0") << int(SOCK_STREAM) << QStringLiteral("127.0.0.1");
    QTest::newRow("tcp6 wildcard") << QStringLiteral("[::]:0") << int(SOCK_STREAM) << QStringLiteral("[::1]");
    QTest::newRow("udp4") << QStringLiteral("127.0.0.1:0") << int(SOCK_DGRAM) << QStringLiteral("127.0.0.1");
    QTest::newRow("unix stream") << QStringLiteral("/svc.sock") << int(SOCK_STREAM) << QString();
    QTest::newRow("unix datagram") << QStringLiteral("/dgram.sock") << int(SOCK_DGRAM) << QString();
}

void TestSystemSockets::connectClientHere()
{
    QFETCH(QString, bindTo);
    QFETCH(int, type);
    QFETCH(QString, expectedPeerHost);
    QTemporaryDir dir;
    const QString where = bindTo.startsWith(QLatin1Char('/')) ? dir.path() + bindTo : bindTo;
    const auto at = Endpoint::parse(where.toStdString());
    QVERIFY(at);
    Fd service = boundSocket(*at, type);
    QVERIFY(service);
    const Endpoint local = localOf(service);
    QVERIFY(waitRow(inodeOf(service)));
    QTableView* view = m_panel->view();
    const QModelIndex index = rowOf(inodeOf(service)).siblingAtColumn(SystemSocketsModel::Local);
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    auto* button = m_panel->findChild<QPushButton*>(QStringLiteral("connectClientButton"));
    QTRY_VERIFY(button->isEnabled());
    QVERIFY(button->toolTip().contains(QStringLiteral("connect it to")));

    const int before = m_bridge->sockets()->socketCount();
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_bridge->sockets()->socketCount(), before + 1, kTimeoutMs);
    const sks::SocketId client = m_bridge->sockets()->allSockets().back()->id;
    if (!waitSocketState(*m_bridge->sockets(), client, sks::SocketState::Connected, kTimeoutMs)) {
        // Say where it stopped: this case failed once in CI on a loaded machine.
        const sks::SocketInfo* s = m_bridge->sockets()->info(client);
        QString why = QStringLiteral("socket #%1 ").arg(client);
        if (s)
            why += QString::fromStdString(std::string(sks::stateName(s->state)) + ", waiting " + std::to_string(int(s->waiting))
                                          + ", last error " + std::to_string(s->lastError) + ", peer " + s->peer.toString());
        QFAIL(qPrintable(why));
    }
    const sks::SocketInfo& info = *m_bridge->sockets()->info(client);
    const QString expectedPeer = expectedPeerHost.isEmpty()
        ? text(local)
        : expectedPeerHost + QStringLiteral(":%1").arg(local.port());
    QCOMPARE(text(info.peer), expectedPeer);
    QCOMPARE(sks::toSocketType(info.type), type);
    QTRY_COMPARE(m_window->socketsPanel()->currentSocket(), client); // selected for the actions panel
}

void TestSystemSockets::contextMenuConnects()
{
    Fd service = boundSocket(Endpoint::ipv4Loopback(0), SOCK_STREAM);
    QVERIFY(waitRow(inodeOf(service)));
    QTableView* view = m_panel->view();
    const QModelIndex index = rowOf(inodeOf(service)).siblingAtColumn(SystemSocketsModel::State);
    view->scrollTo(index);
    const int before = m_bridge->sockets()->socketCount();
    bool triggered = false;
    QTimer::singleShot(0, this, [&triggered] {
        QWidget* popup = QApplication::activePopupWidget();
        QAction* action = popup ? popup->findChild<QAction*>(QStringLiteral("connectClientAction")) : nullptr;
        if (action && action->isEnabled()) {
            triggered = true;
            action->trigger();
        }
        if (popup)
            popup->close();
    });
    Q_EMIT view->customContextMenuRequested(view->visualRect(index).center());
    QVERIFY(triggered);
    QTRY_COMPARE_WITH_TIMEOUT(m_bridge->sockets()->socketCount(), before + 1, kTimeoutMs);
    const sks::SocketId client = m_bridge->sockets()->allSockets().back()->id;
    if (!waitSocketState(*m_bridge->sockets(), client, sks::SocketState::Connected, kTimeoutMs)) {
        // Say where it stopped: this case failed once in CI on a loaded machine.
        const sks::SocketInfo* s = m_bridge->sockets()->info(client);
        QString why = QStringLiteral("socket #%1 ").arg(client);
        if (s)
            why += QString::fromStdString(std::string(sks::stateName(s->state)) + ", waiting " + std::to_string(int(s->waiting))
                                          + ", last error " + std::to_string(s->lastError) + ", peer " + s->peer.toString());
        QFAIL(qPrintable(why));
    }
    QCOMPARE(m_bridge->sockets()->info(client)->peer, localOf(service));
}

void TestSystemSockets::addressInUseNamesTheHolder_data()
{
    QTest::addColumn<QString>("holderAt"); // a path starting with '/' goes in a temporary directory
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("route");
    const QString loopback = QStringLiteral("127.0.0.1:0");
    QTest::newRow("tcp through the bridge") << loopback << int(SOCK_STREAM) << int(ThroughBridge);
    QTest::newRow("tcp straight to the engine") << loopback << int(SOCK_STREAM) << int(AroundBridge);
    QTest::newRow("tcp by host name") << loopback << int(SOCK_STREAM) << int(ByHostName);
    QTest::newRow("udp through the bridge") << loopback << int(SOCK_DGRAM) << int(ThroughBridge);
    QTest::newRow("unix path") << QStringLiteral("/held.sock") << int(SOCK_STREAM) << int(ThroughBridge);
    QTest::newRow("unix abstract") << QStringLiteral("@sockscope-held-%1").arg(::getpid()) << int(SOCK_DGRAM)
                                   << int(AroundBridge);
}

void TestSystemSockets::addressInUseNamesTheHolder()
{
    QFETCH(QString, holderAt);
    QFETCH(int, type);
    QFETCH(int, route);
    // The journal's tab is in front: the lookup does not need the panel on screen.
    m_window->findChild<QDockWidget*>(QStringLiteral("journalDock"))->raise();
    QTRY_VERIFY(!m_panel->isRefreshing());
    QTemporaryDir dir;
    const auto at = Endpoint::parse((holderAt.startsWith(QLatin1Char('/')) ? dir.path() + holderAt : holderAt).toStdString());
    QVERIFY(at);
    Fd holder = boundSocket(*at, type);
    QVERIFY(holder);
    const Endpoint taken = localOf(holder);
    const sks::SocketId id = m_engine->create(taken.family(), type == SOCK_DGRAM ? sks::SockType::Datagram : sks::SockType::Stream,
                                              sks::Role::Server);
    if (route == ThroughBridge)
        m_bridge->post(sks::cmd::Bind{id, taken});
    else if (route == AroundBridge)
        m_engine->post(sks::cmd::Bind{id, taken});
    else
        m_bridge->post(sks::cmd::Bind{id, *Endpoint::parse("localhost:" + std::to_string(taken.port()))});

    JournalModel& journal = *m_bridge->journal();
    const int row = waitJournalCall(journal, id, "bind");
    QVERIFY(row >= 0);
    QCOMPARE(journal.entry(row).error, EADDRINUSE);
    const QString expected = QStringLiteral("%1 is held by pid %2 (%3), fd %4")
                                 .arg(text(taken)).arg(::getpid()).arg(selfComm()).arg(holder.get());
    QTRY_VERIFY_WITH_TIMEOUT(journal.explanation(row).contains(expected), kTimeoutMs);
    QVERIFY(journal.index(row, JournalModel::Call).data(Qt::ToolTipRole).toString().contains(expected));
    QVERIFY2(m_window->statusBar()->currentMessage().contains(expected), qPrintable(m_window->statusBar()->currentMessage()));
    auto* notice = m_window->findChild<QLabel*>(QStringLiteral("noticeLabel"));
    QVERIFY(notice->isVisible());
    QVERIFY(notice->text().contains(QStringLiteral("socket #%1 failed with EADDRINUSE").arg(id)));

    // Selecting the failed row explains it underneath, holder included.
    QTableView* view = m_window->journalPanel()->view();
    const QModelIndex index = journal.index(row, JournalModel::Call);
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    auto* explanation = m_window->findChild<QLabel*>(QStringLiteral("errnoExplanation"));
    QVERIFY(explanation->text().startsWith(QStringLiteral("<b>EADDRINUSE</b>")));
    QVERIFY(explanation->text().contains(expected));
    if (route == ThroughBridge && type == SOCK_STREAM && !taken.isUnix())
        saveScreenshot(m_window.get(), "sockscope-eaddrinuse");
}

void TestSystemSockets::addressInUseByALeftoverFile()
{
    QTemporaryDir dir;
    const auto path = Endpoint::parse((dir.path() + QStringLiteral("/left.sock")).toStdString());
    QVERIFY(path);
    boundSocket(*path, SOCK_STREAM).reset(); // closed; its file stays
    const sks::SocketId id = m_engine->create(sks::Family::Unix, sks::SockType::Stream, sks::Role::Server);
    m_bridge->post(sks::cmd::Bind{id, *path});
    JournalModel& journal = *m_bridge->journal();
    const int row = waitJournalCall(journal, id, "bind");
    QVERIFY(row >= 0);
    QCOMPARE(journal.entry(row).error, EADDRINUSE);
    QTRY_VERIFY_WITH_TIMEOUT(journal.explanation(row).contains(QStringLiteral("No socket is bound to %1 now: the file is left over")
                                                                   .arg(text(*path))),
                             kTimeoutMs);
}

void TestSystemSockets::addressInUseHeldByTheApp()
{
    const sks::SocketId first = appListener(Endpoint::ipv4Loopback(0));
    QVERIFY(first != 0);
    const sks::SocketInfo& info = *m_bridge->sockets()->info(first);
    const Endpoint taken = info.local;
    const int fd = info.fd;
    const sks::SocketId second = m_bridge->createSocket(sks::Family::IPv4, sks::Role::Server);
    m_bridge->post(sks::cmd::Bind{second, taken});
    JournalModel& journal = *m_bridge->journal();
    const int row = waitJournalCall(journal, second, "bind");
    QVERIFY(row >= 0);
    QCOMPARE(journal.entry(row).error, EADDRINUSE);
    const QString expected = QStringLiteral("%1 is held by this app: socket #%2 (fd %3)").arg(text(taken)).arg(first).arg(fd);
    QTRY_VERIFY_WITH_TIMEOUT(journal.explanation(row).contains(expected), kTimeoutMs);
}

void TestSystemSockets::bindTextEndpoint()
{
    using W = AddressInUseWatch;
    QCOMPARE(W::endpointInBindText("bind(5, 127.0.0.1:8080) = -1 EADDRINUSE (Address already in use)"),
             Endpoint::parse("127.0.0.1:8080").value());
    QCOMPARE(W::endpointInBindText("bind(12, [::1]:80) = -1 EADDRINUSE"), Endpoint::parse("[::1]:80").value());
    QCOMPARE(W::endpointInBindText("bind(3, @name) = -1 EADDRINUSE"), Endpoint::parse("@name").value());
    QVERIFY(!W::endpointInBindText("listen(5, 5) = -1 EADDRINUSE"));
    QVERIFY(!W::endpointInBindText("bind(5, 127.0.0.1:99999) = -1 EINVAL"));
    QVERIFY(!W::endpointInBindText("bind(5"));
}

void TestSystemSockets::memoryWithTenThousandRows()
{
    // A panel of its own, paused so only these rows are in it.
    SystemSocketsPanel panel(*m_bridge);
    panel.findChild<QAbstractButton*>(QStringLiteral("pauseToggle"))->setChecked(true);
    panel.resize(1200, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    constexpr int kRows = 10000;
    std::vector<inspect::SystemSocket> rows(kRows);
    for (int i = 0; i < kRows; ++i) {
        inspect::SystemSocket& s = rows[static_cast<std::size_t>(i)];
        s.family = sks::Family::IPv4;
        s.type = SOCK_STREAM;
        s.protocol = IPPROTO_TCP;
        s.stateCode = inspect::kStateEstablished;
        s.state = inspect::stateName(s.stateCode);
        s.local = Endpoint::ipv4Loopback(static_cast<std::uint16_t>(20000 + i));
        s.peer = Endpoint::ipv4Loopback(8080);
        s.inode = 1'000'000 + static_cast<std::uint64_t>(i);
        s.uid = 1000;
        s.tcp = inspect::TcpDetails{};
        s.owner = inspect::SocketOwner{4242, 10 + i, "synthetic"};
    }
    // The GUI thread allocates from the main arena: small blocks (uordblks) and mmapped
    // large ones (hblkhd, e.g. the row vector).
    const auto heap = [] {
        const struct mallinfo2 info = ::mallinfo2();
        return info.uordblks + info.hblkhd;
    };
    ::malloc_trim(0);
    const std::size_t heapBefore = heap();
    using Clock = std::chrono::steady_clock;
    auto first = rows;
    const auto start = Clock::now();
    panel.model()->setSnapshot(std::move(first));
    const auto inserted = Clock::now();
    QCoreApplication::processEvents();
    const std::size_t heapAfter = heap();
    for (int i = 0; i < kRows; i += 10) { // a tenth change state
        rows[static_cast<std::size_t>(i)].stateCode = inspect::kStateTimeWait;
        rows[static_cast<std::size_t>(i)].state = inspect::stateName(inspect::kStateTimeWait);
    }
    auto changed = rows; // copies made outside the timings: the worker hands its snapshot over
    auto unchanged = rows;
    const auto diffStart = Clock::now();
    panel.model()->setSnapshot(std::move(changed));
    const auto diffed = Clock::now();
    panel.model()->setSnapshot(std::move(unchanged)); // the usual refresh: nothing changed
    const auto same = Clock::now();
    QCOMPARE(panel.model()->rowCount(), kRows);
    QCOMPARE(panel.proxy()->rowCount(), kRows);
    const double megabytes = double(heapAfter - heapBefore) / (1024.0 * 1024.0);
    const auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    qInfo("panel with %d rows: %.1f MiB of heap (%.0f B per row); on the GUI thread, the first snapshot applied "
          "in %.1f ms, one with 1,000 changed rows in %.1f ms, an unchanged one in %.1f ms",
          kRows, megabytes, double(heapAfter - heapBefore) / kRows, ms(inserted - start), ms(diffed - diffStart),
          ms(same - diffed));
    QVERIFY(megabytes < 64);
}

QTEST_MAIN(TestSystemSockets)
#include "tst_systemsockets.moc"
