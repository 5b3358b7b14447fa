#include "app/gaugedelegates.h"

#include "app/listenersmodel.h"
#include "app/portsmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>

#include <algorithm>

namespace {

constexpr int barMargin = 3;
constexpr int barWidthInPortCell = 120;
constexpr double portSpace = 65535.0;

// The cell's background and selection (`background` as initStyleOption() filled it),
// without its text: the gauge draws its own.
void paintCellBackground(QPainter* painter, QStyleOptionViewItem background)
{
    background.text.clear();
    const QWidget* widget = background.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
}

QColor fillColour(double fraction, int overflow)
{
    if (overflow == ListenersModel::OverflowingNow)
        return QColor(214, 39, 40);    // red: dropping
    if (fraction >= 0.8)
        return QColor(230, 145, 20);   // amber: nearly full
    return QColor(46, 139, 87);        // green: room left
}

} // namespace

QueueGaugeDelegate::QueueGaugeDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

QueueGaugeDelegate::~QueueGaugeDelegate() = default;

void QueueGaugeDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                               const QModelIndex& index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    paintCellBackground(painter, background);
    const auto queue = index.data(ListenersModel::QueueLengthRole).value<quint32>();
    const auto limit = index.data(ListenersModel::QueueLimitRole).value<quint32>();
    const int overflow = index.data(ListenersModel::OverflowRole).toInt();
    const QString text = index.data(Qt::DisplayRole).toString();
    const QRect bar = option.rect.adjusted(barMargin, barMargin, -barMargin, -barMargin);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette& palette = option.palette;
    painter->setPen(QPen(palette.color(QPalette::Mid), 1));
    painter->setBrush(palette.color(QPalette::Base));
    painter->drawRoundedRect(QRectF(bar).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
    if (limit > 0 && queue > 0) {
        const double fraction = std::min(1.0, double(queue) / double(limit));
        QRectF filled = QRectF(bar).adjusted(1, 1, -1, -1);
        filled.setWidth(filled.width() * fraction);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fillColour(fraction, overflow));
        painter->drawRoundedRect(filled, 2, 2);
        if (overflow == ListenersModel::OverflowingNow) { // not by colour alone: hatched too
            painter->setBrush(QBrush(palette.color(QPalette::Base), Qt::BDiagPattern));
            painter->drawRoundedRect(filled, 2, 2);
        }
    }
    if (overflow == ListenersModel::OverflowedEarlier) {
        painter->setPen(QPen(fillColour(1.0, 0), 2, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(bar).adjusted(1, 1, -1, -1), 3, 3);
    }
    // Text over a coloured fill needs a halo to stay readable on either side of the edge.
    QFont font = option.font;
    font.setBold(overflow == ListenersModel::OverflowingNow);
    painter->setFont(font);
    const QRect textRect = bar.adjusted(6, 0, -6, 0);
    const QString shown = QFontMetrics(font).elidedText(text, Qt::ElideRight, textRect.width());
    QPainterPath path;
    const QFontMetrics metrics(font);
    const int baseline = textRect.center().y() + (metrics.ascent() - metrics.descent()) / 2;
    path.addText(textRect.left(), baseline, font, shown);
    QColor halo = palette.color(QPalette::Base);
    halo.setAlpha(200);
    painter->setPen(QPen(halo, 3));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, shown);
    painter->restore();
}

QSize QueueGaugeDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 2 * barMargin + 4));
    return size;
}

PortRangeDelegate::PortRangeDelegate(int rangeLow, int rangeHigh, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_low(rangeLow)
    , m_high(rangeHigh)
{
}

PortRangeDelegate::~PortRangeDelegate() = default;

void PortRangeDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                              const QModelIndex& index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    paintCellBackground(painter, background);
    const int port = index.data(PortsModel::PortRole).toInt();
    const QRect cell = option.rect.adjusted(barMargin + 2, barMargin + 2, -barMargin, -barMargin - 2);
    const QRect bar(cell.left(), cell.top(), std::min(cell.width(), barWidthInPortCell), cell.height());
    const auto xOf = [&bar](int value) { return bar.left() + bar.width() * (value / portSpace); };

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette& palette = option.palette;
    painter->setPen(QPen(palette.color(QPalette::Mid), 1));
    painter->setBrush(palette.color(QPalette::Base));
    painter->drawRect(QRectF(bar).adjusted(0.5, 0.5, -0.5, -0.5));
    // The ephemeral range, hatched so it reads in grey-scale prints too.
    const QRectF range(xOf(m_low), bar.top() + 1, xOf(m_high) - xOf(m_low), bar.height() - 2);
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(70, 130, 180, 70));
    painter->drawRect(range);
    painter->setBrush(QBrush(QColor(70, 130, 180, 120), Qt::BDiagPattern));
    painter->drawRect(range);
    // The port itself: a dark marker with a triangle on top.
    const double x = xOf(port);
    painter->setPen(QPen(palette.color(QPalette::Text), 2));
    painter->drawLine(QPointF(x, bar.top() - 1), QPointF(x, bar.bottom() + 1));
    painter->setBrush(palette.color(QPalette::Text));
    painter->setPen(Qt::NoPen);
    painter->drawPolygon(QPolygonF({QPointF(x - 4, bar.top() - 3), QPointF(x + 4, bar.top() - 3),
                                    QPointF(x, bar.top() + 3)}));
    const QString text = index.data(Qt::DisplayRole).toString();
    const QRect textRect(bar.right() + 8, option.rect.top(), option.rect.right() - bar.right() - 8,
                         option.rect.height());
    if (textRect.width() > 20) {
        painter->setPen(palette.color(option.state & QStyle::State_Selected ? QPalette::HighlightedText
                                                                            : QPalette::Text));
        painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
                          option.fontMetrics.elidedText(text, Qt::ElideRight, textRect.width()));
    }
    painter->restore();
}

QSize PortRangeDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), barWidthInPortCell + 16));
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 2 * barMargin + 4));
    return size;
}
