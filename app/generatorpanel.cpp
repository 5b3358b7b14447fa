#include "app/generatorpanel.h"

#include "app/byteunits.h"
#include "app/enginebridge.h"
#include "app/journalmodel.h"
#include "app/socketpicker.h"
#include "app/socketsmodel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace {

using S = sks::SocketState;

bool canSend(const sks::SocketInfo& s)
{
    return s.type == sks::SockType::Stream && (s.state == S::Connected || s.state == S::Accepted || s.state == S::HalfClosedRead);
}

bool canReceive(const sks::SocketInfo& s)
{
    return s.type == sks::SockType::Stream && (s.state == S::Connected || s.state == S::Accepted || s.state == S::HalfClosedWrite);
}

enum SpeedId { FullSpeed, AtRate };
constexpr std::array<double, 3> kRateUnits = {1e3, 1e6, 1e9};                      // kB/s, MB/s, GB/s
constexpr std::array<std::uint64_t, 3> kSizeUnits = {1u << 10, 1u << 20, 1u << 30}; // KiB, MiB, GiB

} // namespace

GeneratorPanel::GeneratorPanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_progressTimer(new QTimer(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(buildPickers());
    layout->addWidget(buildSpeed());
    layout->addWidget(buildLimit());
    layout->addWidget(buildControls());
    layout->addStretch(1);
    connect(&m_bridge, &EngineBridge::batchApplied, this, &GeneratorPanel::onBatch);
    // Progress text at most ten times a second: each new text lays the panel out again.
    m_progressTimer->setSingleShot(true);
    m_progressTimer->setInterval(100);
    connect(m_progressTimer, &QTimer::timeout, this, &GeneratorPanel::updateProgress);
    updateEnabled();
}

GeneratorPanel::~GeneratorPanel() = default;

QWidget* GeneratorPanel::buildPickers()
{
    auto* box = new QWidget(this);
    const SocketsModel& model = *m_bridge.sockets();
    m_sourcePicker = new SocketPicker(model, canSend, tr("(choose a connected socket)"), box);
    m_sourcePicker->setObjectName(QStringLiteral("generatorSourcePicker"));
    m_sourcePicker->setToolTip(tr("The socket that sends: any connected TCP or Unix stream socket of "
                                  "the app. Selecting one in the sockets tree picks it here."));
    m_receiverPicker = new SocketPicker(model, canReceive, tr("(the peer is outside the app)"), box);
    m_receiverPicker->setObjectName(QStringLiteral("generatorReceiverPicker"));
    m_receiverPicker->setToolTip(tr("The app's socket at the other end. It gets auto-receive switched "
                                    "on, so it reads as fast as the bytes arrive; otherwise its receive "
                                    "queue fills, then the sender's, and the generator waits — which is "
                                    "also worth watching."));
    connect(m_sourcePicker, &QComboBox::currentIndexChanged, this,
            [this] { setReceiver(peerInApp(m_sourcePicker->currentSocket())); });
    connect(m_receiverPicker, &QComboBox::currentIndexChanged, this, &GeneratorPanel::updateEnabled);
    auto* form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("From"), m_sourcePicker);
    form->addRow(tr("To"), m_receiverPicker);
    return box;
}

