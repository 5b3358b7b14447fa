#pragma once

#include "core/engine/socketstate.h"

#include <QTime>
#include <QWidget>

#include <cstdint>
#include <vector>

class EngineBridge;
class QChart;
class QLabel;
class QLineSeries;
class QPushButton;
class QValueAxis;
class RateSampler;
class FlowChartView;
class FlowLegend;

// Byte flow: a live chart of bytes per second in and out — for all sockets together and
// for the selected (and pinned) sockets — over the last 60 s, with pause and zoom (drag
// or wheel over the time axis; "Reset zoom" returns to the live window), and beside it
// the exact byte totals, the same numbers the engine counted, digit for digit.
//
// In is a solid line, out a dashed one, and the legend draws each line's own style, so
// the directions read apart without color. The chart redraws once per rate sample
// (10 Hz) and only while it is visible.
class ByteFlowPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ByteFlowPanel)

public:
    ByteFlowPanel(EngineBridge& bridge, RateSampler& sampler, QWidget* parent = nullptr);
    ~ByteFlowPanel() override;

    QChart* chart() const noexcept { return m_chart; }
    bool isPaused() const noexcept { return m_paused; }
    bool isZoomed() const noexcept { return m_zoomed; }
    // The sockets drawn beside the totals: the selected one first, then the pinned ones.
    std::vector<sks::SocketId> chartedSockets() const;

public Q_SLOTS:
    // The socket selected in the tree (0: none).
    void setSocket(sks::SocketId id);
    void setPaused(bool paused);
    void resetZoom();

protected:
    // A new palette (the theme switch): the "all" line and the legend follow it.
    void changeEvent(QEvent* event) override;

private:
    struct Line {
        sks::SocketId socket = 0; // 0: all sockets
        QLineSeries* in = nullptr;
        QLineSeries* out = nullptr;
    };

    QWidget* buildToolbar();
    QWidget* buildTotals();
    void setUpChart();
    Line makeLine(sks::SocketId socket, const QColor& color, qreal width);
    void rebuildLines();
    void updateLegend();
    void togglePin(bool pinned);
    void onSampled();
    void redraw();
    void refreshTotals();
    void applyYAxis(double peak);

    EngineBridge& m_bridge;
    RateSampler& m_sampler;
    QChart* m_chart = nullptr;
    FlowChartView* m_view = nullptr;
    FlowLegend* m_legend = nullptr;
    QValueAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    std::vector<Line> m_lines; // [0]: all sockets
    sks::SocketId m_selected = 0;
    std::vector<sks::SocketId> m_pinned;
    bool m_paused = false;
    bool m_zoomed = false;
    double m_unitScale = 1;
    double m_anchor = 0;  // the sampler time drawn at x = 0
    QTime m_anchorTime;   // ... as a clock time, for the axis title while frozen

    QPushButton* m_pauseButton = nullptr;
    QPushButton* m_pinButton = nullptr;
    QLabel* m_stateLabel = nullptr;
    QLabel* m_totalIn = nullptr;
    QLabel* m_totalOut = nullptr;
    QLabel* m_totalInNote = nullptr;
    QLabel* m_totalOutNote = nullptr;
    QLabel* m_socketTitle = nullptr;
    QLabel* m_socketIn = nullptr;
    QLabel* m_socketOut = nullptr;
    QLabel* m_socketInNote = nullptr;
    QLabel* m_socketOutNote = nullptr;
};
