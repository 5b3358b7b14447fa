#pragma once

#include "core/engine/events.h"

#include <QAbstractTableModel>
#include <QByteArray>

#include <deque>
#include <vector>

// What each recv(), recvfrom() and recvmsg() the user made returned: one row per call,
// oldest first, so every datagram is its own row and a truncated one says how long it
// really was. Only the newest maxRows rows are kept, each with the first bytes of its
// payload for a preview (the full bytes live in the engine's ReceiveLog).
class ReceivedModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceivedModel)

public:
    enum Column { Time, Socket, Call, From, Length, Preview, Count };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw numbers (ns, id, bytes) or text
        SocketIdRole,                // sks::SocketId, on every column
        TruncatedRole,               // bool: the datagram was longer than the buffer
    };

    static constexpr int DefaultMaxRows = 10'000;
    static constexpr qsizetype PreviewBytes = 256; // kept per row

    struct Message {
        std::int64_t timeNs = 0;
        sks::SocketId socket = 0;
        QString call;       // "recvfrom"
        QString from;       // the sender, for datagrams; empty for a stream
        std::size_t length = 0;     // bytes the call returned
        std::size_t fullLength = 0; // the datagram's real length (> length: truncated)
        QByteArray head;            // the first PreviewBytes bytes
    };
    // A row for `received`, made by the call journaled as `call` at `timeNs`.
    static Message fromReceived(const sks::Received& received, std::int64_t timeNs, const QString& call);
    // "hello\n" for display: printable ASCII as is, C escapes and \xNN for the rest.
    static QString escaped(const QByteArray& bytes);

    explicit ReceivedModel(QObject* parent = nullptr, int maxRows = DefaultMaxRows);
    ~ReceivedModel() override;

    // Appends in one insert; drops the oldest rows (one remove) beyond maxRows().
    void append(std::vector<Message> messages);
    void clear();
    int maxRows() const noexcept { return m_maxRows; }
    // Precondition: 0 <= row < rowCount().
    const Message& message(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    QVariant displayData(const Message& m, int column) const;
    QVariant sortData(const Message& m, int column) const;
    QVariant toolTipData(const Message& m, int column) const;

    std::deque<Message> m_rows;
    int m_maxRows;
};
