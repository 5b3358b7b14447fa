#include "app/journalpanel.h"

#include "app/journalmodel.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {

constexpr int noticeMs = 15000;

QLabel* makeMessageLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setFrameShape(QFrame::StyledPanel);
    label->setMargin(6);
    label->hide();
    return label;
}

} // namespace

JournalPanel::JournalPanel(JournalModel& model, QWidget* parent)
    : QWidget(parent)
    , m_model(model)
    , m_view(new QTableView(this))
    , m_notice(makeMessageLabel(QStringLiteral("noticeLabel"), this))
    , m_explanation(makeMessageLabel(QStringLiteral("errnoExplanation"), this))
    , m_noticeTimer(new QTimer(this))
{
    m_view->setObjectName(QStringLiteral("journalView"));
    m_view->setModel(&m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setWordWrap(false);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);

    QHeaderView* header = m_view->horizontalHeader();
    const QFontMetrics metrics(m_view->font());
    const auto width = [&metrics](const QString& sample) {
        return metrics.horizontalAdvance(sample) + 16;
    };
    // Tight fixed columns so the call itself (stretched) stays readable in a narrow dock.
    header->resizeSection(JournalModel::Time, width(QStringLiteral("000.000 s")));
    header->resizeSection(JournalModel::Socket, width(QStringLiteral("Socket")));
    header->resizeSection(JournalModel::Fd, width(QStringLiteral("000")));
    header->resizeSection(JournalModel::Result, width(QStringLiteral("000000")));
    header->resizeSection(JournalModel::Errno, width(QStringLiteral("ECONNREFUSED")));
    header->setMinimumSectionSize(metrics.horizontalAdvance(QStringLiteral("fd")) + 12);
    header->setSectionResizeMode(JournalModel::Call, QHeaderView::Stretch);

    m_noticeTimer->setSingleShot(true);
    connect(m_noticeTimer, &QTimer::timeout, m_notice, &QWidget::hide);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_notice);
    layout->addWidget(m_explanation);

    connect(&m_model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            &JournalPanel::rememberScrollPosition);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this, &JournalPanel::followNewRows);
    connect(&m_model, &QAbstractItemModel::dataChanged, this, &JournalPanel::onCurrentRowChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &JournalPanel::onCurrentRowChanged);
}

JournalPanel::~JournalPanel() = default;

void JournalPanel::rememberScrollPosition()
{
    const QScrollBar* bar = m_view->verticalScrollBar();
    m_wasAtBottom = bar->value() >= bar->maximum();
}

void JournalPanel::followNewRows()
{
    if (m_wasAtBottom)
        m_view->scrollToBottom();
}

void JournalPanel::onCurrentRowChanged()
{
    const QModelIndex current = m_view->currentIndex();
    const QString text = current.isValid() ? m_model.explanation(current.row()) : QString();
    m_explanation->setText(text);
    m_explanation->setVisible(!text.isEmpty());
}

void JournalPanel::selectSeq(std::uint64_t seq)
{
    if (seq >= static_cast<std::uint64_t>(m_model.rowCount()))
        return;
    const QModelIndex index = m_model.index(static_cast<int>(seq), JournalModel::Call); // row n is seq n
    m_view->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void JournalPanel::showErrorNotice(const QString& text)
{
    m_notice->setText(QStringLiteral("<b>%1</b> %2").arg(tr("Error:"), text.toHtmlEscaped()));
    m_notice->show();
    m_noticeTimer->start(noticeMs);
}
