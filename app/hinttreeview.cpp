#include "app/hinttreeview.h"

#include <QHeaderView>
#include <QPainter>

#include <algorithm>

HintTreeView::HintTreeView(QString hint, QWidget* parent)
    : QTreeView(parent)
    , m_hint(std::move(hint))
{
    setRootIsDecorated(false);
    setItemsExpandable(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAllColumnsShowFocus(true);
    header()->setStretchLastSection(true);
}

HintTreeView::~HintTreeView() = default;

void HintTreeView::paintEvent(QPaintEvent* event)
{
    QTreeView::paintEvent(event);
    if (!model() || model()->rowCount() > 0)
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::Disabled, QPalette::Text));
    // A short measure reads calmly; a full-width line does not.
    const int width = std::min(viewport()->width() - 32, fontMetrics().averageCharWidth() * 60);
    QRect area(0, 0, width, viewport()->height() - 16);
    area.moveCenter(viewport()->rect().center());
    painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_hint);
}
