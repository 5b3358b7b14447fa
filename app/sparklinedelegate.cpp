#include "app/sparklinedelegate.h"

#include "app/rateseries.h"
#include "app/socketsmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace {

constexpr int kMaxLineWidth = 140; // px: a longer line only stretches the same samples
constexpr int kTextGap = 6;

// The series squeezed to one point per pixel column (the peak of the samples it covers),
// so a burst shorter than a pixel still shows.
QPolygonF polyline(const QList<float>& values, const QRectF& area, float peak)
{
    QPolygonF points;
    const int columns = std::max(2, static_cast<int>(area.width()));
    const qsizetype n = values.size();
    points.reserve(columns);
    for (int c = 0; c < columns; ++c) {
        const qsizetype from = n * c / columns;
        const qsizetype to = std::max(from + 1, n * (c + 1) / columns);
        float value = 0;
        for (qsizetype i = from; i < to && i < n; ++i)
            value = std::max(value, values[i]);
        const double x = area.left() + area.width() * c / (columns - 1);
        const double y = area.bottom() - area.height() * static_cast<double>(value / peak);
        points.append(QPointF(x, y));
    }
    return points;
}

float peakOf(const RateSeries& series)
{
    float peak = 1.0f;
    for (const float v : series.in)
        peak = std::max(peak, v);
    for (const float v : series.out)
        peak = std::max(peak, v);
    return peak;
}

} // namespace

SparklineDelegate::SparklineDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

SparklineDelegate::~SparklineDelegate() = default;

void SparklineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget); // background, selection

    const RateSeries series = index.data(SocketsModel::RateHistoryRole).value<RateSeries>();
    if (series.isEmpty())
        return;
    // The line, then the number right after it: in a wide (stretched) column the two
    // stay together instead of drifting to opposite edges.
    const QRect cell = option.rect.adjusted(3, 3, -3, -3);
    const int textWidth = option.fontMetrics.horizontalAdvance(text);
    const int lineWidth = std::min(kMaxLineWidth, cell.width() - textWidth - kTextGap);
    const bool selected = option.state & QStyle::State_Selected;
    const QColor ink = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    painter->save();
    if (lineWidth > 16) {
        const QRectF area(cell.left(), cell.top(), lineWidth, cell.height());
        const float peak = peakOf(series);
        painter->setRenderHint(QPainter::Antialiasing, true);
        QColor accent = selected ? ink : option.palette.color(QPalette::Link);
        const QPolygonF in = polyline(series.in, area, peak);
        QPolygonF fill = in;
        fill << QPointF(area.right(), area.bottom()) << QPointF(area.left(), area.bottom());
        QColor light = accent;
        light.setAlphaF(0.18f);
        painter->setPen(Qt::NoPen);
        painter->setBrush(light);
        painter->drawPolygon(fill);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(accent, 1.5));
        painter->drawPolyline(in);
        painter->setPen(QPen(ink, 1.2, Qt::DashLine));
        painter->drawPolyline(polyline(series.out, area, peak));
    }
    const QRect textRect(cell.left() + std::max(0, lineWidth) + kTextGap, cell.top(), textWidth + 2, cell.height());
    painter->setPen(ink);
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, text);
    painter->restore();
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), kMaxLineWidth + kTextGap + option.fontMetrics.horizontalAdvance(QStringLiteral("000.0 MB/s"))));
    return size;
}
