#include "app/sequencerenderer.h"

#include "app/journalmodel.h"
#include "core/sys/errnos.h"

#include <QCoreApplication>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace {

using ArrowKind = SequenceDiagram::ArrowKind;
using Mark = SequenceDiagram::Mark;

constexpr double markerRadius = 4.0;
constexpr double hitDistance = 6.0;
constexpr double unreadReach = 0.8; // an unread arrow stops short of the receiver's lane

QString tr(const char* text)
{
    return QCoreApplication::translate("SequenceRenderer", text);
}

QString fromStd(const std::string& text)
{
    return QString::fromStdString(text);
}

QColor arrowColour(ArrowKind kind)
{
    switch (kind) {
    case ArrowKind::Connect: return QColor(31, 119, 180);
    case ArrowKind::Data: return QColor(35, 130, 55);
    case ArrowKind::Fin: return QColor(204, 112, 0);
    case ArrowKind::Reset: return QColor(200, 30, 30);
    }
    return Qt::black;
}

// On a dark background the same hues, lighter: they keep their contrast with the page.
QColor arrowColour(ArrowKind kind, const QPalette& palette)
{
    const QColor colour = arrowColour(kind);
    return palette.color(QPalette::Base).lightness() < 128 ? colour.lighter(165) : colour;
}

// Line styles differ too, so the kinds stay apart in grey-scale and for colour-blind eyes.
Qt::PenStyle arrowStyle(ArrowKind kind, bool landed)
{
    if (!landed)
        return Qt::DotLine;
    switch (kind) {
    case ArrowKind::Fin: return Qt::DashLine;
    case ArrowKind::Reset: return Qt::DashDotLine;
    default: return Qt::SolidLine;
    }
}

QString shutdownHow(const std::string& text)
{
    const auto at = text.find("SHUT_");
    if (at == std::string::npos)
        return {};
    const auto end = text.find_first_of(",)", at);
    return fromStd(text.substr(at, end == std::string::npos ? std::string::npos : end - at));
}

double distanceToSegment(QPointF p, QPointF a, QPointF b)
{
    const QPointF ab = b - a;
    const double length2 = QPointF::dotProduct(ab, ab);
    const double t = length2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / length2, 0.0, 1.0) : 0.0;
    const QPointF nearest = a + t * ab;
    return std::hypot(p.x() - nearest.x(), p.y() - nearest.y());
}

// Files are documents: black on white whatever the desktop theme.
QPalette documentPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(246, 246, 246));
    palette.setColor(QPalette::Window, QColor(236, 236, 236));
    palette.setColor(QPalette::Text, Qt::black);
    palette.setColor(QPalette::WindowText, Qt::black);
    palette.setColor(QPalette::Mid, QColor(160, 160, 160));
    palette.setColor(QPalette::Highlight, QColor(48, 140, 198));
    return palette;
}

} // namespace

SequenceRenderer::SequenceRenderer(const SequenceDiagram& diagram, const QFont& font, const QPalette& palette)
    : m_diagram(diagram)
    , m_font(font)
    , m_bold(font)
    , m_small(font)
    , m_palette(palette)
{
    m_bold.setBold(true);
    m_small.setPointSizeF(font.pointSizeF() > 0 ? font.pointSizeF() * 0.9 : 8.0);
    const QFontMetrics metrics(font);
    m_rowHeight = metrics.height() + 12;
    m_laneWidth = std::max(150, metrics.averageCharWidth() * 24); // three lanes in a 550 px dock
    m_gutterWidth = metrics.horizontalAdvance(QStringLiteral("0000.000 s")) + 16;
    m_headerHeight = 2 * metrics.height() + 16;
}

int SequenceRenderer::column(int lane, const SequenceFrame& frame) const
{
    if (frame.columns.empty())
        return lane;
    return lane >= 0 && static_cast<std::size_t>(lane) < frame.columns.size()
        ? frame.columns[static_cast<std::size_t>(lane)]
        : -1;
}

double SequenceRenderer::laneX(int lane, const SequenceFrame& frame) const
{
    return m_gutterWidth + column(lane, frame) * m_laneWidth + m_laneWidth / 2.0;
}

double SequenceRenderer::rowY(int row, const SequenceFrame& frame) const
{
    return m_headerHeight + (row - frame.rowBase) * m_rowHeight + m_rowHeight / 2.0;
}

