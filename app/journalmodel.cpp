#include "app/journalmodel.h"

#include "core/sys/errnos.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>

#include <algorithm>

namespace {

QString fromView(std::string_view text)
{
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

JournalModel::JournalModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

JournalModel::~JournalModel() = default;

void JournalModel::apply(const std::vector<sks::JournalEntry>& entries)
{
    const std::size_t oldCount = m_entries.size();
    std::vector<sks::JournalEntry> added;
    std::vector<int> changed;
    for (const sks::JournalEntry& e : entries) {
        if (e.seq < oldCount) {
            m_entries[e.seq] = e;
            changed.push_back(static_cast<int>(e.seq));
        } else if (const std::size_t i = e.seq - oldCount; i < added.size()) {
            added[i] = e; // pending and completed in the same batch
        } else if (i == added.size()) {
            added.push_back(e);
        } else {
            qWarning("JournalModel: journal entry %llu skips ahead of row %zu",
                     static_cast<unsigned long long>(e.seq), oldCount + added.size());
        }
    }
    emitChanged(changed);
    if (added.empty())
        return;
    beginInsertRows({}, static_cast<int>(oldCount), static_cast<int>(oldCount + added.size() - 1));
    m_entries.insert(m_entries.end(), std::make_move_iterator(added.begin()),
                     std::make_move_iterator(added.end()));
    endInsertRows();
}

void JournalModel::emitChanged(std::vector<int>& rows)
{
    std::ranges::sort(rows);
    const auto [first, last] = std::ranges::unique(rows);
    rows.erase(first, last);
    std::size_t i = 0;
    while (i < rows.size()) {
        std::size_t j = i + 1;
        while (j < rows.size() && rows[j] == rows[j - 1] + 1)
            ++j;
        Q_EMIT dataChanged(index(rows[i], 0), index(rows[j - 1], Count - 1));
        i = j;
    }
}

const sks::JournalEntry& JournalModel::entry(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_entries[static_cast<std::size_t>(row)];
}

QString JournalModel::errnoExplanation(int error)
{
    if (error == 0)
        return {};
    const QString name = QString::fromStdString(sks::errnoName(error)).toHtmlEscaped();
    const sks::ErrnoInfo* info = sks::findErrno(error);
    if (!info)
        return QStringLiteral("<b>%1</b> (errno %2)").arg(name).arg(error);
    return QStringLiteral("<b>%1</b> — %2<br>%3")
        .arg(name, fromView(info->meaning).toHtmlEscaped(), fromView(info->hint).toHtmlEscaped());
}

QString JournalModel::explanation(int row) const
{
    const sks::JournalEntry& e = entry(row);
    const QString text = errnoExplanation(e.error);
    const QString note = m_notes.value(e.seq);
    if (note.isEmpty())
        return text;
    return text.isEmpty() ? note.toHtmlEscaped() : text + QStringLiteral("<br>") + note.toHtmlEscaped();
}

void JournalModel::setNote(std::uint64_t seq, const QString& note)
{
    if (seq >= m_entries.size())
        return;
    m_notes.insert(seq, note);
    const int row = static_cast<int>(seq);
    Q_EMIT dataChanged(index(row, 0), index(row, Count - 1), {Qt::ToolTipRole});
}

int JournalModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int JournalModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant JournalModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const sks::JournalEntry& e = m_entries[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(e, column);
    case SortRole:
        return sortData(e, column);
    case SeqRole:
        return QVariant::fromValue(static_cast<qulonglong>(e.seq));
    case FailedRole:
        return e.failed();
    case Qt::FontRole:
        return fontData(e, column);
    case Qt::BackgroundRole:
        // Translucent red reads on light and dark bases alike; the ✗ in Result carries the
        // same meaning for anyone who cannot tell the colour apart.
        return e.failed() ? QVariant(QColor(220, 40, 40, 70)) : QVariant();
    case Qt::TextAlignmentRole:
        if (column == Time || column == Fd || column == Result)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (e.failed())
            return explanation(index.row());
        if (e.pending)
            return tr("Still waiting in %1(): a blocking program would be stuck here.")
                .arg(QString::fromStdString(e.call));
        if (e.waitedNs > 0)
            return tr("Waited %1 s in this call.").arg(double(e.waitedNs) / 1e9, 0, 'f', 3);
        return {};
    default:
        return {};
    }
}

QVariant JournalModel::displayData(const sks::JournalEntry& e, int column) const
{
    switch (column) {
    case Time:
        return tr("%1 s").arg(double(e.timeNs) / 1e9, 0, 'f', 3);
    case Socket:
        return e.socket == 0 ? QString() : QStringLiteral("#%1").arg(e.socket);
    case Fd:
        return e.fd >= 0 ? QVariant(e.fd) : QVariant(QStringLiteral("–"));
    case Call:
        return e.pending ? QString::fromStdString(e.text) + tr(" …waiting")
                         : QString::fromStdString(e.text);
    case Result:
        if (e.pending)
            return QStringLiteral("…");
        if (e.failed())
            return QStringLiteral("✗ %1").arg(e.result);
        return QString::number(e.result);
    case Errno:
        return QString::fromStdString(sks::errnoName(e.error));
    default:
        return {};
    }
}

QVariant JournalModel::sortData(const sks::JournalEntry& e, int column) const
{
    switch (column) {
    case Time:
        return QVariant::fromValue(static_cast<qlonglong>(e.timeNs));
    case Socket:
        return QVariant::fromValue(e.socket);
    case Fd:
        return e.fd;
    case Result:
        return QVariant::fromValue(static_cast<qlonglong>(e.result));
    case Errno:
        return e.error;
    default:
        return displayData(e, column);
    }
}

QVariant JournalModel::fontData(const sks::JournalEntry& e, int column) const
{
    if (column != Call && !e.pending)
        return {};
    QFont font = column == Call ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : QFont();
    font.setItalic(e.pending);
    return font;
}

QVariant JournalModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= Count)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Time: return tr("Seconds since Sockscope started.");
        case Socket: return tr("The socket's stable id (see the Sockets panel).");
        case Fd: return tr("The descriptor the call was made on.");
        case Call: return tr("The system call as a C program would write it, with its result.");
        case Result: return tr("The return value: -1 means the call failed and errno says why.");
        case Errno: return tr("The error code the kernel set when the call failed.");
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    static const char* const titles[Count] = {
        QT_TR_NOOP("Time"), QT_TR_NOOP("Socket"), QT_TR_NOOP("fd"),
        QT_TR_NOOP("Call"), QT_TR_NOOP("Result"), QT_TR_NOOP("errno"),
    };
    return tr(titles[section]);
}

QHash<int, QByteArray> JournalModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(SeqRole, "seq");
    names.insert(FailedRole, "failed");
    return names;
}
