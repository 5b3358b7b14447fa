#include "app/journalspotlight.h"

#include "app/journalmodel.h"
#include "app/journalpanel.h"

#include <QTimer>

JournalSpotlight::JournalSpotlight(JournalPanel& panel, JournalModel& model, QObject* parent)
    : QObject(parent)
    , m_panel(panel)
    , m_model(model)
    , m_hold(new QTimer(this))
{
    m_hold->setSingleShot(true);
    m_hold->setInterval(holdTime);
    connect(m_hold, &QTimer::timeout, this, &JournalSpotlight::showNext);
    connect(&m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int last) { onRowsInserted(first, last); });
}

JournalSpotlight::~JournalSpotlight() = default;

void JournalSpotlight::setEnabled(bool on)
{
    m_enabled = on;
    m_queue.clear();
    m_hold->stop();
    if (on && m_model.rowCount() > 0) {
        m_queue.push_back(static_cast<std::uint64_t>(m_model.rowCount() - 1)); // row n is seq n
        showNext();
    }
}

void JournalSpotlight::onRowsInserted(int first, int last)
{
    if (!m_enabled)
        return;
    for (int row = first; row <= last; ++row)
        m_queue.push_back(static_cast<std::uint64_t>(row));
    if (!m_hold->isActive())
        showNext();
}

void JournalSpotlight::showNext()
{
    if (m_queue.empty())
        return; // the newest stays highlighted until another arrives
    // Far behind: jump to the newest rather than replaying a burst one by one.
    if (m_queue.size() > maxQueued)
        m_queue.erase(m_queue.begin(), m_queue.end() - 1);
    const std::uint64_t seq = m_queue.front();
    m_queue.pop_front();
    m_spotlit = static_cast<std::int64_t>(seq);
    m_panel.selectSeq(seq);
    m_hold->start();
}
