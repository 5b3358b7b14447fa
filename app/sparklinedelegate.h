#pragma once

#include <QStyledItemDelegate>

// Paints a socket's recent rate as a sparkline (SocketsModel::RateHistoryRole) with the
// latest rate written beside it. In (received) is a solid line over a light fill, out
// (sent) a dashed line, so the two read apart without color. Each line is scaled to the
// row's own peak: the shape shows bursts and stalls, the number gives the size.
class SparklineDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SparklineDelegate)

public:
    explicit SparklineDelegate(QObject* parent = nullptr);
    ~SparklineDelegate() override;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};
