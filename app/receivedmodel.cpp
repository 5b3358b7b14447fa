#include "app/receivedmodel.h"

#include <QColor>
#include <QFontDatabase>

#include <algorithm>
#include <iterator>

namespace {

bool isTruncated(const ReceivedModel::Message& m)
{
    return m.fullLength > m.length;
}

} // namespace

ReceivedModel::ReceivedModel(QObject* parent, int maxRows)
    : QAbstractTableModel(parent)
    , m_maxRows(std::max(1, maxRows))
{
}

ReceivedModel::~ReceivedModel() = default;

ReceivedModel::Message ReceivedModel::fromReceived(const sks::Received& r, std::int64_t timeNs,
                                                   const QString& call)
{
    Message m;
    m.timeNs = timeNs;
    m.socket = r.socket;
    m.call = call;
    m.from = QString::fromStdString(r.from.toString());
    m.length = r.bytes.size();
    m.fullLength = std::max(r.fullLength, r.bytes.size());
    const auto kept = std::min<std::size_t>(r.bytes.size(), PreviewBytes);
    m.head = QByteArray(r.bytes.data(), static_cast<qsizetype>(kept));
    return m;
}

QString ReceivedModel::escaped(const QByteArray& bytes)
{
    QString text;
    text.reserve(bytes.size());
    for (const char c : bytes) {
        switch (c) {
        case '\n': text += QStringLiteral("\\n"); break;
        case '\r': text += QStringLiteral("\\r"); break;
        case '\t': text += QStringLiteral("\\t"); break;
        case '\\': text += QStringLiteral("\\\\"); break;
        case '\0': text += QStringLiteral("\\0"); break;
        default:
            if (c >= 0x20 && c < 0x7f)
                text += QLatin1Char(c);
            else
                text += QStringLiteral("\\x%1").arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0'));
        }
    }
    return text;
}

void ReceivedModel::append(std::vector<Message> messages)
{
    if (messages.empty())
        return;
    const auto max = static_cast<std::size_t>(m_maxRows);
    if (messages.size() > max) // only the newest can stay anyway
        messages.erase(messages.begin(), messages.end() - static_cast<std::ptrdiff_t>(max));
    const std::size_t overflow = m_rows.size() + messages.size() > max ? m_rows.size() + messages.size() - max : 0;
    if (overflow > 0) {
        beginRemoveRows({}, 0, static_cast<int>(overflow) - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + static_cast<std::ptrdiff_t>(overflow));
        endRemoveRows();
    }
    const int first = static_cast<int>(m_rows.size());
    beginInsertRows({}, first, first + static_cast<int>(messages.size()) - 1);
    std::ranges::move(messages, std::back_inserter(m_rows));
    endInsertRows();
}

void ReceivedModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

const ReceivedModel::Message& ReceivedModel::message(int row) const
{
    Q_ASSERT(row >= 0 && row < rowCount());
    return m_rows[static_cast<std::size_t>(row)];
}

int ReceivedModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReceivedModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant ReceivedModel::data(const QModelIndex& index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid));
    const Message& m = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(m, column);
    case SortRole:
        return sortData(m, column);
    case SocketIdRole:
        return QVariant::fromValue(m.socket);
    case TruncatedRole:
        return isTruncated(m);
    case Qt::ToolTipRole:
        return toolTipData(m, column);
    case Qt::FontRole:
        return column == Preview ? QVariant(QFontDatabase::systemFont(QFontDatabase::FixedFont)) : QVariant();
    case Qt::BackgroundRole:
        // Amber, translucent: readable on light and dark bases; the text says it too.
        return isTruncated(m) && column == Length ? QVariant(QColor(230, 160, 0, 80)) : QVariant();
    case Qt::TextAlignmentRole:
        return column == Time || column == Length ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                                  : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant ReceivedModel::displayData(const Message& m, int column) const
{
    switch (column) {
    case Time:
        return tr("%1 s").arg(double(m.timeNs) / 1e9, 0, 'f', 3);
    case Socket:
        return QStringLiteral("#%1").arg(m.socket);
    case Call:
        return m.call;
    case From:
        return m.from;
    case Length:
        if (isTruncated(m))
            return tr("truncated: %1 of %2 bytes").arg(m.length).arg(m.fullLength);
        return QString::number(m.length);
    case Preview: {
        QString text = escaped(m.head);
        if (m.length > static_cast<std::size_t>(m.head.size()))
            text += QStringLiteral("…");
        return text;
    }
    default:
        return {};
    }
}

QVariant ReceivedModel::sortData(const Message& m, int column) const
{
    switch (column) {
    case Time:
        return QVariant::fromValue(static_cast<qlonglong>(m.timeNs));
    case Socket:
        return QVariant::fromValue(m.socket);
    case Length:
        return QVariant::fromValue(static_cast<qulonglong>(m.length));
    default:
        return displayData(m, column);
    }
}

QVariant ReceivedModel::toolTipData(const Message& m, int column) const
{
    if (column == Length && isTruncated(m))
        return tr("The datagram had %1 bytes but the buffer took only %2: the other %3 are "
                  "gone (MSG_TRUNC). A datagram is read whole in one call or not at all — pass "
                  "a bigger size to keep it.")
            .arg(m.fullLength)
            .arg(m.length)
            .arg(m.fullLength - m.length);
    if (column == From && !m.from.isEmpty())
        return tr("The sender's address, as recvfrom() reported it. Each datagram names its "
                  "own sender: one socket can hear from many peers.");
    if (column == From)
        return tr("recv() on a connected socket does not say who sent: it can only be the peer.");
    if (column == Preview && m.length > static_cast<std::size_t>(m.head.size()))
        return tr("The first %1 of %2 bytes.").arg(m.head.size()).arg(m.length);
    return {};
}

QVariant ReceivedModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= Count)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Time: return tr("When the call returned, in seconds since Sockscope started.");
        case Socket: return tr("The socket that received.");
        case Call: return tr("recv(), recvfrom() or recvmsg().");
        case From: return tr("Who sent it: recvfrom() names the sender of each datagram.");
        case Length: return tr("Bytes the call returned; a datagram longer than the buffer is "
                               "marked truncated with its real length.");
        case Preview: return tr("The bytes as text; escapes (\\n, \\xNN) for the rest.");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    static const char* const titles[Count] = {
        QT_TR_NOOP("Time"), QT_TR_NOOP("Socket"), QT_TR_NOOP("Call"),
        QT_TR_NOOP("From"), QT_TR_NOOP("Length"), QT_TR_NOOP("Preview"),
    };
    return tr(titles[section]);
}

QHash<int, QByteArray> ReceivedModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(SocketIdRole, "socketId");
    names.insert(TruncatedRole, "truncated");
    return names;
}
