#include "app/lessonlinedelegate.h"

#include <QAbstractItemView>
#include <QPainter>

namespace {

constexpr int kPad = 4;
constexpr int kTextFlags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;

// Translucent, so they read on light and dark themes; the marks carry the meaning.
const QColor kFailedColor(220, 40, 40, 70);

} // namespace

LessonLineDelegate::LessonLineDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{
}

LessonLineDelegate::~LessonLineDelegate() = default;

int LessonLineDelegate::gutterWidth(const QFontMetrics& metrics) const
{
    // mark, space, number, two spaces: the code starts at the same x on every line.
    return metrics.horizontalAdvance(QLatin1Char('0')) * (m_digits + 4) + 2 * kPad;
}

int LessonLineDelegate::textWidth(const QStyleOptionViewItem& option, int gutter)
{
    const auto* view = qobject_cast<const QAbstractItemView*>(option.widget);
    const int full = view ? view->viewport()->width() : option.rect.width();
    return std::max(full - gutter - kPad, 40);
}

QSize LessonLineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QFontMetrics metrics(option.font);
    const int gutter = gutterWidth(metrics);
    const int width = textWidth(option, gutter);
    const QString text = index.data(Qt::DisplayRole).toString();
    const int height = text.isEmpty() ? metrics.height()
                                      : metrics.boundingRect(QRect(0, 0, width, 1 << 20), kTextFlags, text).height();
    return {gutter + width, height + 2};
}

void LessonLineDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const bool current = index.data(CurrentRole).toBool();
    const auto mark = static_cast<Mark>(index.data(MarkRole).toInt());
    painter->save();
    QColor highlight = option.palette.color(QPalette::Highlight);
    highlight.setAlpha(70);
    if (current)
        painter->fillRect(option.rect, highlight);
    else if (mark == FailedMark)
        painter->fillRect(option.rect, kFailedColor);

    QFont font = option.font;
    font.setBold(current);
    painter->setFont(font);
    const QFontMetrics metrics(option.font);
    const int advance = metrics.horizontalAdvance(QLatin1Char('0'));
    const QRect row = option.rect.adjusted(kPad, 1, 0, -1);
    const QColor text = option.palette.color(QPalette::Text);
    QColor dim = text;
    dim.setAlphaF(0.55f);

    // The mark in its own box, so a glyph from a fallback font cannot shift the code. The
    // line marked ▶ has not run since the last restart, so it never needs ✓ or ✗ as well.
    const QString glyph = current ? QStringLiteral("▶")
        : mark == FailedMark      ? QStringLiteral("✗")
        : mark == DoneMark        ? QStringLiteral("✓")
                                  : QString();
    const QRect markBox(row.left(), row.top(), advance * 2, metrics.height());
    painter->setPen(mark == FailedMark ? QColor(200, 30, 30) : current ? text : dim);
    painter->drawText(markBox, Qt::AlignCenter, glyph);
    const QRect numberBox(markBox.right() + 1, row.top(), advance * (m_digits + 1), metrics.height());
    painter->setPen(current ? text : dim);
    painter->drawText(numberBox, Qt::AlignRight | Qt::AlignTop, index.data(LineRole).toString());

    const int gutter = gutterWidth(metrics);
    painter->setPen(text);
    painter->drawText(QRect(option.rect.left() + gutter, row.top(), textWidth(option, gutter), row.height()),
                      kTextFlags, index.data(Qt::DisplayRole).toString());
    painter->restore();
}
