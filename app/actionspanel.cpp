#include "app/actionspanel.h"

#include "app/byteunits.h"
#include "app/callhelp.h"
#include "app/enginebridge.h"
#include "app/newsocketbox.h"
#include "app/recentendpoints.h"
#include "app/socketdetails.h"
#include "app/socketsmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
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

// Whether a call's row belongs on the panel for this kind of socket. The others still
// reach the kernel through "show every call"; it answers EOPNOTSUPP or ENOTCONN.
bool fitsKind(sks::Call call, const sks::SocketInfo& s)
{
    using C = sks::Call;
    const bool datagram = s.type == sks::SockType::Datagram;
    switch (call) {
    case C::Listen:
    case C::Accept:
    case C::Shutdown:
        return !datagram;
    case C::SendTo:
    case C::RecvFrom:
        return datagram;
    case C::SendFd:
    case C::RecvFd:
        return s.family == sks::Family::Unix;
    default:
        return true;
    }
}

// Unix sockets bind in the app's private runtime directory: socket-7.sock, dgram-7.sock.
QString defaultBindText(const sks::SocketInfo& info, const std::string& runtimeDir)
{
    if (info.family == sks::Family::IPv6)
        return ipv6BindDefault;
    if (info.family != sks::Family::Unix)
        return ipv4BindDefault;
    const QString stem = info.type == sks::SockType::Stream ? QStringLiteral("socket")
        : info.type == sks::SockType::Datagram              ? QStringLiteral("dgram")
                                                            : QStringLiteral("seqpacket");
    return QStringLiteral("%1/%2-%3.sock").arg(QString::fromStdString(runtimeDir), stem).arg(info.id);
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

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("socketDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->hide();

    m_newSocketBox = new NewSocketBox(bridge, this);
    connect(m_newSocketBox, &NewSocketBox::socketRequested, this, &ActionsPanel::socketRequested);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_newSocketBox);
    layout->addSpacing(6);
    layout->addWidget(m_header);
    layout->addWidget(m_details);
    layout->addLayout(buildToggles());
    layout->addWidget(buildCallGrid());
    layout->addStretch(1);

    connect(&m_bridge, &EngineBridge::batchApplied, this, &ActionsPanel::refresh);
    refresh();
}

ActionsPanel::~ActionsPanel() = default;

QLayout* ActionsPanel::buildToggles()
{
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

    m_showAllCheck = new QCheckBox(tr("show every call"), this);
    m_showAllCheck->setObjectName(QStringLiteral("showAllCallsCheck"));
    m_showAllCheck->setToolTip(
        tr("Show the calls that do not fit this kind of socket too, such as listen() on a "
           "UDP socket or sendto() on TCP.\nThe kernel refuses most of them "
           "(EOPNOTSUPP, EISCONN, ENOTCONN): click to see how."));
    connect(m_showAllCheck, &QCheckBox::toggled, this, &ActionsPanel::refresh);

    auto* toggles = new QHBoxLayout;
    toggles->addWidget(m_blockingCheck);
    toggles->addStretch(1);
    toggles->addWidget(m_showAllCheck);
    return toggles;
}

QPushButton* ActionsPanel::addCallButton(QGridLayout* grid, int row, sks::Call call,
                                         const QString& text, void (ActionsPanel::*run)())
{
    auto* button = new QPushButton(text, this);
    static const char* const objectNames[CallCount] = {
        "bindButton", "listenButton", "acceptButton", "connectButton",
        "sendButton", "recvButton", "shutdownButton", "closeButton",
        "sendToButton", "recvFromButton", "sendMsgButton", "recvMsgButton",
    };
    button->setObjectName(QString::fromLatin1(objectNames[slot(call)]));
    button->setAutoDefault(false);
    connect(button, &QPushButton::clicked, this, run);
    grid->addWidget(button, row, 0);
    m_callButtons[slot(call)] = button;
    m_rowWidgets[slot(call)].push_back(button);
    return button;
}