void SequenceRenderer::paintContent(QPainter& painter, const SequenceFrame& frame) const
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (int r = frame.firstRow; r <= frame.lastRow; ++r)
        if (r % 2 == 1)
            painter.fillRect(QRectF(0, rowY(r, frame) - m_rowHeight / 2.0, frame.contentWidth, m_rowHeight),
                             m_palette.color(QPalette::AlternateBase));
    paintLifelines(painter, frame);
    const std::vector<int> arrows = m_diagram.arrowsIn(frame.firstRow, frame.lastRow);
    paintRows(painter, frame, arrows);
    for (const int a : arrows)
        paintArrow(painter, frame, a);
    painter.restore();
}

void SequenceRenderer::paintLifelines(QPainter& painter, const SequenceFrame& frame) const
{
    const QColor line = m_palette.color(QPalette::Mid);
    for (const int laneIndex : frame.lanes) {
        const SequenceDiagram::Lane& lane = m_diagram.lane(laneIndex);
        const int end = lane.closeRow >= 0 ? lane.closeRow : frame.lastRow;
        if (lane.firstRow < 0 || lane.firstRow > frame.lastRow || end < frame.firstRow || column(laneIndex, frame) < 0)
            continue;
        const double x = laneX(laneIndex, frame);
        const double top = lane.firstRow >= frame.firstRow ? rowY(lane.firstRow, frame)
                                                           : rowY(frame.firstRow, frame) - m_rowHeight / 2.0;
        const bool closedHere = lane.closeRow >= 0 && lane.closeRow <= frame.lastRow;
        const double bottom = closedHere ? rowY(lane.closeRow, frame) : rowY(frame.lastRow, frame) + m_rowHeight / 2.0;
        painter.setPen(QPen(line, 1.5));
        painter.drawLine(QPointF(x, top), QPointF(x, bottom));
        if (closedHere) { // the descriptor is gone: the lane ends in a cross
            painter.setPen(QPen(m_palette.color(QPalette::Text), 2));
            painter.drawLine(QPointF(x - 6, bottom - 6), QPointF(x + 6, bottom + 6));
            painter.drawLine(QPointF(x - 6, bottom + 6), QPointF(x + 6, bottom - 6));
        }
    }
}

void SequenceRenderer::paintRows(QPainter& painter, const SequenceFrame& frame, const std::vector<int>& arrows) const
{
    // A row that an arrow reaches from the right keeps its words on the left, clear of it.
    std::vector<bool> leftSide(static_cast<std::size_t>(std::max(0, frame.lastRow - frame.firstRow + 1)), false);
    for (const int a : arrows) {
        const SequenceDiagram::Arrow& arrow = m_diagram.arrow(a);
        if (arrow.landed && arrow.toRow >= frame.firstRow && arrow.toRow <= frame.lastRow
            && m_diagram.laneOf(arrow.from) > m_diagram.laneOf(arrow.to))
            leftSide[static_cast<std::size_t>(arrow.toRow - frame.firstRow)] = true;
    }
    const JournalModel& journal = m_diagram.journal();
    for (int r = frame.firstRow; r <= frame.lastRow; ++r) {
        const SequenceDiagram::Row& row = m_diagram.row(r);
        const int lane = m_diagram.laneOf(row.socket);
        if (column(lane, frame) < 0)
            continue;
        const sks::JournalEntry& e = journal.entry(static_cast<int>(row.seq));
        const QPointF centre(laneX(lane, frame), rowY(r, frame));
        const bool selected = e.seq == frame.selectedSeq;
        painter.setPen(QPen(e.failed() ? arrowColour(ArrowKind::Reset, m_palette) : m_palette.color(QPalette::Text), 1.5));
        painter.setBrush(e.pending ? m_palette.color(QPalette::Base)
                                   : e.failed() ? arrowColour(ArrowKind::Reset, m_palette) : m_palette.color(QPalette::Text));
        if (row.mark == Mark::Create)
            painter.drawRect(QRectF(centre.x() - markerRadius, centre.y() - markerRadius, 2 * markerRadius, 2 * markerRadius));
        else if (row.mark != Mark::Close)
            painter.drawEllipse(centre, markerRadius, markerRadius);
        if (row.startsArrow && !e.failed() && !selected)
            continue; // the arrow's label names the call
        const bool left = leftSide[static_cast<std::size_t>(r - frame.firstRow)];
        paintPill(painter, rowLabelRect(r, frame, left), rowLabel(r),
                  e.failed() ? arrowColour(ArrowKind::Reset, m_palette) : m_palette.color(QPalette::Mid), selected);
    }
}

QRectF SequenceRenderer::rowLabelRect(int row, const SequenceFrame& frame, bool leftSide) const
{
    const QFontMetricsF metrics(m_small);
    const double width = std::min(metrics.horizontalAdvance(rowLabel(row)) + 12, m_laneWidth - 24.0);
    const double height = metrics.height() + 4;
    const int lane = m_diagram.laneOf(m_diagram.row(row).socket);
    const double x = laneX(lane, frame);
    const double left = leftSide ? x - 9 - width : x + 9;
    return QRectF(left, rowY(row, frame) - height / 2, width, height);
}

