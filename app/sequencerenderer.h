#pragma once

#include "app/sequencediagram.h"

#include <QFont>
#include <QPalette>
#include <QPointF>
#include <QRectF>

#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

class QPainter;

// Which part of the diagram to draw and where. Coordinates are "content" coordinates:
// lanes side by side after a time gutter, rows below a header; rowBase is the row drawn
// first (0 in the view, which scrolls; the first exported row in a file).
struct SequenceFrame {
    int firstRow = 0; // inclusive
    int lastRow = -1; // inclusive
    int rowBase = 0;
    std::vector<int> lanes;   // lanes to draw
    std::vector<int> columns; // lane -> column; empty: column == lane
    int contentWidth = 0;
    std::uint64_t selectedSeq = std::numeric_limits<std::uint64_t>::max();
};

// Draws a SequenceDiagram with QPainter: on screen (only the rows and lanes in view, so
// 100,000 entries cost what 30 do), and into SVG or PNG files. Knows the geometry, so it
// also answers "what is under this point".
class SequenceRenderer final {
public:
    SequenceRenderer(const SequenceDiagram& diagram, const QFont& font, const QPalette& palette);

    int rowHeight() const noexcept { return m_rowHeight; }
    int laneWidth() const noexcept { return m_laneWidth; }
    int gutterWidth() const noexcept { return m_gutterWidth; }
    int headerHeight() const noexcept { return m_headerHeight; }

    double laneX(int lane, const SequenceFrame& frame) const;
    double rowY(int row, const SequenceFrame& frame) const;

    void paintContent(QPainter& painter, const SequenceFrame& frame) const;
    // Lane titles at y (content x); time stamps at x (content y).
    void paintHeader(QPainter& painter, const SequenceFrame& frame, double y) const;
    void paintGutter(QPainter& painter, const SequenceFrame& frame, double x) const;

    // The journal seq of the arrow or row under `point` (content coordinates).
    std::optional<std::uint64_t> seqAt(QPointF point, const SequenceFrame& frame) const;
    // Where to click on an arrow: the middle of its line.
    QPointF arrowPoint(int arrow, const SequenceFrame& frame) const;
    QString rowLabel(int row) const;
    QString arrowLabel(int arrow) const;

    // The newest rows (at most maxRows) with every lane they touch; for export.
    SequenceFrame exportFrame(int maxRows, int maxLanes) const;
    QSize exportSize(const SequenceFrame& frame) const;
    void paintDocument(QPainter& painter, const SequenceFrame& frame) const;

private:
    int column(int lane, const SequenceFrame& frame) const;
    void paintLifelines(QPainter& painter, const SequenceFrame& frame) const;
    void paintRows(QPainter& painter, const SequenceFrame& frame, const std::vector<int>& arrows) const;
    void paintArrow(QPainter& painter, const SequenceFrame& frame, int arrow) const;
    void paintPill(QPainter& painter, const QRectF& rect, const QString& text, const QColor& border,
                   bool selected) const;
    bool arrowLine(int arrow, const SequenceFrame& frame, QPointF& from, QPointF& to) const;
    QRectF arrowLabelRect(int arrow, const SequenceFrame& frame) const;
    QRectF rowLabelRect(int row, const SequenceFrame& frame, bool leftSide) const;

    const SequenceDiagram& m_diagram;
    QFont m_font;
    QFont m_bold;
    QFont m_small;
    QPalette m_palette;
    int m_rowHeight = 26;
    int m_laneWidth = 190;
    int m_gutterWidth = 72;
    int m_headerHeight = 44;
};

// Writes the newest part of the diagram (up to 2,000 rows) to `path`. false on failure.
bool exportSequenceSvg(const SequenceDiagram& diagram, const QFont& font, const QString& path);
bool exportSequencePng(const SequenceDiagram& diagram, const QFont& font, const QString& path);
