#pragma once

#include <QWidget>

#include <cstdint>

class JournalModel;
class QLabel;
class QTableView;
class QTimer;

// The journal as a table, newest at the bottom. It follows new rows while the user is at
// the bottom and stays put when they scrolled up to read. A failed row, once selected,
// is explained underneath: errno name, meaning and likely cause.
class JournalPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JournalPanel)

public:
    explicit JournalPanel(JournalModel& model, QWidget* parent = nullptr);
    ~JournalPanel() override;

    QTableView* view() const noexcept { return m_view; }

public Q_SLOTS:
    // Shows an error that did not come from a system call (a refused command) above the
    // explanation area for a while.
    void showErrorNotice(const QString& text);
    // Makes entry `seq` (its row) the current, selected row and scrolls to it; does
    // nothing for a seq the journal does not have yet.
    void selectSeq(std::uint64_t seq);

private:
    void onCurrentRowChanged();
    void rememberScrollPosition();
    void followNewRows();

    JournalModel& m_model;
    QTableView* m_view = nullptr;
    QLabel* m_notice = nullptr;
    QLabel* m_explanation = nullptr;
    QTimer* m_noticeTimer = nullptr;
    bool m_wasAtBottom = true;
};
