#include "app/descriptorspanel.h"

#include "app/descriptorsmodel.h"
#include "app/hinttreeview.h"
#include "app/visibilitywatch.h"

#include <QHeaderView>
#include <QLabel>
#include <QVBoxLayout>

DescriptorsPanel::DescriptorsPanel(const SocketsModel& sockets, int engineNotifyFd, QWidget* parent)
    : QWidget(parent)
    , m_model(new DescriptorsModel(sockets, engineNotifyFd, this))
    , m_view(new HintTreeView(tr("Reading /proc/self/fd…"), this))
    , m_summary(new QLabel(this))
{
    m_view->setObjectName(QStringLiteral("descriptorsView"));
    m_view->setModel(m_model);
    m_view->setToolTip(tr("This process's descriptor table, as the kernel lists it in "
                          "/proc/self/fd. Double-click a socket to select it in the Sockets tree."));
    const QFontMetrics metrics(m_view->font());
    const auto width = [&metrics](const QString& sample) { return metrics.horizontalAdvance(sample) + 24; };
    m_view->setColumnWidth(DescriptorsModel::Fd, width(QStringLiteral("00000")));
    m_view->setColumnWidth(DescriptorsModel::Target, width(QStringLiteral("anon_inode:[eventpoll]")));
    m_view->setColumnWidth(DescriptorsModel::Socket, width(QStringLiteral("#00000")));
    m_view->setColumnWidth(DescriptorsModel::State, width(QStringLiteral("waiting in accept()")));

    m_summary->setObjectName(QStringLiteral("descriptorsSummary"));
    m_summary->setToolTip(tr("Every process has a table of open descriptors; the kernel "
                             "shows it in /proc/<pid>/fd. Sockscope reads its own table "
                             "on a background thread while this panel is visible."));
    m_summary->setContentsMargins(6, 3, 6, 3);
    m_summary->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);

    connect(m_model, &DescriptorsModel::scanned, this, &DescriptorsPanel::updateSummary);
    // The table is read only while someone can see it.
    connect(new VisibilityWatch(*this), &VisibilityWatch::shownChanged, m_model, &DescriptorsModel::setActive);
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const auto id = index.data(DescriptorsModel::SocketIdRole).value<sks::SocketId>();
        if (id != 0)
            Q_EMIT socketActivated(id);
    });
    updateSummary();
}

DescriptorsPanel::~DescriptorsPanel() = default;

void DescriptorsPanel::updateSummary()
{
    if (m_model->rowCount() == 0) {
        m_summary->setText(tr("/proc/self/fd: not read yet"));
        return;
    }
    m_summary->setText(tr("/proc/self/fd: %1 descriptors, %2 of them your sockets · read in %3 ms")
                           .arg(m_model->rowCount())
                           .arg(m_model->socketRowCount())
                           .arg(double(m_model->lastScanNs()) / 1e6, 0, 'f', 1));
}
