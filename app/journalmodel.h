#pragma once

#include "core/engine/events.h"

#include <QAbstractTableModel>

#include <deque>
#include <vector>

// Every system call the engine made, one row per call, oldest first. Row n holds the
// entry with seq n: a call that had to wait is appended as pending and its row is
// updated in place when the call completes.
class JournalModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JournalModel)

public:
    enum Column { Time, Socket, Fd, Call, Result, Errno, Count };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw numbers (ns, id, fd, result, errno) or text
        SeqRole,                     // the entry's seq
        FailedRole,                  // bool
    };

    explicit JournalModel(QObject* parent = nullptr);
    ~JournalModel() override;

    // Appends new entries (one insert for the whole batch) and replaces completed pending
    // ones (coalesced dataChanged). Entries must arrive in seq order without gaps.
    void apply(const std::vector<sks::JournalEntry>& entries);

    // Precondition: 0 <= row < rowCount().
    const sks::JournalEntry& entry(int row) const;

    // "<b>ECONNREFUSED</b> — Connection refused<br>hint", empty for a successful row.
    static QString errnoExplanation(int error);
    // errnoExplanation() of the row's errno, followed by its note (if any).
    QString explanation(int row) const;
    // Adds what was found out about a failed call to its explanation ("127.0.0.1:8080 is
    // held by pid 1234 (nginx), fd 6"); plain text. Ignored for an unknown seq.
    void setNote(std::uint64_t seq, const QString& note);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QVariant displayData(const sks::JournalEntry& e, int column) const;
    QVariant sortData(const sks::JournalEntry& e, int column) const;
    QVariant fontData(const sks::JournalEntry& e, int column) const;
    void emitChanged(std::vector<int>& rows);

    std::deque<sks::JournalEntry> m_entries; // no doubling slack: 20,000 sockets make ~50,000 rows
    QHash<quint64, QString> m_notes; // by seq
};
