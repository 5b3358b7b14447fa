#pragma once

#include <QPen>
#include <QWidget>

#include <vector>

// The byte flow chart's legend as one calm row: first what the line styles mean (solid =
// in, dashed = out), then one swatch per charted socket. Style carries the direction and
// color the socket, so the directions read apart without color. Drawn in one paintEvent;
// wraps onto further rows when the panel is narrow.
class FlowLegend final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlowLegend)

public:
    struct Entry {
        QPen pen;
        QString text;
    };

    explicit FlowLegend(QWidget* parent = nullptr);
    ~FlowLegend() override;

    void setEntries(std::vector<Entry> entries);
    const std::vector<Entry>& entries() const noexcept { return m_entries; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    // Where each entry goes at `width`: its top-left corner; returns the total height.
    int layoutEntries(int width, std::vector<QPoint>* positions) const;
    int entryWidth(const Entry& entry) const;

    std::vector<Entry> m_entries;
};
