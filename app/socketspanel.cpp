#include "app/socketspanel.h"

#include "app/socketsmodel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPainter>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace {

// A tree view that explains how to begin while its model is empty.
class HintTreeView final : public QTreeView {
public:
    explicit HintTreeView(QString hint, QWidget* parent)
        : QTreeView(parent)
        , m_hint(std::move(hint))
    {
    }

protected:
    void paintEvent(QPaintEvent* event) override
    {
        QTreeView::paintEvent(event);
        if (model() && model()->rowCount() > 0)
            return;
        QPainter painter(viewport());
        painter.setPen(palette().color(QPalette::Disabled, QPalette::Text));
        // A short measure reads calmly; a full-width line does not.
        const int width = std::min(viewport()->width() - 48, fontMetrics().averageCharWidth() * 60);
        QRect area(0, 0, width, viewport()->height() - 48);
        area.moveCenter(viewport()->rect().center());
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_hint);
    }

private:
    QString m_hint;
};

} // namespace

SocketsPanel::SocketsPanel(SocketsModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
{
    m_view = new HintTreeView(
        tr("No sockets yet. Start with “New TCP server” (Ctrl+Shift+S), bind it to "
           "127.0.0.1:0 and listen; then “New TCP client” (Ctrl+Shift+C) and connect to it."),
        this);
    m_view->setObjectName(QStringLiteral("socketsView"));
    m_view->setModel(&m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAllColumnsShowFocus(true);
    m_view->setExpandsOnDoubleClick(false);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionsMovable(true);
    // The live rate sparkline beside the addresses, before the running totals (which the
    // status bar and Byte flow also show): on a 1680-pixel-wide window it is in view.
    m_view->header()->moveSection(m_view->header()->visualIndex(SocketsModel::Rate),
                                  m_view->header()->visualIndex(SocketsModel::Peer) + 1);
    fitColumns();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    connect(&m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex& parentIndex) { onRowsInserted(parentIndex); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex&) { Q_EMIT currentSocketChanged(currentSocket()); });
}

SocketsPanel::~SocketsPanel() = default;

void SocketsPanel::fitColumns()
{
    // Wide enough for "127.0.0.1:41873" and "waiting in accept()" without eliding.
    const QFontMetrics metrics(m_view->font());
    const auto width = [&metrics](const QString& sample) {
        return metrics.horizontalAdvance(sample) + 24;
    };
    m_view->setColumnWidth(SocketsModel::Id, width(QStringLiteral("#000000")));
    m_view->setColumnWidth(SocketsModel::Fd, width(QStringLiteral("– (was 000)")));
    m_view->setColumnWidth(SocketsModel::Kind, width(QStringLiteral("Unix seqpacket")));
    m_view->setColumnWidth(SocketsModel::State, width(QStringLiteral("waiting in accept()")));
    m_view->setColumnWidth(SocketsModel::Local, width(QStringLiteral("127.000.000.1:00000")));
    m_view->setColumnWidth(SocketsModel::Peer, width(QStringLiteral("↔ #000 (socketpair)")));
    m_view->setColumnWidth(SocketsModel::BytesIn, width(QStringLiteral("Bytes in 000")));
    m_view->setColumnWidth(SocketsModel::BytesOut, width(QStringLiteral("Bytes out 000")));
    m_view->setColumnWidth(SocketsModel::Rate, width(QStringLiteral("000.0 MB/s")) + 80); // + a short line
}

void SocketsPanel::onRowsInserted(const QModelIndex& parentIndex)
{
    // Accepted sockets must be seen next to their listener.
    if (parentIndex.isValid())
        m_view->expand(parentIndex);
    m_view->viewport()->update();
}

sks::SocketId SocketsPanel::currentSocket() const
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return 0;
    return current.data(SocketsModel::SocketIdRole).value<sks::SocketId>();
}

void SocketsPanel::selectSocket(sks::SocketId id)
{
    const QModelIndex index = m_model.indexOf(id);
    if (!index.isValid())
        return;
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}
