#include "app/hexdumpview.h"

#include "app/byteunits.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>

namespace {

constexpr int kLineGap = 2;        // px between lines
constexpr int kGutterChars = 2;    // the ▸ marker column
constexpr int kHexChars = 3 * HexDumpView::kBytesPerLine + 1; // "de " x16 and a middle gap

QChar printable(unsigned char byte)
{
    return byte >= 0x20 && byte < 0x7f ? QChar(char16_t(byte)) : QChar(u'·');
}

int digitsOf(std::uint64_t value)
{
    int digits = 1;
    while (value >= 10) {
        value /= 10;
        ++digits;
    }
    return digits;
}

// Where byte `index` (0-15) of a line starts, in characters from the hex column.
int hexColumn(int index)
{
    return index * 3 + (index >= HexDumpView::kBytesPerLine / 2 ? 1 : 0);
}

} // namespace

HexDumpView::HexDumpView(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(font);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    verticalScrollBar()->setSingleStep(1);
    connect(verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        // After the scroll bar applies the action: see where the user went.
        QMetaObject::invokeMethod(this, [this] { onUserScrolled(); }, Qt::QueuedConnection);
    });
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        m_topLine = firstLine() + static_cast<std::uint64_t>(value);
        viewport()->update();
    });
}

HexDumpView::~HexDumpView() = default;

void HexDumpView::setLog(std::shared_ptr<const sks::ReceiveLog> log, bool datagrams)
{
    if (log == m_log && datagrams == m_datagrams)
        return;
    m_log = std::move(log);
    m_datagrams = datagrams;
    m_generation = ~std::uint64_t(0);
    m_begin = m_end = 0;
    m_topLine = 0;
    refresh();
    viewport()->update();
}

void HexDumpView::setFollowTail(bool follow)
{
    if (follow == m_follow)
        return;
    m_follow = follow;
    if (m_follow)
        updateScrollBar();
    Q_EMIT followTailChanged(m_follow);
}

void HexDumpView::refresh()
{
    if (!m_log)
        return;
    const std::uint64_t generation = m_log->generation();
    if (generation == m_generation)
        return;
    m_generation = generation;
    m_begin = m_log->begin();
    m_end = m_log->end();
    updateScrollBar();
    viewport()->update();
}

std::uint64_t HexDumpView::firstLine() const noexcept
{
    return m_begin / kBytesPerLine;
}

std::uint64_t HexDumpView::lineCount() const noexcept
{
    return m_end > m_begin ? (m_end - 1) / kBytesPerLine - firstLine() + 1 : 0;
}

int HexDumpView::visibleLines() const
{
    const int height = geometry().lineHeight;
    return std::max(1, viewport()->height() / std::max(1, height));
}

void HexDumpView::updateScrollBar()
{
    const std::uint64_t lines = lineCount();
    const auto visible = static_cast<std::uint64_t>(visibleLines());
    const std::uint64_t maxTop = lines > visible ? lines - visible : 0;
    if (m_follow)
        m_topLine = firstLine() + maxTop;
    m_topLine = std::clamp(m_topLine, firstLine(), firstLine() + maxTop);
    QScrollBar* bar = verticalScrollBar();
    const QSignalBlocker block(bar); // our own moves are not the user's
    bar->setRange(0, static_cast<int>(maxTop));
    bar->setPageStep(static_cast<int>(visible));
    bar->setValue(static_cast<int>(m_topLine - firstLine()));
}

void HexDumpView::onUserScrolled()
{
    const QScrollBar* bar = verticalScrollBar();
    setFollowTail(bar->value() >= bar->maximum());
}

void HexDumpView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

HexDumpView::Geometry HexDumpView::geometry() const
{
    const QFontMetrics metrics(font());
    Geometry g;
    g.lineHeight = metrics.height() + kLineGap;
    g.charWidth = metrics.horizontalAdvance(QLatin1Char('0'));
    g.ascent = metrics.ascent() + kLineGap / 2;
    g.offsetDigits = std::max(6, digitsOf(m_end));
    g.gutterX = 4;
    g.offsetX = g.gutterX + kGutterChars * g.charWidth;
    g.hexX = g.offsetX + (g.offsetDigits + 2) * g.charWidth;
    g.textX = g.hexX + (kHexChars + 2) * g.charWidth;
    return g;
}

std::string HexDumpView::readWindow(std::uint64_t& from, std::size_t length) const
{
    // read() clamps a start that has left the log to the log's head. Checking the head
    // after the read tells whether that happened; then read again from the new head.
    for (int attempt = 0; attempt < 3; ++attempt) {
        from = std::max(from, m_log->begin());
        std::string bytes = m_log->read(from, length);
        if (m_log->begin() <= from)
            return bytes;
    }
    return {};
}

