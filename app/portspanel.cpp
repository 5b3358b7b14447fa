#include "app/portspanel.h"

#include "app/gaugedelegates.h"
#include "app/hinttreeview.h"
#include "app/portsmodel.h"
#include "app/visibilitywatch.h"

#include <QHeaderView>
#include <QLabel>
#include <QVBoxLayout>

PortsPanel::PortsPanel(const SocketsModel& sockets, QWidget* parent)
    : QWidget(parent)
    , m_model(new PortsModel(sockets, PortsModel::readEphemeralRange(), this))
    , m_view(new HintTreeView(tr("No ports in use. A socket gets a port when it binds, or when "
                                 "connect() makes the kernel pick an ephemeral one."),
                              this))
{
    const auto [low, high] = m_model->ephemeralRange();
    auto* range = new QLabel(tr("Ephemeral range %1–%2: the kernel picks client ports, and the "
                                "port for bind(…:0), from here.").arg(low).arg(high), this);
    range->setObjectName(QStringLiteral("ephemeralRangeLabel"));
    range->setWordWrap(true);
    range->setContentsMargins(6, 3, 6, 3);
    range->setToolTip(tr("Read from /proc/sys/net/ipv4/ip_local_port_range. An administrator can "
                         "change it with sysctl net.ipv4.ip_local_port_range."));

    m_view->setObjectName(QStringLiteral("portsView"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(PortsModel::Range, new PortRangeDelegate(low, high, m_view));
    m_view->setToolTip(tr("Ports used by the app's open sockets. Double-click a row to select "
                          "the first socket that uses it."));
    const QFontMetrics metrics(m_view->font());
    const auto width = [&metrics](const QString& sample) { return metrics.horizontalAdvance(sample) + 24; };
    m_view->setColumnWidth(PortsModel::Port, width(QStringLiteral("000000")));
    m_view->setColumnWidth(PortsModel::Protocol, width(QStringLiteral("Protocol")));
    m_view->setColumnWidth(PortsModel::Kind, width(QStringLiteral("★ listening · ephemeral")));
    m_view->setColumnWidth(PortsModel::Range, 130 + width(QStringLiteral("in range, 100 %")));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(range);
    layout->addWidget(m_view, 1);

    connect(new VisibilityWatch(*this), &VisibilityWatch::shownChanged, m_model, &PortsModel::setActive);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const auto id = index.data(PortsModel::SocketIdRole).value<sks::SocketId>();
        if (id != 0)
            Q_EMIT socketActivated(id);
    });
}

PortsPanel::~PortsPanel() = default;