void ActionsPanel::addRowWidget(sks::Call call, QGridLayout* grid, QWidget* widget, int row)
{
    grid->addWidget(widget, row, 1);
    m_rowWidgets[slot(call)].push_back(widget);
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
    addMessageRows(grid, box, row);
    addPassingRows(grid, box, row);
    addEndRows(grid, box, row);
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
    recentendpoints::attachCompleter(*m_bindEdit);
    m_bindEdit->setToolTip(tr("Local address to bind: 127.0.0.1:0 is loopback with a port "
                              "the kernel picks. [::1]:0 for IPv6, 0.0.0.0 for every interface.\n"
                              "Unix sockets: a file path (by default in Sockscope's private "
                              "runtime directory) or @name for an abstract name with no file."));
    connect(m_bindEdit, &QLineEdit::returnPressed, this, &ActionsPanel::runBind);
    addRowWidget(sks::Call::Bind, grid, m_bindEdit, row++);
    m_bindError = addErrorLabel(grid, row++, QStringLiteral("endpointErrorLabel"));
    m_rowErrors[slot(sks::Call::Bind)] = m_bindError;
    m_keepFileCheck = new QCheckBox(tr("keep the socket file after close"), box);
    m_keepFileCheck->setObjectName(QStringLiteral("keepFileCheck"));
    m_keepFileCheck->setToolTip(
        tr("bind() on a Unix path creates a socket file, and close() does NOT remove it: a "
           "well-behaved server unlink()s it. Sockscope does that for you unless this is "
           "checked.\nA file left behind makes the next bind() to that path fail with "
           "EADDRINUSE until someone removes it. Abstract names (@name) have no file."));
    connect(m_keepFileCheck, &QCheckBox::clicked, this, [this](bool on) {
        if (m_socket != 0)
            m_bridge.post(sks::cmd::SetKeepFile{m_socket, on});
    });
    grid->addWidget(m_keepFileCheck, row++, 1);

    addCallButton(grid, row, sks::Call::Listen, tr("l&isten()"), &ActionsPanel::runListen);
    m_backlogSpin = new QSpinBox(box);
    m_backlogSpin->setObjectName(QStringLiteral("backlogSpin"));
    m_backlogSpin->setRange(0, 4096);
    m_backlogSpin->setValue(5);
    m_backlogSpin->setPrefix(tr("backlog "));
    m_backlogSpin->setToolTip(tr("How many finished connections the kernel may queue before "
                                 "you accept() them."));
    addRowWidget(sks::Call::Listen, grid, m_backlogSpin, row++);

    addCallButton(grid, row, sks::Call::Accept, tr("&accept()"), &ActionsPanel::runAccept);
    m_autoAcceptCheck = new QCheckBox(tr("accept automatically"), box);
    m_autoAcceptCheck->setObjectName(QStringLiteral("autoAcceptCheck"));
    m_autoAcceptCheck->setToolTip(tr("Call accept() as soon as a client arrives. Leave it off "
                                     "to watch connections wait in the kernel's queue."));
    connect(m_autoAcceptCheck, &QCheckBox::clicked, this, [this](bool on) {
        if (m_socket != 0)
            m_bridge.post(sks::cmd::SetAutoAccept{m_socket, on});
    });
    addRowWidget(sks::Call::Accept, grid, m_autoAcceptCheck, row++);

    addCallButton(grid, row, sks::Call::Connect, tr("&connect()"), &ActionsPanel::runConnect);
    m_connectCombo = new QComboBox(box);
    m_connectCombo->setObjectName(QStringLiteral("connectEndpointCombo"));
    m_connectCombo->setEditable(true);
    m_connectCombo->setInsertPolicy(QComboBox::NoInsert);
    m_connectCombo->setToolTip(tr("Address of the server: pick one of your listening sockets "
                                  "or type any address, e.g. 127.0.0.1:8080.\nOn a datagram "
                                  "socket connect() only sets a default peer: no handshake."));
    addRowWidget(sks::Call::Connect, grid, m_connectCombo, row++);
    m_connectError = addErrorLabel(grid, row++, QStringLiteral("connectErrorLabel"));
    m_rowErrors[slot(sks::Call::Connect)] = m_connectError;
}

