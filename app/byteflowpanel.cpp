#include "app/byteflowpanel.h"

#include "app/byteunits.h"
#include "app/enginebridge.h"
#include "app/flowchartview.h"
#include "app/flowlegend.h"
#include "app/ratesampler.h"
#include "app/socketsmodel.h"

#include <QChart>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QTime>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>

namespace {

constexpr double kWindowSeconds = 60;
constexpr std::size_t kMaxPinned = 4;

// The "all sockets" line: slate on a light page, a pale slate on a dark one.
QColor allColor(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128 ? QColor(0xc6, 0xd4, 0xe3) : QColor(0x34, 0x49, 0x5e);
}

// Okabe–Ito colors: they stay apart for the common kinds of color blindness.
const std::array<QColor, 5> kSocketColors = {QColor(0xD5, 0x5E, 0x00), QColor(0x00, 0x72, 0xB2),
                                             QColor(0x00, 0x9E, 0x73), QColor(0xCC, 0x79, 0xA7),
                                             QColor(0xE6, 0x9F, 0x00)};

// 1, 2 or 5 times a power of ten, at least `value`.
double niceCeiling(double value)
{
    if (value <= 1)
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (const double step : {1.0, 2.0, 5.0, 10.0})
        if (step * power >= value)
            return step * power;
    return 10 * power;
}

void setTextIfChanged(QLabel* label, const QString& text)
{
    if (label->text() != text)
        label->setText(text);
}

// A label for a number that changes ten times a second. Its size is fixed (room for a
// petabyte), so a new text repaints the label without laying out the panel again.
QLabel* numberLabel(const QString& objectName, QWidget* parent, bool note)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (note) {
        label->setForegroundRole(QPalette::PlaceholderText);
    } else {
        QFont font = label->font();
        font.setPointSizeF(font.pointSizeF() * 1.15);
        font.setBold(true);
        label->setFont(font);
    }
    const QFontMetrics metrics(label->font());
    const QString widest = note ? QStringLiteral("000.0 MiB · now 000.0 MB/s") : QStringLiteral("000,000,000,000 B");
    label->setFixedSize(metrics.horizontalAdvance(widest) + 4, metrics.height() + 2);
    return label;
}

} // namespace

ByteFlowPanel::ByteFlowPanel(EngineBridge& bridge, RateSampler& sampler, QWidget* parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_sampler(sampler)
    , m_chart(new QChart)
{
    setUpChart();
    m_view = new FlowChartView(m_chart, this); // takes the chart
    m_view->setObjectName(QStringLiteral("byteFlowChart"));
    m_view->setMinimumSize(200, 110);
    m_view->setToolTip(tr("Bytes per second, sampled 10 times a second from the exact counters.\n"
                          "Solid line: in (received). Dashed line: out (sent).\n"
                          "Drag across the chart to zoom into a stretch of time, turn the wheel "
                          "to zoom around the pointer, right-click to zoom out, double-click to "
                          "return to the live 60 s window."));

    m_legend = new FlowLegend(this);
    m_legend->setObjectName(QStringLiteral("byteFlowLegend"));
    m_legend->setToolTip(tr("Line style is the direction: solid for bytes received (in), dashed "
                            "for bytes sent (out). Color is the socket."));
    // Toolbar and legend in one row, the chart under them, the exact totals in a compact
    // grid under the chart: the panel stays narrow enough to sit beside the journal on a
    // 1280-pixel screen while the chart keeps the whole width.
    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(buildToolbar(), 1);
    top->addWidget(m_legend);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(buildTotals());

    connect(m_view, &FlowChartView::zoomedByUser, this, [this] {
        m_zoomed = true;
        refreshTotals();
    });
    connect(m_view, &FlowChartView::resetRequested, this, &ByteFlowPanel::resetZoom);
    // The numbers follow the sampler (10 Hz), not every batch (up to 60 Hz): as fast as
    // anyone reads, and a changed label costs a repaint.
    connect(&m_sampler, &RateSampler::sampled, this, &ByteFlowPanel::onSampled);
    rebuildLines();
    refreshTotals();
}

ByteFlowPanel::~ByteFlowPanel() = default;

void ByteFlowPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_legend)
        rebuildLines();
}

