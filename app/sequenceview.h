#pragma once

#include <QAbstractScrollArea>

#include <cstdint>
#include <limits>
#include <memory>

class SequenceDiagram;
class SequenceRenderer;
struct SequenceFrame;

// The sequence diagram on screen: lane titles stay on top and times on the left while
// the lanes scroll; only the rows and lanes in view are painted. It follows new rows
// while scrolled to the bottom and stays put when the user scrolled up to read.
class SequenceView final : public QAbstractScrollArea {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SequenceView)

public:
    explicit SequenceView(SequenceDiagram& diagram, QWidget* parent = nullptr);
    ~SequenceView() override;

    // Highlights the row or arrow of journal entry `seq` and scrolls it into view.
    void setSelectedSeq(std::uint64_t seq);
    std::uint64_t selectedSeq() const noexcept { return m_selected; }
    // Scrolls arrow `arrow` into view; returns a point on its line (viewport coordinates).
    QPoint revealArrow(int arrow);
    bool isAtBottom() const;

Q_SIGNALS:
    // The user clicked the arrow or row of journal entry `seq`.
    void entryActivated(std::uint64_t seq);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    SequenceFrame visibleFrame() const;
    QPointF toContent(QPoint viewportPoint) const;
    void updateScrollBars();
    void onDiagramChanged(bool rowsAdded);
    void scrollToRow(int row);
    void scrollToLane(int lane);

    SequenceDiagram& m_diagram;
    std::unique_ptr<SequenceRenderer> m_renderer;
    std::uint64_t m_selected = std::numeric_limits<std::uint64_t>::max();
};