// send, recv: the calls on a connection.
void ActionsPanel::addDataRows(QGridLayout* grid, QWidget* box, int& row)
{
    addCallButton(grid, row, sks::Call::Send, tr("&send()"), &ActionsPanel::runSend);
    m_sendEdit = new QLineEdit(QStringLiteral("hello\\n"), box);
    m_sendEdit->setObjectName(QStringLiteral("sendEdit"));
    m_sendEdit->setToolTip(tr("Bytes to send. Escapes: \\n \\r \\t \\\\ \\0 and \\xNN "
                              "(two hex digits)."));
    connect(m_sendEdit, &QLineEdit::returnPressed, this, &ActionsPanel::runSend);
    addRowWidget(sks::Call::Send, grid, m_sendEdit, row++);
    m_sendError = addErrorLabel(grid, row++, QStringLiteral("sendErrorLabel"));
    m_rowErrors[slot(sks::Call::Send)] = m_sendError;

    addCallButton(grid, row, sks::Call::Recv, tr("&recv()"), &ActionsPanel::runRecv);
    m_recvSizeSpin = new QSpinBox(box);
    m_recvSizeSpin->setObjectName(QStringLiteral("recvSizeSpin"));
    m_recvSizeSpin->setRange(1, 1 << 20);
    m_recvSizeSpin->setValue(4096);
    m_recvSizeSpin->setPrefix(tr("up to "));
    byteunits::useByteSuffix(*m_recvSizeSpin);
    m_recvSizeSpin->setToolTip(tr("The buffer size passed to recv(): the most bytes one call "
                                  "may return."));
    addRowWidget(sks::Call::Recv, grid, m_recvSizeSpin, row++);
}

// shutdown, close: the end of a connection.
void ActionsPanel::addEndRows(QGridLayout* grid, QWidget* box, int& row)
{
    addCallButton(grid, row, sks::Call::Shutdown, tr("shut&down()"), &ActionsPanel::runShutdown);
    m_shutdownCombo = new QComboBox(box);
    m_shutdownCombo->setObjectName(QStringLiteral("shutdownCombo"));
    m_shutdownCombo->addItem(QStringLiteral("SHUT_RD"), static_cast<int>(sks::ShutdownHow::Read));
    m_shutdownCombo->addItem(QStringLiteral("SHUT_WR"), static_cast<int>(sks::ShutdownHow::Write));
    m_shutdownCombo->addItem(QStringLiteral("SHUT_RDWR"), static_cast<int>(sks::ShutdownHow::Both));
    m_shutdownCombo->setCurrentIndex(1);
    m_shutdownCombo->setToolTip(tr("SHUT_WR: “I am done sending” (sends FIN). SHUT_RD: stop "
                                   "reading. SHUT_RDWR: both."));
    addRowWidget(sks::Call::Shutdown, grid, m_shutdownCombo, row++);

    addCallButton(grid, row++, sks::Call::Close, tr("cl&ose()"), &ActionsPanel::runClose);
}

