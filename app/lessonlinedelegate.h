#pragma once

#include <QStyledItemDelegate>

// Paints one line of a lesson in the lesson panel: a gutter with the line's mark (✓ ran as
// expected, ✗ failed, ▶ runs next) and its number, then the code, wrapped under itself so
// a long `say` stays readable in a narrow dock. The marks are glyphs, not colours alone.
//
// Item data: Qt::DisplayRole the code, LineRole its number, MarkRole a Mark, CurrentRole
// whether it is the line marked ▶. The view's font is used for the code.
class LessonLineDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LessonLineDelegate)

public:
    enum Role { LineRole = Qt::UserRole + 1, MarkRole, CurrentRole };
    enum Mark { NoMark, DoneMark, FailedMark };

    explicit LessonLineDelegate(QObject* parent = nullptr);
    ~LessonLineDelegate() override;

    // How many lines the lesson has: the width of the number column.
    void setLineCount(int lines) { m_digits = static_cast<int>(QString::number(std::max(lines, 1)).size()); }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    int gutterWidth(const QFontMetrics& metrics) const;
    static int textWidth(const QStyleOptionViewItem& option, int gutter);

    int m_digits = 2;
};
