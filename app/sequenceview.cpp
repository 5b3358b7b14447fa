#include "app/sequenceview.h"

#include "app/journalmodel.h"
#include "app/sequencediagram.h"
#include "app/sequencerenderer.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>

SequenceView::SequenceView(SequenceDiagram& diagram, QWidget* parent)
    : QAbstractScrollArea(parent)
    , m_diagram(diagram)
    , m_renderer(std::make_unique<SequenceRenderer>(diagram, font(), palette()))
{
    setObjectName(QStringLiteral("sequenceView"));
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(false);
    setToolTip(tr("One lane per socket, time flowing down. Arrows: connect() → accept() (blue, "
                  "solid), data from send() to the recv() that read it (green), FIN (orange, "
                  "dashed), RST (red, dash-dot); dotted = not read yet. Click an arrow to "
                  "select its call in the Journal."));
    connect(&m_diagram, &SequenceDiagram::changed, this, &SequenceView::onDiagramChanged);
    updateScrollBars();
}

SequenceView::~SequenceView() = default;

SequenceFrame SequenceView::visibleFrame() const
{
    SequenceFrame frame;
    const int h = horizontalScrollBar()->value();
    const int v = verticalScrollBar()->value();
    const int rowHeight = m_renderer->rowHeight();
    const int laneWidth = m_renderer->laneWidth();
    frame.firstRow = std::max(0, v / rowHeight);
    frame.lastRow = std::min(m_diagram.rowCount() - 1,
                             (v + viewport()->height() - m_renderer->headerHeight()) / rowHeight + 1);
    const int firstLane = std::max(0, h / laneWidth - 1);
    const int lastLane = std::min(m_diagram.laneCount() - 1,
                                  (h + viewport()->width() - m_renderer->gutterWidth()) / laneWidth + 1);
    for (int lane = firstLane; lane <= lastLane; ++lane)
        frame.lanes.push_back(lane);
    frame.contentWidth = m_renderer->gutterWidth() + m_diagram.laneCount() * laneWidth;
    frame.selectedSeq = m_selected;
    return frame;
}

QPointF SequenceView::toContent(QPoint viewportPoint) const
{
    return QPointF(viewportPoint) + QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value());
}

void SequenceView::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    if (m_diagram.laneCount() == 0) {
        painter.setPen(palette().color(QPalette::Disabled, QPalette::Text));
        const int width = std::min(viewport()->width() - 32, fontMetrics().averageCharWidth() * 60);
        QRect area(0, 0, width, viewport()->height() - 16);
        area.moveCenter(viewport()->rect().center());
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Each socket gets a lane here as soon as it is created; each call "
                            "appears as a row, newest at the bottom, with arrows for the "
                            "connections, bytes, FINs and resets that pass between sockets."));
        return;
    }
    const SequenceFrame frame = visibleFrame();
    const QPointF scroll(horizontalScrollBar()->value(), verticalScrollBar()->value());
    painter.translate(-scroll);
    if (frame.lastRow >= frame.firstRow) {
        m_renderer->paintContent(painter, frame);
        m_renderer->paintGutter(painter, frame, scroll.x());
    }
    m_renderer->paintHeader(painter, frame, scroll.y());
    // The corner above the times.
    const QRectF corner(scroll.x(), scroll.y(), m_renderer->gutterWidth(), m_renderer->headerHeight());
    painter.fillRect(corner, palette().color(QPalette::Window));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(corner.adjusted(4, 4, -8, -4), Qt::AlignRight | Qt::AlignBottom, tr("time"));
}

void SequenceView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    const bool atBottom = isAtBottom();
    updateScrollBars();
    if (atBottom)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}

void SequenceView::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) {
        m_renderer = std::make_unique<SequenceRenderer>(m_diagram, font(), palette());
        updateScrollBars();
        viewport()->update();
    }
}