// sendto, recvfrom: datagrams, each with its own address.
void ActionsPanel::addMessageRows(QGridLayout* grid, QWidget* box, int& row)
{
    addCallButton(grid, row, sks::Call::SendTo, tr("send&to()"), &ActionsPanel::runSendTo);
    m_sendToCombo = new QComboBox(box);
    m_sendToCombo->setObjectName(QStringLiteral("sendToEndpointCombo"));
    m_sendToCombo->setEditable(true);
    m_sendToCombo->setInsertPolicy(QComboBox::NoInsert);
    m_sendToCombo->setToolTip(tr("Where this datagram goes: pick one of your bound datagram "
                                 "sockets or type an address. Nobody needs to listen: if "
                                 "nothing is bound there, the datagram is simply dropped."));
    addRowWidget(sks::Call::SendTo, grid, m_sendToCombo, row++);
    m_sendToEdit = new QLineEdit(QStringLiteral("hello"), box);
    m_sendToEdit->setObjectName(QStringLiteral("sendToEdit"));
    m_sendToEdit->setToolTip(tr("The datagram's bytes. Escapes: \\n \\r \\t \\\\ \\0 and "
                                "\\xNN. One sendto() is one datagram, delivered whole or not at all."));
    connect(m_sendToEdit, &QLineEdit::returnPressed, this, &ActionsPanel::runSendTo);
    addRowWidget(sks::Call::SendTo, grid, m_sendToEdit, row++);
    m_sendToError = addErrorLabel(grid, row++, QStringLiteral("sendToErrorLabel"));
    m_rowErrors[slot(sks::Call::SendTo)] = m_sendToError;

    addCallButton(grid, row, sks::Call::RecvFrom, tr("recvfro&m()"), &ActionsPanel::runRecvFrom);
    m_recvFromSizeSpin = new QSpinBox(box);
    m_recvFromSizeSpin->setObjectName(QStringLiteral("recvFromSizeSpin"));
    m_recvFromSizeSpin->setRange(1, 1 << 20);
    m_recvFromSizeSpin->setValue(65536);
    m_recvFromSizeSpin->setPrefix(tr("up to "));
    byteunits::useByteSuffix(*m_recvFromSizeSpin);
    m_recvFromSizeSpin->setToolTip(tr("The buffer passed to recvfrom(). One call returns one "
                                      "datagram; a longer one is cut to this size and the "
                                      "rest is lost (MSG_TRUNC). Try 10 to see it."));
    addRowWidget(sks::Call::RecvFrom, grid, m_recvFromSizeSpin, row++);
}

// sendmsg, recvmsg with SCM_RIGHTS: passing a descriptor over a Unix socket.
void ActionsPanel::addPassingRows(QGridLayout* grid, QWidget* box, int& row)
{
    addCallButton(grid, row, sks::Call::SendFd, tr("se&ndmsg()"), &ActionsPanel::runSendFd);
    m_passCombo = new QComboBox(box);
    m_passCombo->setObjectName(QStringLiteral("passFdCombo"));
    m_passCombo->setToolTip(tr("The socket whose descriptor to pass (SCM_RIGHTS). The "
                               "receiver gets its own fd for the same open socket; closing "
                               "either one leaves the other working. The bytes of the "
                               "send() field travel with it."));
    addRowWidget(sks::Call::SendFd, grid, m_passCombo, row++);

    addCallButton(grid, row, sks::Call::RecvFd, tr("recvms&g()"), &ActionsPanel::runRecvFd);
    m_recvFdSizeSpin = new QSpinBox(box);
    m_recvFdSizeSpin->setObjectName(QStringLiteral("recvFdSizeSpin"));
    m_recvFdSizeSpin->setRange(1, 1 << 20);
    m_recvFdSizeSpin->setValue(4096);
    m_recvFdSizeSpin->setPrefix(tr("up to "));
    byteunits::useByteSuffix(*m_recvFdSizeSpin, tr(" + a descriptor"));
    m_recvFdSizeSpin->setToolTip(tr("recvmsg() with room for one SCM_RIGHTS descriptor: a "
                                    "passed descriptor becomes a new socket in the tree."));
    addRowWidget(sks::Call::RecvFd, grid, m_recvFdSizeSpin, row++);
}

void ActionsPanel::setSocket(sks::SocketId id)
{
    if (id == m_socket)
        return;
    m_socket = id;
    for (QLabel* label : m_rowErrors)
        if (label)
            label->hide();
    if (const sks::SocketInfo* info = m_bridge.sockets()->info(id))
        adaptBindDefault(*info);
    refresh();
}

void ActionsPanel::refresh()
{
    const sks::SocketInfo* info = m_bridge.sockets()->info(m_socket);
    updateHeader(info);
    updateButtons(info);
    updateRowVisibility(info);
    updateTargets(info);
    updatePassTargets(info);
    if (info) {
        m_blockingCheck->setChecked(info->blocking);
        m_autoAcceptCheck->setChecked(info->autoAccept);
        m_keepFileCheck->setChecked(info->keepFile);
    }
}