void ByteFlowPanel::setUpChart()
{
    m_chart->setObjectName(QStringLiteral("byteFlowQChart"));
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    // Qt's legend hides every marker once they do not all fit (and a new marker until the
    // legend is resized): FlowLegend above the chart says the same in a row that wraps.
    m_chart->legend()->hide();
    m_axisX = new QValueAxis(m_chart);
    m_axisX->setTitleText(tr("seconds (0 = now)"));
    m_axisX->setLabelFormat(QStringLiteral("%.0f"));
    m_axisX->setTickCount(7);
    m_axisX->setRange(-kWindowSeconds, 0);
    m_axisY = new QValueAxis(m_chart);
    m_axisY->setLabelFormat(QStringLiteral("%.3g"));
    m_axisY->setTickCount(5);
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    applyYAxis(0);
}

QWidget* ByteFlowPanel::buildToolbar()
{
    auto* bar = new QWidget(this);
    m_pauseButton = new QPushButton(tr("Pause"), bar);
    m_pauseButton->setObjectName(QStringLiteral("byteFlowPauseButton"));
    m_pauseButton->setCheckable(true);
    m_pauseButton->setToolTip(tr("Freeze the chart to read it. The engine keeps counting: the "
                                 "totals on the right stay live, and the chart catches up when you "
                                 "resume."));
    connect(m_pauseButton, &QPushButton::toggled, this, &ByteFlowPanel::setPaused);
    auto* reset = new QPushButton(tr("Reset zoom"), bar);
    reset->setObjectName(QStringLiteral("byteFlowResetZoomButton"));
    reset->setToolTip(tr("Back to the live window: the last 60 seconds, scrolling (double-click "
                         "the chart does the same)."));
    connect(reset, &QPushButton::clicked, this, &ByteFlowPanel::resetZoom);
    m_pinButton = new QPushButton(tr("Keep on chart"), bar);
    m_pinButton->setObjectName(QStringLiteral("byteFlowPinButton"));
    m_pinButton->setCheckable(true);
    m_pinButton->setToolTip(tr("Keep the selected socket's lines on the chart after you select "
                               "another one, to compare sockets (up to %1).").arg(kMaxPinned));
    connect(m_pinButton, &QPushButton::clicked, this, &ByteFlowPanel::togglePin);
    m_stateLabel = new QLabel(bar);
    m_stateLabel->setObjectName(QStringLiteral("byteFlowStateLabel"));
    m_stateLabel->setForegroundRole(QPalette::PlaceholderText);

    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_pauseButton);
    row->addWidget(reset);
    row->addWidget(m_pinButton);
    row->addWidget(m_stateLabel, 1);
    return bar;
}

QWidget* ByteFlowPanel::buildTotals()
{
    auto* box = new QWidget(this);
    box->setObjectName(QStringLiteral("byteFlowTotals"));
    box->setToolTip(tr("Exact byte counts: every byte the engine's recv() and send() calls "
                       "moved, counted in 64 bits. The chart's rates are derived from these."));
    auto* grid = new QGridLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setVerticalSpacing(0);
    grid->setHorizontalSpacing(12);
    auto* inHeader = new QLabel(tr("in ↓"), box);
    auto* outHeader = new QLabel(tr("out ↑"), box);
    inHeader->setAlignment(Qt::AlignRight);
    outHeader->setAlignment(Qt::AlignRight);
    grid->addWidget(inHeader, 0, 1);
    grid->addWidget(outHeader, 0, 2);
    grid->addWidget(new QLabel(tr("<b>All sockets</b>"), box), 1, 0);
    m_totalIn = numberLabel(QStringLiteral("totalInLabel"), box, false);
    grid->addWidget(m_totalIn, 1, 1);
    m_totalOut = numberLabel(QStringLiteral("totalOutLabel"), box, false);
    grid->addWidget(m_totalOut, 1, 2);
    m_totalInNote = numberLabel(QStringLiteral("totalInNote"), box, true);
    grid->addWidget(m_totalInNote, 2, 1);
    m_totalOutNote = numberLabel(QStringLiteral("totalOutNote"), box, true);
    grid->addWidget(m_totalOutNote, 2, 2);
    m_socketTitle = new QLabel(box);
    m_socketTitle->setObjectName(QStringLiteral("socketTotalsTitle"));
    m_socketTitle->setWordWrap(true); // "Select a socket…" must not widen the panel
    m_socketTitle->setMinimumWidth(QFontMetrics(m_socketTitle->font()).horizontalAdvance(QStringLiteral("Select a socket for")));
    grid->addWidget(m_socketTitle, 3, 0, 2, 1);
    m_socketIn = numberLabel(QStringLiteral("socketInLabel"), box, false);
    grid->addWidget(m_socketIn, 3, 1);
    m_socketOut = numberLabel(QStringLiteral("socketOutLabel"), box, false);
    grid->addWidget(m_socketOut, 3, 2);
    m_socketInNote = numberLabel(QStringLiteral("socketInNote"), box, true);
    grid->addWidget(m_socketInNote, 4, 1);
    m_socketOutNote = numberLabel(QStringLiteral("socketOutNote"), box, true);
    grid->addWidget(m_socketOutNote, 4, 2);
    grid->setColumnStretch(0, 1);
    return box;
}

