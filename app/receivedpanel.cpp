#include "app/receivedpanel.h"

#include "app/enginebridge.h"
#include "app/journalmodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

ReceivedPanel::ReceivedPanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_model(new ReceivedModel(this))
    , m_filter(new QSortFilterProxyModel(this))
{
    m_filter->setSourceModel(m_model);
    m_filter->setFilterRole(ReceivedModel::SocketIdRole);
    m_filter->setFilterKeyColumn(ReceivedModel::Socket);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("receivedView"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(true);
    const QFontMetrics metrics(m_view->font());
    const auto width = [&metrics](const QString& sample) { return metrics.horizontalAdvance(sample) + 24; };
    m_view->setColumnWidth(ReceivedModel::Time, width(QStringLiteral("0000.000 s")));
    m_view->setColumnWidth(ReceivedModel::Socket, width(QStringLiteral("Socket")));
    m_view->setColumnWidth(ReceivedModel::Call, width(QStringLiteral("recvfrom")));
    m_view->setColumnWidth(ReceivedModel::From, width(QStringLiteral("127.000.000.1:00000")));
    m_view->setColumnWidth(ReceivedModel::Length, width(QStringLiteral("truncated: 00 of 000 bytes")));

    m_filterCheck = new QCheckBox(tr("selected only"), this);
    m_filterCheck->setObjectName(QStringLiteral("receivedFilterCheck"));
    m_filterCheck->setToolTip(tr("Show only what the socket selected in the Sockets panel received."));
    connect(m_filterCheck, &QCheckBox::toggled, this, &ReceivedPanel::updateFilter);
    auto* clear = new QPushButton(tr("Clear"), this);
    clear->setObjectName(QStringLiteral("receivedClearButton"));
    clear->setToolTip(tr("Forget the rows shown here (the journal keeps its record)."));
    connect(clear, &QPushButton::clicked, m_model, &ReceivedModel::clear);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_filterCheck);
    bar->addStretch(1);
    bar->addWidget(clear);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(&m_bridge, &EngineBridge::bytesReceived, this, &ReceivedPanel::collect);
    connect(&m_bridge, &EngineBridge::batchApplied, this, &ReceivedPanel::flush);
}

ReceivedPanel::~ReceivedPanel() = default;

void ReceivedPanel::setSocket(sks::SocketId id)
{
    if (id == m_socket)
        return;
    m_socket = id;
    updateFilter();
}

void ReceivedPanel::updateFilter()
{
    // An id that matches nothing while no socket is selected: the filter says "selected".
    const QString pattern = m_filterCheck->isChecked() ? QStringLiteral("^%1$").arg(m_socket) : QString();
    m_filter->setFilterRegularExpression(pattern);
}

// The bridge applies the journal before it hands out received bytes, so the call that
// returned them is already there.
void ReceivedPanel::collect(const sks::Received& received)
{
    const JournalModel& journal = *m_bridge.journal();
    const bool known = received.journalSeq < static_cast<std::uint64_t>(journal.rowCount());
    const sks::JournalEntry* entry = known ? &journal.entry(static_cast<int>(received.journalSeq)) : nullptr;
    m_pending.push_back(ReceivedModel::fromReceived(received, entry ? entry->timeNs : 0,
                                                    entry ? QString::fromStdString(entry->call) : QString()));
}

void ReceivedPanel::flush()
{
    if (m_pending.empty())
        return;
    const QScrollBar* bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum();
    m_model->append(std::move(m_pending));
    m_pending.clear();
    if (atBottom)
        m_view->scrollToBottom();
}