void SequenceRenderer::paintPill(QPainter& painter, const QRectF& rect, const QString& text,
                                 const QColor& border, bool selected) const
{
    QColor fill = m_palette.color(QPalette::Base);
    if (selected) // a tint of the highlight that keeps the page's text readable
        fill = m_palette.color(QPalette::Base).lightness() < 128 ? m_palette.color(QPalette::Highlight).darker(250)
                                                                 : m_palette.color(QPalette::Highlight).lighter(170);
    painter.setPen(QPen(selected ? m_palette.color(QPalette::Highlight) : border, selected ? 2 : 1));
    painter.setBrush(fill);
    painter.drawRoundedRect(rect, 4, 4);
    painter.setFont(m_small);
    painter.setPen(m_palette.color(QPalette::Text));
    const QRectF inner = rect.adjusted(5, 0, -5, 0);
    painter.drawText(inner, Qt::AlignCenter,
                     QFontMetricsF(m_small).elidedText(text, Qt::ElideRight, inner.width()));
}

bool SequenceRenderer::arrowLine(int arrow, const SequenceFrame& frame, QPointF& from, QPointF& to) const
{
    const SequenceDiagram::Arrow& a = m_diagram.arrow(arrow);
    const int fromLane = m_diagram.laneOf(a.from);
    const int toLane = m_diagram.laneOf(a.to);
    if (fromLane < 0 || toLane < 0 || fromLane == toLane || column(fromLane, frame) < 0 || column(toLane, frame) < 0)
        return false;
    const double fromX = laneX(fromLane, frame);
    double toX = laneX(toLane, frame);
    if (!a.landed)
        toX = fromX + (toX - fromX) * unreadReach;
    const double direction = toX > fromX ? 1.0 : -1.0;
    from = QPointF(fromX + direction * (markerRadius + 2), rowY(a.fromRow, frame));
    to = QPointF(toX - direction * (a.landed ? markerRadius + 2 : 0), rowY(a.toRow, frame));
    return true;
}

QRectF SequenceRenderer::arrowLabelRect(int arrow, const SequenceFrame& frame) const
{
    QPointF from;
    QPointF to;
    if (!arrowLine(arrow, frame, from, to))
        return {};
    const QFontMetricsF metrics(m_small);
    const double span = std::abs(to.x() - from.x());
    const double width = std::min(metrics.horizontalAdvance(arrowLabel(arrow)) + 12, std::max(60.0, span - 16));
    const double height = metrics.height() + 2;
    const QPointF middle = (from + to) / 2;
    return QRectF(middle.x() - width / 2, middle.y() - height - 1, width, height);
}

void SequenceRenderer::paintArrow(QPainter& painter, const SequenceFrame& frame, int arrow) const
{
    QPointF from;
    QPointF to;
    if (!arrowLine(arrow, frame, from, to))
        return;
    const SequenceDiagram::Arrow& a = m_diagram.arrow(arrow);
    const bool selected = m_diagram.row(a.entryRow).seq == frame.selectedSeq;
    const QColor colour = arrowColour(a.kind, m_palette);
    QPen pen(colour, selected ? 3.2 : (a.kind == ArrowKind::Connect ? 2.2 : 1.7), arrowStyle(a.kind, a.landed));
    painter.setPen(pen);
    painter.drawLine(from, to);
    // The head: filled when the bytes (or FIN) were read, hollow while still unread.
    const QPointF d = to - from;
    const double length = std::hypot(d.x(), d.y());
    if (length > 1) {
        const QPointF unit = d / length;
        const QPointF normal(-unit.y(), unit.x());
        const QPointF back = to - unit * 10;
        pen.setStyle(Qt::SolidLine);
        painter.setPen(pen);
        painter.setBrush(a.landed ? colour : m_palette.color(QPalette::Base));
        painter.drawPolygon(QPolygonF({to, back + normal * 4.5, back - normal * 4.5}));
    }
    paintPill(painter, arrowLabelRect(arrow, frame), arrowLabel(arrow), colour, selected);
}