void ActionsPanel::updateHeader(const sks::SocketInfo* info)
{
    const QStringList details = info ? socketdetails::detailLines(*info) : QStringList();
    m_details->setText(details.join(QLatin1Char('\n')));
    m_details->setVisible(!details.isEmpty());
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

void ActionsPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    // A child widget hears of a new application palette as PaletteChange (Qt sends
    // ApplicationPaletteChange to windows only). Setting the buttons' palettes sends
    // their own PaletteChange, not this panel's, so this does not recurse.
    const bool built = std::ranges::none_of(m_callButtons, [](const QPushButton* b) { return b == nullptr; });
    if (event->type() == QEvent::PaletteChange && built)
        updateButtons(m_bridge.sockets()->info(m_socket));
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

void ActionsPanel::updateRowVisibility(const sks::SocketInfo* info)
{
    const bool all = !info || m_showAllCheck->isChecked();
    for (std::size_t i = 0; i < CallCount; ++i) {
        const bool visible = all || fitsKind(static_cast<sks::Call>(i), *info);
        for (QWidget* widget : m_rowWidgets[i])
            widget->setVisible(visible);
        if (!visible && m_rowErrors[i])
            m_rowErrors[i]->hide();
    }
    const bool unixSocket = info && info->family == sks::Family::Unix;
    m_keepFileCheck->setVisible(unixSocket);
    m_keepFileCheck->setEnabled(unixSocket && info->state != sks::SocketState::Closed
                                && !info->local.isAbstract());
}

void ActionsPanel::updateTargets(const sks::SocketInfo* info)
{
    const SocketsModel& model = *m_bridge.sockets();
    auto connectTo = endpointtargets::connectTargets(model, info);
    auto sendTo = endpointtargets::sendToTargets(model, info);
    recentendpoints::appendTo(connectTo); // then what the user typed before, newest first
    recentendpoints::appendTo(sendTo);
    endpointtargets::fillCombo(m_connectCombo, m_connectTargets, std::move(connectTo));
    endpointtargets::fillCombo(m_sendToCombo, m_sendToTargets, std::move(sendTo));
}

// Any open socket can be passed, the sending socket itself included. The list is made only
// while sendmsg() can be called (a socket selected, its row shown): with 20,000 sockets in
// the tree a combo item costs ~400 bytes a socket. Labels are formatted only when what
// they say changed, judged by one number a socket (id, state, waiting call, peer closed),
// not at every refresh.
void ActionsPanel::updatePassTargets(const sks::SocketInfo* info)
{
    if (!info || m_passCombo->isHidden()) {
        if (!m_passSignature.empty()) {
            m_passSignature = {};
            m_passCombo->clear();
        }
        return;
    }
    std::vector<const sks::SocketInfo*> open = m_bridge.sockets()->allSockets();
    std::erase_if(open, [](const sks::SocketInfo* s) { return s->state == sks::SocketState::Closed; });
    std::vector<std::uint64_t> signature;
    signature.reserve(open.size());
    for (const sks::SocketInfo* s : open)
        signature.push_back(std::uint64_t(s->id) << 32 | std::uint64_t(s->state) << 16
                            | std::uint64_t(s->waiting) << 8 | std::uint64_t(s->peerClosed));
    if (signature == m_passSignature && m_passCombo->count() > 0)
        return;
    m_passSignature = std::move(signature);
    const QVariant chosen = m_passCombo->currentData();
    m_passCombo->clear();
    for (const sks::SocketInfo* s : open)
        m_passCombo->addItem(tr("#%1 · %2 · %3")
                                 .arg(s->id)
                                 .arg(QString::fromStdString(s->kindText()), QString::fromStdString(s->stateText())),
                             QVariant::fromValue(s->id));
    int index = chosen.isValid() ? m_passCombo->findData(chosen) : -1;
    // By default offer a socket other than this one and its socketpair partner.
    for (int i = 0; index < 0 && i < m_passCombo->count(); ++i) {
        const auto id = m_passCombo->itemData(i).value<sks::SocketId>();
        if (!info || (id != info->id && id != info->linked))
            index = i;
    }
    m_passCombo->setCurrentIndex(index < 0 ? 0 : index);
}

// A proposed endpoint follows the selected socket; one the user typed stays, unless it is
// a Unix name for an IP socket or the other way round.
void ActionsPanel::adaptBindDefault(const sks::SocketInfo& info)
{
    const QString text = m_bindEdit->text();
    const bool proposed = text.isEmpty() || text == m_bindDefault || text == ipv4BindDefault
        || text == ipv6BindDefault;
    const auto typed = sks::Endpoint::parse(text.toStdString());
    const bool otherWorld = typed && !typed->isName()
        && typed->isUnix() != (info.family == sks::Family::Unix);
    if (!proposed && !otherWorld)
        return;
    m_bindDefault = defaultBindText(info, m_bridge.engine().runtimeDir());
    m_bindEdit->setText(m_bindDefault);
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

std::optional<std::string> ActionsPanel::parseBytes(const QString& text, QLabel* errorLabel)
{
    auto bytes = callhelp::parseEscapedBytes(text);
    if (!bytes) {
        showError(errorLabel, tr("column %1: %2").arg(bytes.error().column).arg(bytes.error().message));
        return std::nullopt;
    }
    errorLabel->hide();
    return std::move(*bytes);
}

void ActionsPanel::runBind()
{
    if (const auto endpoint = parseEndpoint(m_bindEdit->text(), m_bindError)) {
        recentendpoints::remember(m_bindEdit->text());
        m_bridge.post(sks::cmd::Bind{m_socket, *endpoint});
        // Safe by default: loopback is the default; every interface is a choice, said aloud.
        if (endpoint->isWildcard())
            showError(m_bindError, tr("⚠ %1 is every interface: other machines on your network can reach "
                                      "this socket. Bind to 127.0.0.1 or [::1] to stay on this machine.")
                                       .arg(m_bindEdit->text().trimmed()));
    }
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
    if (const auto endpoint = parseEndpoint(m_connectCombo->currentText(), m_connectError)) {
        recentendpoints::remember(m_connectCombo->currentText());
        m_bridge.post(sks::cmd::Connect{m_socket, *endpoint});
    }
}

void ActionsPanel::runSend()
{
    auto bytes = parseBytes(m_sendEdit->text(), m_sendError);
    if (!bytes)
        return;
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

void ActionsPanel::runSendTo()
{
    const auto endpoint = parseEndpoint(m_sendToCombo->currentText(), m_sendToError);
    if (!endpoint)
        return;
    auto bytes = parseBytes(m_sendToEdit->text(), m_sendToError);
    if (!bytes)
        return;
    recentendpoints::remember(m_sendToCombo->currentText());
    m_bridge.post(sks::cmd::SendTo{m_socket, *endpoint, std::move(*bytes)});
}

void ActionsPanel::runRecvFrom()
{
    m_bridge.post(sks::cmd::RecvFrom{m_socket, static_cast<std::size_t>(m_recvFromSizeSpin->value())});
}

void ActionsPanel::runSendFd()
{
    const QVariant passed = m_passCombo->currentData();
    if (!passed.isValid())
        return;
    // The descriptor travels with the bytes of the send() field: a stream socket carries
    // ancillary data only alongside at least one byte.
    auto bytes = parseBytes(m_sendEdit->text(), m_sendError);
    if (!bytes)
        return;
    if (bytes->empty()) {
        showError(m_sendError, tr("sendmsg() carries the descriptor alongside data: type at least one "
                                  "byte in the send() field."));
        return;
    }
    m_bridge.post(sks::cmd::SendFd{m_socket, passed.value<sks::SocketId>(), std::move(*bytes)});
}

void ActionsPanel::runRecvFd()
{
    m_bridge.post(sks::cmd::RecvFd{m_socket, static_cast<std::size_t>(m_recvFdSizeSpin->value())});
}
