#include "app/payloadpanel.h"

#include "app/byteunits.h"
#include "app/enginebridge.h"
#include "app/hexdumpview.h"
#include "app/payloadcomposer.h"
#include "app/socketsmodel.h"

#include <QCheckBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>

namespace {

void setTextIfChanged(QLabel* label, const QString& text)
{
    if (label->text() != text)
        label->setText(text);
}

} // namespace

PayloadPanel::PayloadPanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_viewer(new HexDumpView(this))
    , m_composer(new PayloadComposer(bridge, this))
    , m_statusTimer(new QTimer(this))
{
    m_viewer->setObjectName(QStringLiteral("hexDumpView"));
    m_viewer->setMinimumHeight(120);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("receivedStatusLabel"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_dropped = new QLabel(this);
    m_dropped->setObjectName(QStringLiteral("droppedLabel"));
    m_dropped->setWordWrap(true);
    m_dropped->setToolTip(tr("The console keeps the newest %1 a socket received. Older bytes leave "
                             "the view, never the counters: the offsets keep counting from the first "
                             "byte ever received.").arg(byteunits::human(sks::ReceiveLog::kDefaultCapacity)));
    m_dropped->hide();
    auto* line = new QFrame(this);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(buildHeader());
    layout->addWidget(m_viewer, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_dropped);
    layout->addWidget(line);
    layout->addWidget(m_composer);

    connect(m_viewer, &HexDumpView::followTailChanged, m_follow, &QCheckBox::setChecked);
    connect(&m_bridge, &EngineBridge::batchApplied, this, &PayloadPanel::refresh);
    // The dump follows every frame; the lines of text under it at most ten times a second
    // (and once more after the last change), since each new text lays the panel out again.
    m_statusTimer->setSingleShot(true);
    m_statusTimer->setInterval(100);
    connect(m_statusTimer, &QTimer::timeout, this, [this] {
        updateStatus(m_socket ? m_bridge.sockets()->info(m_socket) : nullptr);
    });
    setSocket(0);
}

PayloadPanel::~PayloadPanel() = default;

QWidget* PayloadPanel::buildHeader()
{
    auto* row = new QWidget(this);
    m_header = new QLabel(row);
    m_header->setObjectName(QStringLiteral("payloadHeader"));
    m_header->setTextFormat(Qt::PlainText);
    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);
    m_autoRecv = new QCheckBox(tr("auto-receive"), row);
    m_autoRecv->setObjectName(QStringLiteral("autoRecvCheck"));
    m_autoRecv->setToolTip(tr("Read everything as it arrives: the engine calls recv() whenever the "
                              "kernel has bytes for this socket and the dump fills by itself. The "
                              "journal sums each burst up in one line.\nOff: bytes wait in the "
                              "kernel's receive queue until you call recv()."));
    connect(m_autoRecv, &QCheckBox::clicked, this, [this](bool on) {
        if (m_socket != 0)
            m_bridge.post(sks::cmd::SetAutoRecv{m_socket, on});
    });
    m_follow = new QCheckBox(tr("follow tail"), row);
    m_follow->setObjectName(QStringLiteral("followTailCheck"));
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest bytes in view as they arrive. Scrolling up turns it "
                            "off so you can read; scrolling to the bottom turns it back on."));
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) { m_viewer->setFollowTail(on); });

    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_header, 1);
    layout->addWidget(m_autoRecv);
    layout->addWidget(m_follow);
    return row;
}

void PayloadPanel::setSocket(sks::SocketId id)
{
    m_socket = id;
    m_composer->setSocket(id);
    const sks::SocketInfo* info = id ? m_bridge.sockets()->info(id) : nullptr;
    m_viewer->setLog(id ? m_bridge.engine().receiveLog(id) : nullptr,
                     info && info->type != sks::SockType::Stream);
    refresh();
    updateStatus(info);
}

void PayloadPanel::refresh()
{
    const sks::SocketInfo* info = m_socket ? m_bridge.sockets()->info(m_socket) : nullptr;
    if (m_socket != 0 && !m_viewer->log()) // the log exists from the first byte received
        if (auto log = m_bridge.engine().receiveLog(m_socket))
            m_viewer->setLog(std::move(log), info && info->type != sks::SockType::Stream);
    m_viewer->refresh();
    if (!m_statusTimer->isActive())
        m_statusTimer->start();
}

void PayloadPanel::updateStatus(const sks::SocketInfo* info)
{
    m_autoRecv->setEnabled(info && info->state != sks::SocketState::Closed);
    if (info && m_autoRecv->isChecked() != info->autoRecv)
        m_autoRecv->setChecked(info->autoRecv);
    if (!info) {
        setTextIfChanged(m_header, tr("No socket selected — pick one in the sockets tree."));
        setTextIfChanged(m_status, QString());
        m_dropped->hide();
        return;
    }
    QString header = QStringLiteral("#%1 · %2 · %3").arg(info->id).arg(QString::fromStdString(info->kindText()),
                                                               QString::fromStdString(info->stateText()));
    if (!info->peer.isEmpty())
        header += QStringLiteral(" · %1 ↔ %2").arg(QString::fromStdString(info->local.toString()),
                                                   QString::fromStdString(info->peer.toString()));
    setTextIfChanged(m_header, header);
    const QString unit = info->type == sks::SockType::Stream ? tr("recv() calls") : tr("datagrams");
    setTextIfChanged(m_status, tr("%1 received in %2 %3 · %4 waiting in the kernel's receive queue")
                                   .arg(byteunits::exactAndHuman(info->bytesIn), byteunits::grouped(info->messagesIn),
                                        unit, byteunits::exactAndHuman(info->recvQueue)));
    const sks::ReceiveLog* log = m_viewer->log();
    const std::uint64_t dropped = log ? log->begin() : 0;
    m_dropped->setVisible(dropped > 0);
    if (dropped > 0)
        setTextIfChanged(m_dropped, tr("Older bytes left the view (%1 bytes total): showing the newest %2, "
                                       "from byte %3 on.")
                                        .arg(byteunits::grouped(log->end()),
                                             byteunits::human(log->end() - dropped), byteunits::grouped(dropped)));
}
