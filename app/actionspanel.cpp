#include "app/actionspanel.h"

#include "app/callhelp.h"
#include "app/enginebridge.h"
#include "app/socketsmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace {

const QString ipv4BindDefault = QStringLiteral("127.0.0.1:0");
const QString ipv6BindDefault = QStringLiteral("[::1]:0");

std::size_t slot(sks::Call call)
{
    return static_cast<std::size_t>(call);
}

// Connecting to 0.0.0.0 works on Linux but teaches the wrong habit: offer loopback.
sks::Endpoint connectableAddress(const sks::Endpoint& local)
{
    if (!local.isWildcard())
        return local;
    return local.family() == sks::Family::IPv6 ? sks::Endpoint::ipv6Loopback(local.port())
                                               : sks::Endpoint::ipv4Loopback(local.port());
}

} // namespace

ActionsPanel::ActionsPanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_bridge(bridge)
{
    m_header = new QLabel(this);
    m_header->setObjectName(QStringLiteral("socketHeader"));
    m_header->setWordWrap(true);
    m_header->setTextFormat(Qt::PlainText);
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    headerFont.setPointSizeF(headerFont.pointSizeF() * 1.15);
    m_header->setFont(headerFont);

    m_blockingCheck = new QCheckBox(tr("blocking"), this);
    m_blockingCheck->setObjectName(QStringLiteral("blockingCheck"));
    m_blockingCheck->setChecked(true);
    m_blockingCheck->setToolTip(
        tr("Blocking (checked): a call that cannot finish yet — accept() with no client, "
           "recv() with no data — waits; here it is shown as “waiting in accept()”.\n"
           "Non-blocking (unchecked, O_NONBLOCK): the same call returns -1 at once with "
           "EAGAIN (or EINPROGRESS for connect()), and the program must try again later."));
    connect(m_blockingCheck, &QCheckBox::clicked, this, [this](bool on) {
        if (m_socket != 0)
            m_bridge.post(sks::cmd::SetBlocking{m_socket, on});
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(buildNewSocketBox());
    layout->addSpacing(6);
    layout->addWidget(m_header);
    layout->addWidget(m_blockingCheck);
    layout->addWidget(buildCallGrid());
    layout->addStretch(1);

    connect(&m_bridge, &EngineBridge::batchApplied, this, &ActionsPanel::refresh);
    refresh();
}

ActionsPanel::~ActionsPanel() = default;

QWidget* ActionsPanel::buildNewSocketBox()
{
    auto* box = new QGroupBox(tr("New socket"), this);
    auto* server = new QPushButton(tr("New TCP server"), box);
    server->setObjectName(QStringLiteral("newServerButton"));
    server->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    server->setToolTip(tr("socket(AF_INET, SOCK_STREAM, 0) for a server (Ctrl+Shift+S).\n"
                          "Next: bind() it to an address, listen(), then accept() clients."));
    connect(server, &QPushButton::clicked, this, [this] { createSocket(sks::Role::Server); });

    auto* client = new QPushButton(tr("New TCP client"), box);
    client->setObjectName(QStringLiteral("newClientButton"));
    client->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    client->setToolTip(tr("socket(AF_INET, SOCK_STREAM, 0) for a client (Ctrl+Shift+C).\n"
                          "Next: connect() it to a listening server's address."));
    connect(client, &QPushButton::clicked, this, [this] { createSocket(sks::Role::Client); });

    m_familyCombo = new QComboBox(box);
    m_familyCombo->setObjectName(QStringLiteral("familyCombo"));
    m_familyCombo->addItem(tr("IPv4"), QVariant::fromValue(static_cast<int>(sks::Family::IPv4)));
    m_familyCombo->addItem(tr("IPv6"), QVariant::fromValue(static_cast<int>(sks::Family::IPv6)));
    m_familyCombo->setToolTip(tr("Address family of new sockets: AF_INET (IPv4, 127.0.0.1) "
                                 "or AF_INET6 (IPv6, ::1)."));

    auto* row = new QHBoxLayout(box);
    row->addWidget(server);
    row->addWidget(client);
    row->addWidget(m_familyCombo);
    return box;
}

QPushButton* ActionsPanel::addCallButton(QGridLayout* grid, int row, sks::Call call,
                                         const QString& text, void (ActionsPanel::*run)())
{
    auto* button = new QPushButton(text, this);
    static const char* const objectNames[CallCount] = {
        "bindButton", "listenButton", "acceptButton", "connectButton",
        "sendButton", "recvButton", "shutdownButton", "closeButton",
    };
    button->setObjectName(QString::fromLatin1(objectNames[slot(call)]));
    button->setAutoDefault(false);
    connect(button, &QPushButton::clicked, this, run);
    grid->addWidget(button, row, 0);
    m_callButtons[slot(call)] = button;
    return button;
}

QLabel* ActionsPanel::addErrorLabel(QGridLayout* grid, int row, const QString& objectName)
{
    auto* label = new QLabel(this);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->hide();
    grid->addWidget(label, row, 1);
    return label;
}

QWidget* ActionsPanel::buildCallGrid()
{
    auto* box = new QGroupBox(tr("Calls"), this);
    auto* grid = new QGridLayout(box);
    grid->setColumnStretch(1, 1);
    int row = 0;
    addSetupRows(grid, box, row);
    addDataRows(grid, box, row);
    for (std::size_t i = 0; i < CallCount; ++i)
        m_callButtons[i]->setToolTip(callhelp::toolTip(static_cast<sks::Call>(i)));
    return box;
}

// bind, listen, accept, connect: the calls that set a connection up.
void ActionsPanel::addSetupRows(QGridLayout* grid, QWidget* box, int& row)
{
    addCallButton(grid, row, sks::Call::Bind, tr("&bind()"), &ActionsPanel::runBind);
    m_bindEdit = new QLineEdit(ipv4BindDefault, box);
    m_bindEdit->setObjectName(QStringLiteral("bindEndpointEdit"));
    m_bindEdit->setToolTip(tr("Local address to bind: 127.0.0.1:0 is loopback with a port "
                              "the kernel picks. [::1]:0 for IPv6, 0.0.0.0 for every interface."));
    connect(m_bindEdit, &QLineEdit::returnPressed, this, &ActionsPanel::runBind);
    grid->addWidget(m_bindEdit, row++, 1);
    m_bindError = addErrorLabel(grid, row++, QStringLiteral("endpointErrorLabel"));

    addCallButton(grid, row, sks::Call::Listen, tr("&listen()"), &ActionsPanel::runListen);
    m_backlogSpin = new QSpinBox(box);
    m_backlogSpin->setObjectName(QStringLiteral("backlogSpin"));
    m_backlogSpin->setRange(0, 4096);
    m_backlogSpin->setValue(5);
    m_backlogSpin->setPrefix(tr("backlog "));
    m_backlogSpin->setToolTip(tr("How many finished connections the kernel may queue before "
                                 "you accept() them."));
    grid->addWidget(m_backlogSpin, row++, 1);

    addCallButton(grid, row, sks::Call::Accept, tr("&accept()"), &ActionsPanel::runAccept);
    m_autoAcceptCheck = new QCheckBox(tr("accept automatically"), box);
    m_autoAcceptCheck->setObjectName(QStringLiteral("autoAcceptCheck"));
    m_autoAcceptCheck->setToolTip(tr("Call accept() as soon as a client arrives. Leave it off "
                                     "to watch connections wait in the kernel's queue."));
    connect(m_autoAcceptCheck, &QCheckBox::clicked, this, [this](bool on) {
        if (m_socket != 0)
            m_bridge.post(sks::cmd::SetAutoAccept{m_socket, on});
    });
    grid->addWidget(m_autoAcceptCheck, row++, 1);

    addCallButton(grid, row, sks::Call::Connect, tr("&connect()"), &ActionsPanel::runConnect);
    m_connectCombo = new QComboBox(box);
    m_connectCombo->setObjectName(QStringLiteral("connectEndpointCombo"));
    m_connectCombo->setEditable(true);
    m_connectCombo->setInsertPolicy(QComboBox::NoInsert);
    m_connectCombo->setToolTip(tr("Address of the server: pick one of your listening sockets "
                                  "or type any address, e.g. 127.0.0.1:8080."));
    grid->addWidget(m_connectCombo, row++, 1);
    m_connectError = addErrorLabel(grid, row++, QStringLiteral("connectErrorLabel"));
}

// send, recv, shutdown, close: the calls on a connection.
void ActionsPanel::addDataRows(QGridLayout* grid, QWidget* box, int& row)
{
    addCallButton(grid, row, sks::Call::Send, tr("&send()"), &ActionsPanel::runSend);
    m_sendEdit = new QLineEdit(QStringLiteral("hello\\n"), box);
    m_sendEdit->setObjectName(QStringLiteral("sendEdit"));
    m_sendEdit->setToolTip(tr("Bytes to send. Escapes: \\n \\r \\t \\\\ \\0 and \\xNN "
                              "(two hex digits)."));
    connect(m_sendEdit, &QLineEdit::returnPressed, this, &ActionsPanel::runSend);
    grid->addWidget(m_sendEdit, row++, 1);
    m_sendError = addErrorLabel(grid, row++, QStringLiteral("sendErrorLabel"));

    addCallButton(grid, row, sks::Call::Recv, tr("&recv()"), &ActionsPanel::runRecv);
    m_recvSizeSpin = new QSpinBox(box);
    m_recvSizeSpin->setObjectName(QStringLiteral("recvSizeSpin"));
    m_recvSizeSpin->setRange(1, 1 << 20);
    m_recvSizeSpin->setValue(4096);
    m_recvSizeSpin->setPrefix(tr("up to "));
    m_recvSizeSpin->setSuffix(tr(" bytes"));
    m_recvSizeSpin->setToolTip(tr("The buffer size passed to recv(): the most bytes one call "
                                  "may return."));
    grid->addWidget(m_recvSizeSpin, row++, 1);

    addCallButton(grid, row, sks::Call::Shutdown, tr("shut&down()"), &ActionsPanel::runShutdown);
    m_shutdownCombo = new QComboBox(box);
    m_shutdownCombo->setObjectName(QStringLiteral("shutdownCombo"));
    m_shutdownCombo->addItem(QStringLiteral("SHUT_RD"), static_cast<int>(sks::ShutdownHow::Read));
    m_shutdownCombo->addItem(QStringLiteral("SHUT_WR"), static_cast<int>(sks::ShutdownHow::Write));
    m_shutdownCombo->addItem(QStringLiteral("SHUT_RDWR"), static_cast<int>(sks::ShutdownHow::Both));
    m_shutdownCombo->setCurrentIndex(1);
    m_shutdownCombo->setToolTip(tr("SHUT_WR: “I am done sending” (sends FIN). SHUT_RD: stop "
                                   "reading. SHUT_RDWR: both."));
    grid->addWidget(m_shutdownCombo, row++, 1);

    addCallButton(grid, row++, sks::Call::Close, tr("cl&ose()"), &ActionsPanel::runClose);
}

void ActionsPanel::createSocket(sks::Role role)
{
    const auto family = static_cast<sks::Family>(m_familyCombo->currentData().toInt());
    Q_EMIT socketRequested(m_bridge.createSocket(family, role));
}

void ActionsPanel::setSocket(sks::SocketId id)
{
    if (id == m_socket)
        return;
    m_socket = id;
    for (QLabel* label : {m_bindError, m_connectError, m_sendError})
        label->hide();
    m_connectTargets.clear(); // the offered listeners depend on the socket's family
    if (const sks::SocketInfo* info = m_bridge.sockets()->info(id))
        adaptBindDefault(*info);
    refresh();
}

void ActionsPanel::refresh()
{
    const sks::SocketInfo* info = m_bridge.sockets()->info(m_socket);
    updateHeader(info);
    updateButtons(info);
    updateConnectTargets(info);
    if (info) {
        m_blockingCheck->setChecked(info->blocking);
        m_autoAcceptCheck->setChecked(info->autoAccept);
    }
}

void ActionsPanel::updateHeader(const sks::SocketInfo* info)
{
    if (!info) {
        m_header->setText(m_socket == 0
                              ? tr("No socket selected — create one above or pick one in the "
                                   "Sockets panel.")
                              : tr("Socket #%1 · being created…").arg(m_socket));
        return;
    }
    const QString fd = info->fd >= 0 ? tr("fd %1").arg(info->fd)
                                     : tr("no fd (was %1)").arg(info->lastFd);
    m_header->setText(tr("Socket #%1 · %2 · %3 · %4")
                          .arg(info->id)
                          .arg(fd, QString::fromStdString(info->kindText()),
                               QString::fromStdString(info->stateText())));
}

void ActionsPanel::updateButtons(const sks::SocketInfo* info)
{
    const bool usable = info && info->state != sks::SocketState::Closed;
    const std::vector<sks::Call> legal = usable ? sks::legalNextCalls(*info) : std::vector<sks::Call>{};
    for (std::size_t i = 0; i < CallCount; ++i) {
        QPushButton* button = m_callButtons[i];
        const auto call = static_cast<sks::Call>(i);
        const bool isLegal = std::ranges::find(legal, call) != legal.end();
        const bool dimmed = usable && !isLegal;
        button->setEnabled(usable);
        QFont font = button->font();
        font.setBold(usable && isLegal);
        button->setFont(font);
        button->setDefault(usable && isLegal);
        QPalette palette;
        if (dimmed)
            palette.setColor(QPalette::ButtonText,
                             palette.color(QPalette::Disabled, QPalette::ButtonText));
        button->setPalette(palette);
        QString tip = callhelp::toolTip(call);
        if (dimmed)
            tip = callhelp::unusualStepWarning(call, *info) + QStringLiteral("\n\n") + tip;
        else if (!usable)
            tip = (info ? tr("This socket is closed; create a new one.")
                        : tr("Select a socket first."))
                + QStringLiteral("\n\n") + tip;
        button->setToolTip(tip);
    }
    m_blockingCheck->setEnabled(usable);
    m_autoAcceptCheck->setEnabled(usable);
}

void ActionsPanel::updateConnectTargets(const sks::SocketInfo* info)
{
    std::vector<std::pair<QString, sks::SocketId>> targets;
    const auto all = m_bridge.sockets()->allSockets();
    for (auto it = all.rbegin(); it != all.rend(); ++it) { // newest first
        const sks::SocketInfo& s = **it;
        if (s.state != sks::SocketState::Listening || s.local.isEmpty())
            continue;
        if (info && info->family != sks::Family::Unspecified && s.family != info->family)
            continue;
        targets.emplace_back(QString::fromStdString(connectableAddress(s.local).toString()), s.id);
    }
    if (targets == m_connectTargets)
        return;
    const QString typed = m_connectCombo->currentText();
    const bool typedByUser = !typed.isEmpty()
        && std::ranges::none_of(m_connectTargets, [&typed](const auto& t) { return t.first == typed; });
    m_connectTargets = std::move(targets);
    m_connectCombo->clear();
    for (const auto& [address, id] : m_connectTargets) {
        m_connectCombo->addItem(address, QVariant::fromValue(id));
        m_connectCombo->setItemData(m_connectCombo->count() - 1,
                                    tr("Listening socket #%1").arg(id), Qt::ToolTipRole);
    }
    if (typedByUser)
        m_connectCombo->setEditText(typed);
    else if (!m_connectTargets.empty())
        m_connectCombo->setCurrentIndex(0);
}

void ActionsPanel::adaptBindDefault(const sks::SocketInfo& info)
{
    const QString text = m_bindEdit->text();
    if (info.family == sks::Family::IPv6 && text == ipv4BindDefault)
        m_bindEdit->setText(ipv6BindDefault);
    else if (info.family == sks::Family::IPv4 && text == ipv6BindDefault)
        m_bindEdit->setText(ipv4BindDefault);
}

void ActionsPanel::showError(QLabel* label, const QString& message)
{
    // Red that stays readable on both light and dark window colours.
    const bool dark = label->palette().color(QPalette::Window).lightness() < 128;
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, dark ? QColor(255, 120, 120) : QColor(180, 20, 20));
    label->setPalette(palette);
    label->setText(message);
    label->show();
}

std::optional<sks::Endpoint> ActionsPanel::parseEndpoint(const QString& text, QLabel* errorLabel)
{
    const auto parsed = sks::Endpoint::parse(text.toStdString());
    if (!parsed) {
        showError(errorLabel, QString::fromStdString(parsed.error().toString()));
        return std::nullopt;
    }
    errorLabel->hide();
    return *parsed;
}

void ActionsPanel::runBind()
{
    if (const auto endpoint = parseEndpoint(m_bindEdit->text(), m_bindError))
        m_bridge.post(sks::cmd::Bind{m_socket, *endpoint});
}

void ActionsPanel::runListen()
{
    m_bridge.post(sks::cmd::Listen{m_socket, m_backlogSpin->value()});
}

void ActionsPanel::runAccept()
{
    m_bridge.post(sks::cmd::Accept{m_socket});
}

void ActionsPanel::runConnect()
{
    if (const auto endpoint = parseEndpoint(m_connectCombo->currentText(), m_connectError))
        m_bridge.post(sks::cmd::Connect{m_socket, *endpoint});
}

void ActionsPanel::runSend()
{
    auto bytes = callhelp::parseEscapedBytes(m_sendEdit->text());
    if (!bytes) {
        showError(m_sendError, tr("column %1: %2").arg(bytes.error().column).arg(bytes.error().message));
        return;
    }
    m_sendError->hide();
    m_bridge.post(sks::cmd::Send{m_socket, std::move(*bytes)});
}

void ActionsPanel::runRecv()
{
    m_bridge.post(sks::cmd::Recv{m_socket, static_cast<std::size_t>(m_recvSizeSpin->value())});
}

void ActionsPanel::runShutdown()
{
    const auto how = static_cast<sks::ShutdownHow>(m_shutdownCombo->currentData().toInt());
    m_bridge.post(sks::cmd::Shutdown{m_socket, how});
}

void ActionsPanel::runClose()
{
    m_bridge.post(sks::cmd::Close{m_socket});
}
