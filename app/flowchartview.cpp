#include "app/flowchartview.h"

#include <QAbstractAxis>
#include <QChart>
#include <QEvent>
#include <QMouseEvent>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>

FlowChartView::FlowChartView(QChart* chart, QWidget* parent)
    : QChartView(chart, parent)
{
    setRubberBand(QChartView::HorizontalRubberBand);
    // Charts' OpenGL path crashes under the offscreen platform; raster is fast enough here.
    setRenderHint(QPainter::Antialiasing, true);
    followPalette();
}

FlowChartView::~FlowChartView() = default;

void FlowChartView::followPalette()
{
    QChart* c = chart();
    if (!c)
        return;
    const QPalette p = palette();
    const QColor text = p.color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(45);
    QColor minorGrid = text;
    minorGrid.setAlpha(20);
    setBackgroundBrush(p.color(QPalette::Base));
    c->setBackgroundBrush(p.color(QPalette::Base));
    c->setBackgroundPen(Qt::NoPen);
    c->setPlotAreaBackgroundVisible(false);
    c->setTitleBrush(text);
    for (QAbstractAxis* axis : c->axes()) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(p.color(QPalette::Mid));
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(minorGrid);
    }
}

void FlowChartView::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        followPalette();
}

void FlowChartView::wheelEvent(QWheelEvent* event)
{
    const auto axes = chart()->axes(Qt::Horizontal);
    auto* axis = axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.first());
    const double steps = event->angleDelta().y() / 120.0;
    if (!axis || steps == 0) {
        event->ignore();
        return;
    }
    const double factor = std::pow(0.8, steps); // one notch: 20 % closer
    const double at = chart()->mapToValue(event->position()).x();
    const double from = at - (at - axis->min()) * factor;
    const double to = at + (axis->max() - at) * factor;
    if (to - from < 0.5) // closer than half a second shows single samples only
        return;
    axis->setRange(from, to);
    event->accept();
    Q_EMIT zoomedByUser();
}

void FlowChartView::mousePressEvent(QMouseEvent* event)
{
    m_pressedAt = event->position();
    QChartView::mousePressEvent(event);
}

void FlowChartView::mouseReleaseEvent(QMouseEvent* event)
{
    QChartView::mouseReleaseEvent(event); // zooms into the band, or out on a right click
    const bool dragged = (event->position() - m_pressedAt).manhattanLength() > 4;
    if ((event->button() == Qt::LeftButton && dragged) || event->button() == Qt::RightButton)
        Q_EMIT zoomedByUser();
}

void FlowChartView::mouseDoubleClickEvent(QMouseEvent* event)
{
    event->accept();
    Q_EMIT resetRequested();
}
