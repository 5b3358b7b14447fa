#pragma once

#include <QObject>

#include <chrono>
#include <cstdint>
#include <deque>

class JournalPanel;
class JournalModel;
class QTimer;

// Presentation mode's journal: each new entry becomes the highlighted row and stays so for
// at least holdTime(), so a viewer can read it even when calls come quickly; entries that
// arrive meanwhile queue up, and a long queue skips ahead to the newest (no flashing).
class JournalSpotlight final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JournalSpotlight)

public:
    JournalSpotlight(JournalPanel& panel, JournalModel& model, QObject* parent = nullptr);
    ~JournalSpotlight() override;

    // Off: nothing is highlighted any more and the queue is dropped.
    void setEnabled(bool on);
    bool isEnabled() const noexcept { return m_enabled; }
    // The seq highlighted last, or -1.
    std::int64_t spotlit() const noexcept { return m_spotlit; }

    static constexpr std::chrono::milliseconds holdTime{1200};
    static constexpr std::size_t maxQueued = 3;

private:
    void onRowsInserted(int first, int last);
    void showNext();

    JournalPanel& m_panel;
    JournalModel& m_model;
    QTimer* m_hold = nullptr;
    std::deque<std::uint64_t> m_queue;
    std::int64_t m_spotlit = -1;
    bool m_enabled = false;
};
