#pragma once

#include <QStyledItemDelegate>

// Paints the accept queue as a bar filled to queue / limit with the model's text on top
// (ListenersModel::Queue). Colour says "getting full" at a glance; the text says it too
// ("⚠ … full — new connections dropped"), for anyone who cannot tell the colours apart.
class QueueGaugeDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueGaugeDelegate)

public:
    explicit QueueGaugeDelegate(QObject* parent = nullptr);
    ~QueueGaugeDelegate() override;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

// Paints where a port sits in the whole port space 0–65535, with the kernel's ephemeral
// range shaded (PortsModel::Range; the port comes from PortsModel::PortRole).
class PortRangeDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortRangeDelegate)

public:
    PortRangeDelegate(int rangeLow, int rangeHigh, QObject* parent = nullptr);
    ~PortRangeDelegate() override;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int m_low;
    int m_high;
};