QString SequenceRenderer::rowLabel(int rowIndex) const
{
    const SequenceDiagram::Row& row = m_diagram.row(rowIndex);
    const sks::JournalEntry& e = m_diagram.journal().entry(static_cast<int>(row.seq));
    const QString call = fromStd(e.call);
    if (e.pending)
        return tr("%1() …waiting").arg(call);
    if (e.failed())
        return QStringLiteral("%1() ✗ %2").arg(call, fromStd(sks::errnoName(e.error)));
    switch (row.mark) {
    case Mark::Accept:
        return e.newSocket ? tr("accept() → #%1").arg(e.newSocket) : tr("accept()");
    case Mark::Send:
        return tr("%1 %2 B").arg(call).arg(e.result);
    case Mark::Recv:
        return e.result == 0 ? tr("%1 → 0: EOF").arg(call) : tr("%1 %2 B").arg(call).arg(e.result);
    case Mark::Shutdown:
        return QStringLiteral("shutdown(%1)").arg(shutdownHow(e.text));
    default:
        return call + QStringLiteral("()");
    }
}

QString SequenceRenderer::arrowLabel(int arrowIndex) const
{
    const SequenceDiagram::Arrow& a = m_diagram.arrow(arrowIndex);
    const sks::JournalEntry& e = m_diagram.journal().entry(static_cast<int>(m_diagram.row(a.entryRow).seq));
    const QString unread = a.landed ? QString() : tr(" · unread");
    switch (a.kind) {
    case ArrowKind::Connect:
        return tr("connect → accept");
    case ArrowKind::Data:
        return tr("%1 %2 B").arg(fromStd(e.call)).arg(e.result) + unread;
    case ArrowKind::Fin:
        return (a.byClose ? tr("close() · FIN") : tr("FIN")) + unread;
    case ArrowKind::Reset:
        if (!a.landed)
            return tr("close() · RST: unread data");
        return (a.byClose ? tr("close() · RST → %1") : tr("RST → %1")).arg(fromStd(sks::errnoName(e.error)));
    }
    return {};
}

void SequenceRenderer::paintHeader(QPainter& painter, const SequenceFrame& frame, double y) const
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(QRectF(0, y, frame.contentWidth, m_headerHeight), m_palette.color(QPalette::Window));
    const QFontMetricsF boldMetrics(m_bold);
    const QFontMetricsF smallMetrics(m_small);
    for (const int lane : frame.lanes) {
        const int col = column(lane, frame);
        if (col < 0)
            continue;
        const QRectF box(m_gutterWidth + col * m_laneWidth + 4, y + 4, m_laneWidth - 8, m_headerHeight - 8);
        painter.setPen(QPen(m_palette.color(QPalette::Mid), 1));
        painter.setBrush(m_palette.color(QPalette::Base));
        painter.drawRoundedRect(box, 5, 5);
        const QRectF text = box.adjusted(6, 3, -6, -3);
        painter.setPen(m_palette.color(QPalette::Text));
        painter.setFont(m_bold);
        painter.drawText(QRectF(text.left(), text.top(), text.width(), text.height() / 2),
                         Qt::AlignHCenter | Qt::AlignVCenter,
                         boldMetrics.elidedText(m_diagram.laneTitle(lane), Qt::ElideRight, text.width()));
        painter.setFont(m_small);
        painter.drawText(QRectF(text.left(), text.center().y(), text.width(), text.height() / 2),
                         Qt::AlignHCenter | Qt::AlignVCenter,
                         smallMetrics.elidedText(m_diagram.laneSubtitle(lane), Qt::ElideMiddle, text.width()));
    }
    painter.restore();
}

void SequenceRenderer::paintGutter(QPainter& painter, const SequenceFrame& frame, double x) const
{
    painter.save();
    const double top = rowY(frame.firstRow, frame) - m_rowHeight / 2.0;
    const double bottom = rowY(frame.lastRow, frame) + m_rowHeight / 2.0;
    painter.fillRect(QRectF(x, top, m_gutterWidth, bottom - top), m_palette.color(QPalette::Window));
    painter.setFont(m_small);
    painter.setPen(m_palette.color(QPalette::Text));
    const JournalModel& journal = m_diagram.journal();
    for (int r = frame.firstRow; r <= frame.lastRow; ++r) {
        const sks::JournalEntry& e = journal.entry(static_cast<int>(m_diagram.row(r).seq));
        painter.drawText(QRectF(x, rowY(r, frame) - m_rowHeight / 2.0, m_gutterWidth - 8, m_rowHeight),
                         Qt::AlignRight | Qt::AlignVCenter, tr("%1 s").arg(double(e.timeNs) / 1e9, 0, 'f', 3));
    }
    painter.restore();
}