void SequenceView::updateScrollBars()
{
    const QSize area = viewport()->size();
    const int height = m_renderer->headerHeight() + m_diagram.rowCount() * m_renderer->rowHeight();
    const int width = m_renderer->gutterWidth() + m_diagram.laneCount() * m_renderer->laneWidth();
    verticalScrollBar()->setRange(0, std::max(0, height - area.height()));
    verticalScrollBar()->setPageStep(std::max(1, area.height() - m_renderer->headerHeight()));
    verticalScrollBar()->setSingleStep(m_renderer->rowHeight());
    horizontalScrollBar()->setRange(0, std::max(0, width - area.width()));
    horizontalScrollBar()->setPageStep(std::max(1, area.width() - m_renderer->gutterWidth()));
    horizontalScrollBar()->setSingleStep(m_renderer->laneWidth() / 4);
}

bool SequenceView::isAtBottom() const
{
    return verticalScrollBar()->value() >= verticalScrollBar()->maximum() - 1;
}

void SequenceView::onDiagramChanged(bool rowsAdded)
{
    const bool follow = rowsAdded && isAtBottom();
    updateScrollBars();
    if (follow)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    viewport()->update();
}

void SequenceView::mousePressEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (event->button() != Qt::LeftButton || pos.y() < m_renderer->headerHeight()
        || pos.x() < m_renderer->gutterWidth()) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const std::optional<std::uint64_t> seq = m_renderer->seqAt(toContent(pos), visibleFrame());
    if (!seq)
        return;
    m_selected = *seq;
    viewport()->update();
    Q_EMIT entryActivated(*seq);
}

bool SequenceView::viewportEvent(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QAbstractScrollArea::viewportEvent(event);
    auto* help = static_cast<QHelpEvent*>(event);
    const std::optional<std::uint64_t> seq = m_renderer->seqAt(toContent(help->pos()), visibleFrame());
    if (!seq) {
        QToolTip::showText(help->globalPos(), toolTip(), viewport());
        return true;
    }
    const sks::JournalEntry& e = m_diagram.journal().entry(static_cast<int>(*seq));
    QString text = QString::fromStdString(e.text).toHtmlEscaped();
    if (e.failed())
        text += QStringLiteral("<br>") + JournalModel::errnoExplanation(e.error);
    text += QStringLiteral("<br><i>%1</i>").arg(tr("Click to select this call in the Journal."));
    QToolTip::showText(help->globalPos(), text, viewport());
    return true;
}

void SequenceView::scrollToRow(int row)
{
    const int top = row * m_renderer->rowHeight();
    const int visible = viewport()->height() - m_renderer->headerHeight() - m_renderer->rowHeight();
    QScrollBar* bar = verticalScrollBar();
    if (top < bar->value() || top > bar->value() + visible)
        bar->setValue(top - visible / 2);
}

void SequenceView::scrollToLane(int lane)
{
    const int left = lane * m_renderer->laneWidth();
    const int visible = viewport()->width() - m_renderer->gutterWidth() - m_renderer->laneWidth();
    QScrollBar* bar = horizontalScrollBar();
    if (left < bar->value() || left > bar->value() + visible)
        bar->setValue(left - std::max(0, visible / 2));
}

void SequenceView::setSelectedSeq(std::uint64_t seq)
{
    if (seq == m_selected)
        return;
    m_selected = seq;
    if (const int row = m_diagram.rowOfSeq(seq); row >= 0) {
        scrollToRow(row);
        scrollToLane(m_diagram.laneOf(m_diagram.row(row).socket));
    }
    viewport()->update();
}

QPoint SequenceView::revealArrow(int arrow)
{
    const SequenceDiagram::Arrow& a = m_diagram.arrow(arrow);
    scrollToRow(a.fromRow);
    scrollToLane(std::min(m_diagram.laneOf(a.from), m_diagram.laneOf(a.to)));
    const QPointF point = m_renderer->arrowPoint(arrow, visibleFrame())
        - QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value());
    return point.toPoint();
}
