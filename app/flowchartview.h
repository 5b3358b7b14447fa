#pragma once

#include <QChartView>

// A chart view that zooms the time axis only: drag a band to zoom into it, turn the wheel
// to zoom around the pointer, right-click to zoom out, double-click to go back to live.
// It tells its owner, which stops scrolling the window while the user looks closer.
class FlowChartView final : public QChartView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowChartView)

public:
    explicit FlowChartView(QChart* chart, QWidget* parent = nullptr);
    ~FlowChartView() override;

    // Paints the chart's background, axes, labels and grid from the widget's palette, so it
    // turns dark with the theme; done again on every palette change.
    void followPalette();

Q_SIGNALS:
    void zoomedByUser();
    void resetRequested();

protected:
    void changeEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    QPointF m_pressedAt;
};
