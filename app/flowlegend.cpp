#include "app/flowlegend.h"

#include <QPainter>

namespace {

constexpr int kSampleWidth = 26; // the stroke drawn before each text
constexpr int kGap = 6;
constexpr int kSpacing = 14;     // between entries

} // namespace

FlowLegend::FlowLegend(QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

FlowLegend::~FlowLegend() = default;

void FlowLegend::setEntries(std::vector<Entry> entries)
{
    m_entries = std::move(entries);
    updateGeometry();
    update();
}

int FlowLegend::entryWidth(const Entry& entry) const
{
    return kSampleWidth + kGap + fontMetrics().horizontalAdvance(entry.text);
}

int FlowLegend::layoutEntries(int width, std::vector<QPoint>* positions) const
{
    const int rowHeight = fontMetrics().height() + 4;
    int x = 0;
    int y = 0;
    for (const Entry& entry : m_entries) {
        const int w = entryWidth(entry);
        if (x > 0 && x + w > width) { // wrap
            x = 0;
            y += rowHeight;
        }
        if (positions)
            positions->push_back(QPoint(x, y));
        x += w + kSpacing;
    }
    return y + rowHeight;
}

QSize FlowLegend::sizeHint() const
{
    int width = 0;
    for (const Entry& entry : m_entries)
        width += entryWidth(entry) + kSpacing;
    return {width, fontMetrics().height() + 4};
}

QSize FlowLegend::minimumSizeHint() const
{
    return {kSampleWidth * 3, fontMetrics().height() + 4};
}

int FlowLegend::heightForWidth(int width) const
{
    return layoutEntries(width, nullptr);
}

void FlowLegend::paintEvent(QPaintEvent* /*event*/)
{
    std::vector<QPoint> positions;
    layoutEntries(width(), &positions);
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const int rowHeight = fontMetrics().height() + 4;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const Entry& entry = m_entries[i];
        const QPoint at = positions[i];
        const double mid = at.y() + rowHeight / 2.0;
        painter.setPen(entry.pen);
        painter.drawLine(QPointF(at.x() + 1, mid), QPointF(at.x() + kSampleWidth - 1, mid));
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(at.x() + kSampleWidth + kGap, at.y(), width(), rowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                         entry.text);
    }
}
