#pragma once

#include <QAbstractTableModel>

#include <algorithm>
#include <vector>

// A table whose rows stay sorted by a key and are refreshed from a new sorted snapshot:
// replaceRows() turns the difference into runs of inserts and removes plus coalesced
// dataChanged, so selection and scroll position survive a refresh and a view repaints
// only what changed (a full reset of 20,000 rows would do neither).
class SortedTableModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

protected:
    // `rows` and `fresh` ascend by key(row), keys unique. Rows whose key exists on both
    // sides are replaced and reported only when they differ (Row::operator==).
    template <class Row, class KeyFn>
    void replaceRows(std::vector<Row>& rows, std::vector<Row> fresh, KeyFn key);

    // One dataChanged per contiguous run of the (sorted, unique) rows.
    void emitRowsChanged(const std::vector<int>& changed)
    {
        std::size_t i = 0;
        while (i < changed.size()) {
            std::size_t j = i + 1;
            while (j < changed.size() && changed[j] == changed[j - 1] + 1)
                ++j;
            Q_EMIT dataChanged(index(changed[i], 0), index(changed[j - 1], columnCount() - 1));
            i = j;
        }
    }
};

template <class Row, class KeyFn>
void SortedTableModel::replaceRows(std::vector<Row>& rows, std::vector<Row> fresh, KeyFn key)
{
    std::vector<int> changed;
    std::size_t row = 0;
    std::size_t next = 0;
    // Walks both lists once; rows before `row` are final, so the indices collected in
    // `changed` stay valid while later runs are inserted or removed.
    while (row < rows.size() || next < fresh.size()) {
        const bool oldOnly = next == fresh.size() || (row < rows.size() && key(rows[row]) < key(fresh[next]));
        const bool newOnly = row == rows.size() || (next < fresh.size() && key(fresh[next]) < key(rows[row]));
        if (oldOnly) {
            std::size_t last = row + 1;
            while (last < rows.size() && (next == fresh.size() || key(rows[last]) < key(fresh[next])))
                ++last;
            beginRemoveRows({}, static_cast<int>(row), static_cast<int>(last - 1));
            rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(row),
                       rows.begin() + static_cast<std::ptrdiff_t>(last));
            endRemoveRows();
        } else if (newOnly) {
            std::size_t last = next + 1;
            while (last < fresh.size() && (row == rows.size() || key(fresh[last]) < key(rows[row])))
                ++last;
            beginInsertRows({}, static_cast<int>(row), static_cast<int>(row + (last - next) - 1));
            rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(row),
                        std::make_move_iterator(fresh.begin() + static_cast<std::ptrdiff_t>(next)),
                        std::make_move_iterator(fresh.begin() + static_cast<std::ptrdiff_t>(last)));
            endInsertRows();
            row += last - next;
            next = last;
        } else {
            if (!(rows[row] == fresh[next])) {
                rows[row] = std::move(fresh[next]);
                changed.push_back(static_cast<int>(row));
            }
            ++row;
            ++next;
        }
    }
    emitRowsChanged(changed);
}