void HexDumpView::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(viewport());
    const Geometry g = geometry();
    m_shownLines.clear();
    m_shownMarks.clear();
    if (!m_log || m_end == m_begin) {
        painter.setPen(palette().color(QPalette::Disabled, QPalette::Text));
        painter.drawText(viewport()->rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Nothing received yet.\nTurn on auto-receive above, or call recv() in the "
                            "Actions panel: every byte received shows here, each recv() marked ▸."));
        return;
    }
    const auto lines = static_cast<std::uint64_t>(visibleLines() + 1); // a partly visible last line
    const std::uint64_t windowStart = m_topLine * kBytesPerLine;
    const std::uint64_t windowEnd = std::min(m_end, windowStart + lines * kBytesPerLine);
    std::uint64_t from = std::max(windowStart, m_begin);
    const std::string bytes = windowEnd > from ? readWindow(from, static_cast<std::size_t>(windowEnd - from)) : std::string();
    m_shownFrom = from;
    m_shownMarks = m_log->boundaries(from, from + bytes.size());

    int y = 0;
    for (std::uint64_t line = m_topLine; line * kBytesPerLine < windowEnd; ++line, y += g.lineHeight)
        paintLine(painter, g, y, line * kBytesPerLine, bytes, from);

    // The recv starts: a bar before the byte in both columns, a triangle in the gutter.
    const QColor mark = palette().color(QPalette::Link);
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (const std::uint64_t offset : m_shownMarks) {
        const int row = static_cast<int>(offset / kBytesPerLine - m_topLine);
        const int index = static_cast<int>(offset % kBytesPerLine);
        const double top = row * g.lineHeight + 1;
        const double bottom = top + g.lineHeight - 2;
        const double hexX = g.hexX + hexColumn(index) * g.charWidth - g.charWidth / 2.0; // mid-gap
        const double textX = g.textX + index * g.charWidth - 0.5;
        painter.setPen(QPen(mark, 2));
        painter.drawLine(QPointF(hexX, top), QPointF(hexX, bottom));
        painter.drawLine(QPointF(textX, top), QPointF(textX, bottom));
        const double mid = (top + bottom) / 2;
        const double size = g.lineHeight * 0.3;
        const QPointF triangle[3] = {{g.gutterX + 1.0, mid - size}, {g.gutterX + 1.0, mid + size},
                                     {g.gutterX + 1.0 + size * 1.5, mid}};
        painter.setPen(Qt::NoPen);
        painter.setBrush(mark);
        painter.drawPolygon(triangle, 3);
    }
}

void HexDumpView::paintLine(QPainter& painter, const Geometry& g, int y, std::uint64_t lineOffset,
                            const std::string& bytes, std::uint64_t bytesFrom)
{
    QString hex;
    QString text;
    hex.reserve(kHexChars);
    text.reserve(kBytesPerLine);
    for (int i = 0; i < kBytesPerLine; ++i) {
        if (i == kBytesPerLine / 2)
            hex += QLatin1Char(' ');
        const std::uint64_t offset = lineOffset + static_cast<std::uint64_t>(i);
        if (offset < bytesFrom || offset >= bytesFrom + bytes.size()) {
            hex += QStringLiteral("   ");
            text += QLatin1Char(' ');
            continue;
        }
        const auto byte = static_cast<unsigned char>(bytes[static_cast<std::size_t>(offset - bytesFrom)]);
        hex += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
        text += printable(byte);
    }
    const QString offsetText = QStringLiteral("%1").arg(lineOffset, g.offsetDigits, 10, QLatin1Char(' '));
    const int baseline = y + g.ascent;
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(g.offsetX, baseline, offsetText);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(g.hexX, baseline, hex);
    painter.drawText(g.textX, baseline, text);
    m_shownLines.append(offsetText + QStringLiteral("  ") + hex + QStringLiteral("  ") + text);
}

bool HexDumpView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const QString tip = toolTipAt(help->pos());
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), tip, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

QString HexDumpView::toolTipAt(const QPoint& pos) const
{
    if (!m_log)
        return {};
    const Geometry g = geometry();
    int index = -1;
    if (pos.x() >= g.textX && pos.x() < g.textX + kBytesPerLine * g.charWidth)
        index = (pos.x() - g.textX) / g.charWidth;
    for (int i = 0; index < 0 && i < kBytesPerLine; ++i)
        if (pos.x() >= g.hexX + hexColumn(i) * g.charWidth && pos.x() < g.hexX + (hexColumn(i) + 2) * g.charWidth)
            index = i;
    const std::uint64_t offset = (m_topLine + static_cast<std::uint64_t>(pos.y() / g.lineHeight)) * kBytesPerLine
        + static_cast<std::uint64_t>(std::max(index, 0));
    if (index < 0 || offset < m_begin || offset >= m_end)
        return tr("Each line: the stream offset of its first byte (decimal, counted from the first "
                  "byte ever received), 16 bytes in hex, the same bytes as text (· for bytes that "
                  "are not printable ASCII).\n▸ and the bar mark where a %1 began.")
            .arg(m_datagrams ? tr("datagram") : tr("recv() call's bytes"));
    const std::string byte = m_log->read(offset, 1);
    if (byte.empty())
        return {};
    const auto value = static_cast<unsigned char>(byte[0]);
    const std::vector<std::uint64_t> marks = m_log->boundaries(offset >= 65536 ? offset - 65536 : 0, offset + 1);
    QString tip = tr("byte %1: 0x%2 = %3").arg(byteunits::grouped(offset)).arg(value, 2, 16, QLatin1Char('0')).arg(value);
    if (value >= 0x20 && value < 0x7f)
        tip += tr(" = “%1”").arg(QChar(char16_t(value)));
    if (!marks.empty())
        tip += tr("\npart of the %1 that began at byte %2")
                   .arg(m_datagrams ? tr("datagram") : tr("recv()"), byteunits::grouped(marks.back()));
    return tip;
}