QWidget* GeneratorPanel::buildSpeed()
{
    auto* box = new QWidget(this);
    auto* full = new QRadioButton(tr("full speed"), box);
    full->setObjectName(QStringLiteral("generatorFullSpeedRadio"));
    full->setToolTip(tr("send() as fast as the kernel takes the bytes: the send buffer fills and "
                        "the generator waits for room (EAGAIN, then EPOLLOUT)."));
    auto* paced = new QRadioButton(tr("at"), box);
    paced->setObjectName(QStringLiteral("generatorRateRadio"));
    paced->setToolTip(tr("Keep to a rate: the engine sends what is due every 10 ms."));
    m_speedGroup = new QButtonGroup(box);
    m_speedGroup->addButton(full, FullSpeed);
    m_speedGroup->addButton(paced, AtRate);
    full->setChecked(true);
    m_rateSpin = new QDoubleSpinBox(box);
    m_rateSpin->setObjectName(QStringLiteral("generatorRateSpin"));
    m_rateSpin->setRange(0.001, 100'000);
    m_rateSpin->setValue(1);
    m_rateUnit = new QComboBox(box);
    m_rateUnit->addItems({tr("kB/s"), tr("MB/s"), tr("GB/s")});
    m_rateUnit->setCurrentIndex(1);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Speed"), box));
    row->addWidget(full);
    row->addWidget(paced);
    row->addWidget(m_rateSpin);
    row->addWidget(m_rateUnit);
    row->addStretch(1);
    connect(m_speedGroup, &QButtonGroup::idToggled, this, &GeneratorPanel::updateEnabled);
    return box;
}

QWidget* GeneratorPanel::buildLimit()
{
    auto* box = new QWidget(this);
    auto* size = new QRadioButton(tr("after"), box);
    size->setToolTip(tr("Stop after this many bytes were sent (the receiver may still be reading)."));
    auto* time = new QRadioButton(tr("after"), box);
    time->setToolTip(tr("Stop when this much time has passed."));
    auto* none = new QRadioButton(tr("never (until Stop)"), box);
    none->setToolTip(tr("Keep sending until you press Stop or close the socket; watch the peer's "
                        "receive queue fill if nobody reads."));
    m_limitGroup = new QButtonGroup(box);
    m_limitGroup->addButton(size, static_cast<int>(Limit::Size));
    m_limitGroup->addButton(time, static_cast<int>(Limit::Time));
    m_limitGroup->addButton(none, static_cast<int>(Limit::None));
    size->setChecked(true);
    m_sizeSpin = new QSpinBox(box);
    m_sizeSpin->setObjectName(QStringLiteral("generatorSizeSpin"));
    m_sizeSpin->setRange(1, 1'000'000);
    m_sizeSpin->setValue(100);
    m_sizeUnit = new QComboBox(box);
    m_sizeUnit->addItems({tr("KiB"), tr("MiB"), tr("GiB")});
    m_sizeUnit->setCurrentIndex(1);
    m_secondsSpin = new QDoubleSpinBox(box);
    m_secondsSpin->setObjectName(QStringLiteral("generatorSecondsSpin"));
    m_secondsSpin->setRange(0.1, 86'400);
    m_secondsSpin->setValue(5);
    m_secondsSpin->setSuffix(tr(" s"));
    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(new QLabel(tr("Stop"), box), 0, 0);
    grid->addWidget(size, 0, 1);
    grid->addWidget(m_sizeSpin, 0, 2);
    grid->addWidget(m_sizeUnit, 0, 3);
    grid->addWidget(time, 1, 1);
    grid->addWidget(m_secondsSpin, 1, 2);
    grid->addWidget(none, 2, 1, 1, 3);
    grid->setColumnStretch(4, 1);
    connect(m_limitGroup, &QButtonGroup::idToggled, this, &GeneratorPanel::updateEnabled);
    return box;
}

QWidget* GeneratorPanel::buildControls()
{
    auto* box = new QWidget(this);
    m_startButton = new QPushButton(tr("Start"), box);
    m_startButton->setObjectName(QStringLiteral("generatorStartButton"));
    m_startButton->setToolTip(tr("Start streaming: one journal line for the whole run, completed "
                                 "with its totals when it ends."));
    m_stopButton = new QPushButton(tr("Stop"), box);
    m_stopButton->setObjectName(QStringLiteral("generatorStopButton"));
    m_stopButton->setToolTip(tr("End the run now: its journal line is completed with the bytes sent so far. "
                                "Bytes already handed to the kernel still arrive."));
    m_progress = new QProgressBar(box);
    m_progress->setObjectName(QStringLiteral("generatorProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progressLabel = new QLabel(box);
    m_progressLabel->setObjectName(QStringLiteral("generatorProgressLabel"));
    m_progressLabel->setWordWrap(true);
    m_result = new QLabel(box);
    m_result->setObjectName(QStringLiteral("generatorResultLabel"));
    m_result->setWordWrap(true);
    m_result->setForegroundRole(QPalette::PlaceholderText);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_startButton);
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_progress, 1);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_progressLabel);
    layout->addWidget(m_result);
    connect(m_startButton, &QPushButton::clicked, this, &GeneratorPanel::start);
    connect(m_stopButton, &QPushButton::clicked, this, &GeneratorPanel::stop);
    return box;
}

sks::SocketId GeneratorPanel::source() const
{
    return m_sourcePicker->currentSocket();
}

sks::SocketId GeneratorPanel::receiver() const
{
    return m_receiverPicker->currentSocket();
}

void GeneratorPanel::suggestSource(sks::SocketId id)
{
    const sks::SocketInfo* info = id ? m_bridge.sockets()->info(id) : nullptr;
    if (!m_running && info && canSend(*info) && id != source())
        setSource(id);
}

void GeneratorPanel::setSource(sks::SocketId id)
{
    m_sourcePicker->setCurrentSocket(id);
    setReceiver(peerInApp(id));
}

void GeneratorPanel::setReceiver(sks::SocketId id)
{
    m_receiverPicker->setCurrentSocket(id);
    updateEnabled();
}

sks::SocketId GeneratorPanel::peerInApp(sks::SocketId id) const
{
    const sks::SocketInfo* s = id ? m_bridge.sockets()->info(id) : nullptr;
    if (!s)
        return 0;
    if (s->linked != 0)
        return s->linked;
    if (s->peer.isEmpty() || s->peer.isUnnamedUnix())
        return 0;
    for (const sks::SocketInfo* other : m_bridge.sockets()->allSockets())
        if (other->id != id && other->state != S::Closed && other->local == s->peer && other->peer == s->local)
            return other->id;
    return 0;
}

void GeneratorPanel::setLimit(Limit limit, std::uint64_t bytes, double seconds)
{
    m_limitGroup->button(static_cast<int>(limit))->setChecked(true);
    if (limit == Limit::Size) {
        // The largest unit that states the size exactly.
        int unit = 0;
        for (int u = 2; u > 0 && !unit; --u)
            if (bytes % kSizeUnits[static_cast<std::size_t>(u)] == 0)
                unit = u;
        m_sizeUnit->setCurrentIndex(unit);
        m_sizeSpin->setValue(static_cast<int>(bytes / kSizeUnits[static_cast<std::size_t>(unit)]));
    } else if (limit == Limit::Time) {
        m_secondsSpin->setValue(seconds);
    }
}

void GeneratorPanel::setRate(std::uint64_t bytesPerSecond)
{
    m_speedGroup->button(bytesPerSecond ? AtRate : FullSpeed)->setChecked(true);
    if (bytesPerSecond) {
        m_rateUnit->setCurrentIndex(0);
        m_rateSpin->setValue(static_cast<double>(bytesPerSecond) / kRateUnits[0]);
    }
}

sks::cmd::Generate GeneratorPanel::settings() const
{
    sks::cmd::Generate g;
    g.id = source();
    if (m_speedGroup->checkedId() == AtRate)
        g.bytesPerSecond = static_cast<std::uint64_t>(
            std::llround(m_rateSpin->value() * kRateUnits[static_cast<std::size_t>(m_rateUnit->currentIndex())]));
    const auto limit = static_cast<Limit>(m_limitGroup->checkedId());
    if (limit == Limit::Size)
        g.totalBytes = static_cast<std::uint64_t>(m_sizeSpin->value()) * kSizeUnits[static_cast<std::size_t>(m_sizeUnit->currentIndex())];
    else if (limit == Limit::Time)
        g.seconds = m_secondsSpin->value();
    return g;
}

void GeneratorPanel::start()
{
    const sks::SocketInfo* src = source() ? m_bridge.sockets()->info(source()) : nullptr;
    if (!src || !canSend(*src)) {
        showError(tr("Choose a connected stream socket to send from."));
        return;
    }
    m_runSettings = settings();
    m_runSource = source();
    m_runReceiver = receiver();
    const sks::SocketInfo* dst = m_runReceiver ? m_bridge.sockets()->info(m_runReceiver) : nullptr;
    if (dst && !dst->autoRecv)
        m_bridge.post(sks::cmd::SetAutoRecv{m_runReceiver, true});
    m_startOut = src->bytesOut;
    m_startIn = dst ? dst->bytesIn : 0;
    m_journalScan = m_bridge.journal()->rowCount();
    m_journalRow = -1;
    m_resultText.clear();
    m_result->clear();
    m_ticket = m_bridge.post(m_runSettings);
    m_running = true;
    m_clock.start();
    m_progress->setRange(0, m_runSettings.totalBytes || m_runSettings.seconds > 0 ? 1000 : 0);
    updateProgress();
    updateEnabled();
}

void GeneratorPanel::stop()
{
    if (m_running)
        m_bridge.post(sks::cmd::StopGenerator{m_runSource});
}

std::uint64_t GeneratorPanel::sentSinceStart() const
{
    const sks::SocketInfo* s = m_runSource ? m_bridge.sockets()->info(m_runSource) : nullptr;
    return s ? s->bytesOut - m_startOut : 0;
}

std::uint64_t GeneratorPanel::receivedSinceStart() const
{
    const sks::SocketInfo* s = m_runReceiver ? m_bridge.sockets()->info(m_runReceiver) : nullptr;
    return s ? s->bytesIn - m_startIn : 0;
}

QString GeneratorPanel::resultText() const
{
    return m_resultText;
}

void GeneratorPanel::onBatch()
{
    updateEnabled(); // the source may have connected or closed
    if (m_ticket == 0)
        return;
    const JournalModel& journal = *m_bridge.journal();
    for (; m_journalRow < 0 && m_journalScan < journal.rowCount(); ++m_journalScan)
        if (journal.entry(m_journalScan).ticket == m_ticket && journal.entry(m_journalScan).call == "send")
            m_journalRow = m_journalScan;
    if (m_running && m_journalRow >= 0 && !journal.entry(m_journalRow).pending) {
        m_running = false;
        m_resultText = QString::fromStdString(journal.entry(m_journalRow).text);
        m_result->setText(m_resultText);
        m_progress->setRange(0, 1000);
        updateEnabled();
        updateProgress();
        Q_EMIT runFinished();
    }
    if (!m_progressTimer->isActive()) // the receiver may still be catching up after the run
        m_progressTimer->start();
}

void GeneratorPanel::updateProgress()
{
    const std::uint64_t sent = sentSinceStart();
    const double seconds = std::max(1e-3, static_cast<double>(m_clock.nsecsElapsed()) / 1e9);
    if (m_runSettings.totalBytes)
        m_progress->setValue(static_cast<int>(std::min<std::uint64_t>(1000, sent * 1000 / m_runSettings.totalBytes)));
    else if (m_runSettings.seconds > 0)
        m_progress->setValue(m_running ? static_cast<int>(std::min(1000.0, seconds * 1000 / m_runSettings.seconds)) : 1000);
    QString text = tr("sent %1").arg(byteunits::exactAndHuman(sent));
    if (m_runReceiver)
        text += tr(" · received %1").arg(byteunits::exactAndHuman(receivedSinceStart()));
    if (m_running)
        text += tr(" · %1 on average").arg(byteunits::rate(static_cast<double>(sent) / seconds));
    if (m_progressLabel->text() != text)
        m_progressLabel->setText(text);
}

void GeneratorPanel::updateEnabled()
{
    const sks::SocketInfo* src = source() ? m_bridge.sockets()->info(source()) : nullptr;
    m_startButton->setEnabled(!m_running && src && canSend(*src));
    m_stopButton->setEnabled(m_running);
    m_sourcePicker->setEnabled(!m_running);
    m_receiverPicker->setEnabled(!m_running);
    m_rateSpin->setEnabled(m_speedGroup->checkedId() == AtRate);
    m_rateUnit->setEnabled(m_speedGroup->checkedId() == AtRate);
    const auto limit = static_cast<Limit>(m_limitGroup->checkedId());
    m_sizeSpin->setEnabled(limit == Limit::Size);
    m_sizeUnit->setEnabled(limit == Limit::Size);
    m_secondsSpin->setEnabled(limit == Limit::Time);
}

void GeneratorPanel::showError(const QString& message)
{
    m_result->setText(message);
}