std::optional<std::uint64_t> SequenceRenderer::seqAt(QPointF point, const SequenceFrame& frame) const
{
    const int row = static_cast<int>(std::floor((point.y() - m_headerHeight) / m_rowHeight)) + frame.rowBase;
    for (const int a : m_diagram.arrowsIn(row - 1, row + 1)) {
        QPointF from;
        QPointF to;
        if (!arrowLine(a, frame, from, to))
            continue;
        if (arrowLabelRect(a, frame).contains(point) || distanceToSegment(point, from, to) <= hitDistance)
            return m_diagram.row(m_diagram.arrow(a).entryRow).seq;
    }
    if (row < 0 || row >= m_diagram.rowCount())
        return std::nullopt;
    const int lane = m_diagram.laneOf(m_diagram.row(row).socket);
    if (column(lane, frame) < 0)
        return std::nullopt;
    const bool nearMarker = std::abs(point.x() - laneX(lane, frame)) <= 2 * markerRadius + 4;
    if (nearMarker || rowLabelRect(row, frame, false).contains(point) || rowLabelRect(row, frame, true).contains(point))
        return m_diagram.row(row).seq;
    return std::nullopt;
}

QPointF SequenceRenderer::arrowPoint(int arrow, const SequenceFrame& frame) const
{
    QPointF from;
    QPointF to;
    if (!arrowLine(arrow, frame, from, to))
        return {};
    return from + (to - from) * 0.25;
}

SequenceFrame SequenceRenderer::exportFrame(int maxRows, int maxLanes) const
{
    SequenceFrame frame;
    frame.lastRow = m_diagram.rowCount() - 1;
    frame.firstRow = std::max(0, m_diagram.rowCount() - maxRows);
    frame.rowBase = frame.firstRow;
    std::vector<int> lanes;
    for (int r = frame.firstRow; r <= frame.lastRow; ++r)
        lanes.push_back(m_diagram.laneOf(m_diagram.row(r).socket));
    for (const int a : m_diagram.arrowsIn(frame.firstRow, frame.lastRow)) {
        lanes.push_back(m_diagram.laneOf(m_diagram.arrow(a).from));
        lanes.push_back(m_diagram.laneOf(m_diagram.arrow(a).to));
    }
    std::ranges::sort(lanes);
    lanes.erase(std::ranges::unique(lanes).begin(), lanes.end());
    std::erase(lanes, -1);
    if (lanes.size() > static_cast<std::size_t>(maxLanes))
        lanes.resize(static_cast<std::size_t>(maxLanes));
    frame.columns.assign(static_cast<std::size_t>(m_diagram.laneCount()), -1);
    for (std::size_t i = 0; i < lanes.size(); ++i)
        frame.columns[static_cast<std::size_t>(lanes[i])] = static_cast<int>(i);
    frame.lanes = std::move(lanes);
    // The last lane's labels reach past its right edge: leave them room.
    frame.contentWidth = m_gutterWidth + static_cast<int>(std::max<std::size_t>(1, frame.lanes.size())) * m_laneWidth
        + m_laneWidth / 2;
    return frame;
}

QSize SequenceRenderer::exportSize(const SequenceFrame& frame) const
{
    return QSize(frame.contentWidth,
                 m_headerHeight + std::max(1, frame.lastRow - frame.firstRow + 1) * m_rowHeight);
}

void SequenceRenderer::paintDocument(QPainter& painter, const SequenceFrame& frame) const
{
    painter.fillRect(QRect(QPoint(0, 0), exportSize(frame)), m_palette.color(QPalette::Base));
    if (frame.lastRow >= frame.firstRow) {
        paintContent(painter, frame);
        paintGutter(painter, frame, 0);
    }
    paintHeader(painter, frame, 0);
}

bool exportSequenceSvg(const SequenceDiagram& diagram, const QFont& font, const QString& path)
{
    const SequenceRenderer renderer(diagram, font, documentPalette());
    const SequenceFrame frame = renderer.exportFrame(2000, 120);
    const QSize size = renderer.exportSize(frame);
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setTitle(tr("Sockscope sequence diagram"));
    generator.setDescription(tr("One lane per socket; arrows for connect → accept, data, FIN "
                                "and RST, newest at the bottom."));
    QPainter painter;
    if (!painter.begin(&generator))
        return false;
    renderer.paintDocument(painter, frame);
    return painter.end();
}

bool exportSequencePng(const SequenceDiagram& diagram, const QFont& font, const QString& path)
{
    const SequenceRenderer renderer(diagram, font, documentPalette());
    // A bitmap grows with width × height: keep it to a few hundred rows and lanes.
    const SequenceFrame frame = renderer.exportFrame(400, 16);
    QImage image(renderer.exportSize(frame), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull())
        return false;
    QPainter painter(&image);
    renderer.paintDocument(painter, frame);
    painter.end();
    return image.save(path, "PNG");
}