std::vector<sks::SocketId> ByteFlowPanel::chartedSockets() const
{
    std::vector<sks::SocketId> ids;
    if (m_selected != 0)
        ids.push_back(m_selected);
    for (const sks::SocketId id : m_pinned)
        if (id != m_selected)
            ids.push_back(id);
    return ids;
}

ByteFlowPanel::Line ByteFlowPanel::makeLine(sks::SocketId socket, const QColor& color, qreal width)
{
    const QString who = socket == 0 ? tr("all") : QStringLiteral("#%1").arg(socket);
    Line line{socket, new QLineSeries(m_chart), new QLineSeries(m_chart)};
    line.in->setName(tr("%1 in").arg(who));
    line.out->setName(tr("%1 out").arg(who));
    line.in->setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    line.out->setPen(QPen(color, width, Qt::DashLine, Qt::FlatCap, Qt::RoundJoin));
    for (QLineSeries* series : {line.in, line.out}) {
        series->setUseOpenGL(false); // OpenGL series crash under the offscreen platform
        m_chart->addSeries(series);
        series->attachAxis(m_axisX);
        series->attachAxis(m_axisY);
    }
    return line;
}

void ByteFlowPanel::rebuildLines()
{
    for (const Line& line : m_lines) {
        m_chart->removeSeries(line.in);
        m_chart->removeSeries(line.out);
        delete line.in;
        delete line.out;
    }
    m_lines.clear();
    m_lines.push_back(makeLine(0, allColor(palette()), 2.5));
    std::size_t color = 0;
    for (const sks::SocketId id : chartedSockets())
        m_lines.push_back(makeLine(id, kSocketColors[color++ % kSocketColors.size()], 1.8));
    updateLegend();
    m_pinButton->setEnabled(m_selected != 0);
    m_pinButton->setChecked(std::ranges::find(m_pinned, m_selected) != m_pinned.end());
    if (isVisible())
        redraw();
}

void ByteFlowPanel::updateLegend()
{
    const QColor ink = palette().color(QPalette::WindowText);
    std::vector<FlowLegend::Entry> entries = {
        {QPen(ink, 2, Qt::SolidLine), tr("in ↓")},
        {QPen(ink, 2, Qt::DashLine, Qt::FlatCap), tr("out ↑")},
    };
    for (const Line& line : m_lines)
        entries.push_back({QPen(line.in->pen().color(), 6, Qt::SolidLine, Qt::FlatCap),
                           line.socket == 0 ? tr("all") : QStringLiteral("#%1").arg(line.socket)});
    m_legend->setEntries(std::move(entries));
}

void ByteFlowPanel::setSocket(sks::SocketId id)
{
    if (id == m_selected)
        return;
    m_selected = id;
    rebuildLines();
    refreshTotals();
}

void ByteFlowPanel::togglePin(bool pinned)
{
    if (m_selected == 0)
        return;
    std::erase(m_pinned, m_selected);
    if (pinned) {
        if (m_pinned.size() == kMaxPinned)
            m_pinned.erase(m_pinned.begin()); // the oldest pin makes room
        m_pinned.push_back(m_selected);
    }
    rebuildLines();
}

void ByteFlowPanel::setPaused(bool paused)
{
    m_paused = paused;
    if (m_pauseButton->isChecked() != paused)
        m_pauseButton->setChecked(paused);
    m_pauseButton->setText(paused ? tr("Resume") : tr("Pause"));
    refreshTotals();
    if (!paused && isVisible())
        redraw();
}

void ByteFlowPanel::resetZoom()
{
    m_zoomed = false;
    refreshTotals();
    redraw();
}

void ByteFlowPanel::onSampled()
{
    refreshTotals();
    if (!m_paused && isVisible())
        redraw();
}

