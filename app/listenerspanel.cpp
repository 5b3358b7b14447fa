#include "app/listenerspanel.h"

#include "app/gaugedelegates.h"
#include "app/hinttreeview.h"
#include "app/listenersmodel.h"

#include <QHeaderView>
#include <QVBoxLayout>

ListenersPanel::ListenersPanel(const SocketsModel& sockets, QWidget* parent)
    : QWidget(parent)
    , m_model(new ListenersModel(sockets, this))
    , m_view(new HintTreeView(
          tr("No listening sockets yet. A server appears here once it calls listen(). With "
             "manual accept, watch its accept queue fill as clients connect."),
          this))
{
    m_view->setObjectName(QStringLiteral("listenersView"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(ListenersModel::Queue, new QueueGaugeDelegate(m_view));
    m_view->setToolTip(tr("Listening sockets and their accept queues, read from the kernel ten "
                          "times a second. Double-click a row to select the socket."));
    const QFontMetrics metrics(m_view->font());
    const auto width = [&metrics](const QString& sample) { return metrics.horizontalAdvance(sample) + 24; };
    m_view->setColumnWidth(ListenersModel::Socket, width(QStringLiteral("#000 · fd 000")));
    m_view->setColumnWidth(ListenersModel::Address, width(QStringLiteral("127.0.0.1:00000")));
    m_view->setColumnWidth(ListenersModel::Queue, width(QStringLiteral("⚠ 000 / 000 · full, dropping")));
    m_view->setColumnWidth(ListenersModel::Accepted, width(QStringLiteral("Accepted")));
    m_view->setColumnWidth(ListenersModel::Backlog, width(QStringLiteral("Backlog")));
    m_view->header()->setMinimumSectionSize(40);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        Q_EMIT socketActivated(m_model->socketAt(index.row()));
    });
}

ListenersPanel::~ListenersPanel() = default;
