#include "app/socketchangefeed.h"

#include "app/socketsmodel.h"

SocketChangeFeed::SocketChangeFeed(const SocketsModel& model, QObject* parent)
    : QObject(parent)
    , m_model(model)
{
    connect(&model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex& parentIndex, int first, int last) {
                Q_EMIT socketsAdded(idsIn(parentIndex, first, last));
            });
    connect(&model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex& topLeft, const QModelIndex& bottomRight) {
                Q_EMIT socketsUpdated(idsIn(topLeft.parent(), topLeft.row(), bottomRight.row()));
            });
}

SocketChangeFeed::~SocketChangeFeed() = default;

std::vector<sks::SocketId> SocketChangeFeed::idsIn(const QModelIndex& parent, int first,
                                                   int last) const
{
    std::vector<sks::SocketId> ids;
    ids.reserve(static_cast<std::size_t>(last - first + 1));
    for (int row = first; row <= last; ++row)
        ids.push_back(m_model.index(row, 0, parent).data(SocketsModel::SocketIdRole).value<sks::SocketId>());
    return ids;
}