void ByteFlowPanel::redraw()
{
    const std::int64_t newest = m_sampler.newest();
    if (newest < 0)
        return;
    // Time runs relative to an anchor: "now" while live, frozen while zoomed, so a zoomed
    // stretch stays put while new samples arrive to its right.
    if (!m_zoomed) {
        m_anchor = m_sampler.timeOf(newest);
        m_anchorTime = QTime::currentTime();
        m_axisX->setRange(-kWindowSeconds, 0);
        m_axisX->setTitleText(tr("seconds (0 = now)"));
    } else {
        m_axisX->setTitleText(tr("seconds (0 = %1)").arg(m_anchorTime.toString(QStringLiteral("HH:mm:ss"))));
    }
    const double from = m_axisX->min() + m_anchor;
    const double to = m_axisX->max() + m_anchor;
    const std::int64_t first = std::max<std::int64_t>(0, newest - RateSampler::kWindowSamples + 1);
    std::vector<const RateRing*> rings;
    double peak = 0;
    for (const Line& line : m_lines) {
        const RateRing* ring = line.socket == 0 ? &m_sampler.totals() : m_sampler.ring(line.socket);
        rings.push_back(ring);
        for (std::int64_t s = first; ring && s <= newest; ++s)
            if (const double t = m_sampler.timeOf(s); t >= from && t <= to)
                peak = std::max({peak, static_cast<double>(ring->in(s)), static_cast<double>(ring->out(s))});
    }
    applyYAxis(peak);
    QList<QPointF> in;
    QList<QPointF> out;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        in.clear();
        out.clear();
        for (std::int64_t s = first; s <= newest; ++s) {
            const double t = m_sampler.timeOf(s) - m_anchor;
            in.append(QPointF(t, rings[i] ? rings[i]->in(s) / m_unitScale : 0.0));
            out.append(QPointF(t, rings[i] ? rings[i]->out(s) / m_unitScale : 0.0));
        }
        m_lines[i].in->replace(in);
        m_lines[i].out->replace(out);
    }
}

void ByteFlowPanel::applyYAxis(double peak)
{
    const byteunits::RateUnit unit = byteunits::rateUnitFor(peak);
    m_unitScale = unit.scale;
    const double top = niceCeiling(peak / unit.scale * 1.05);
    if (m_axisY->max() != top || m_axisY->min() != 0)
        m_axisY->setRange(0, top);
    if (m_axisY->titleText() != unit.name)
        m_axisY->setTitleText(unit.name);
}

void ByteFlowPanel::refreshTotals()
{
    using namespace byteunits;
    const std::int64_t newest = m_sampler.newest();
    const sks::Totals& totals = m_bridge.totals();
    const RateRing& all = m_sampler.totals();
    setTextIfChanged(m_totalIn, tr("%1 B").arg(grouped(totals.bytesIn)));
    setTextIfChanged(m_totalOut, tr("%1 B").arg(grouped(totals.bytesOut)));
    setTextIfChanged(m_totalInNote, tr("%1 · now %2").arg(human(totals.bytesIn), rate(all.in(newest))));
    setTextIfChanged(m_totalOutNote, tr("%1 · now %2").arg(human(totals.bytesOut), rate(all.out(newest))));

    const sks::SocketInfo* info = m_selected ? m_bridge.sockets()->info(m_selected) : nullptr;
    const RateRing* ring = m_selected ? m_sampler.ring(m_selected) : nullptr;
    setTextIfChanged(m_socketTitle, info ? tr("<b>Socket #%1</b><br>%2").arg(info->id).arg(QString::fromStdString(info->kindText()))
                                         : tr("<i>Select a socket for its counts.</i>"));
    setTextIfChanged(m_socketIn, info ? tr("%1 B").arg(grouped(info->bytesIn)) : QString());
    setTextIfChanged(m_socketOut, info ? tr("%1 B").arg(grouped(info->bytesOut)) : QString());
    setTextIfChanged(m_socketInNote, info ? tr("%1 · now %2").arg(human(info->bytesIn), rate(ring ? ring->in(newest) : 0))
                                          : QString());
    setTextIfChanged(m_socketOutNote, info ? tr("%1 · now %2").arg(human(info->bytesOut), rate(ring ? ring->out(newest) : 0))
                                           : QString());

    QString state;
    if (m_paused)
        state = tr("Paused — the counters keep counting.");
    else if (m_zoomed)
        state = tr("Zoomed — not scrolling. “Reset zoom” returns to live.");
    setTextIfChanged(m_stateLabel, state);
}
