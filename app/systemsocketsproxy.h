#pragma once

#include "core/engine/socketstate.h"

#include <QHash>
#include <QSortFilterProxyModel>
#include <QStringList>

class SystemSocketsModel;

// The system sockets as the panel shows them: sorted on SystemSocketsModel::SortRole,
// filtered by typed words and kind toggles, and dressed for reading:
// - a row that appeared, changed state or vanished carries a marker in its first column
//   (+, ~, ×) and a font (bold, italic, struck out) besides the model's background colour,
//   so the highlight does not rely on colour alone;
// - the app's own sockets are marked ★ and name the socket id they have in the app's
//   panels ("socket #3"), matched by inode (see setAppSockets()).
// Column headers and cells carry tooltips that say what the kernel means by each value.
class SystemSocketsProxy final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SystemSocketsProxy)

public:
    enum Kind : unsigned {
        Tcp = 1u << 0,
        Udp = 1u << 1,
        Unix = 1u << 2,
    };
    // SocketIdRole: the app's socket id (sks::SocketId) for the app's own sockets, else 0.
    static constexpr int SocketIdRole = Qt::UserRole + 100;

    explicit SystemSocketsProxy(SystemSocketsModel& model, QObject* parent = nullptr);
    ~SystemSocketsProxy() override;

    // Words the row must all contain, case-insensitively, in its netid, family, state,
    // addresses (with ports) or process ("8080 LISTEN", "nginx", "u_str", "IPv6").
    void setFilterWords(const QString& text);
    // Kinds shown (a mask of Kind); 0 shows every kind.
    void setKinds(unsigned kinds);
    // Only sockets that wait for peers: LISTEN, and bound datagram sockets (UNCONN).
    void setListeningOnly(bool on);
    // Only the sockets of this process.
    void setOwnOnly(bool on);

    // The app's open sockets by inode, to name them in the Process column.
    void setAppSockets(QHash<quint64, sks::SocketId> byInode);
    sks::SocketId appSocketAt(const QModelIndex& proxyIndex) const;

    // What a state name means ("LISTEN: a server socket waiting..."); the name itself
    // for states it does not know.
    static QString stateExplanation(const QString& state);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    // Addresses compare as family, address bytes, port without building sort strings:
    // sorting 10,000 rows by address would otherwise build hundreds of thousands of them.
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QVariant displayData(const QModelIndex& index) const;
    QVariant fontData(const QModelIndex& index) const;
    QString toolTipData(const QModelIndex& index) const;
    sks::SocketId appSocketOfSourceRow(int sourceRow) const;

    SystemSocketsModel& m_model;
    QStringList m_words;
    unsigned m_kinds = 0;
    bool m_listeningOnly = false;
    bool m_ownOnly = false;
    QHash<quint64, sks::SocketId> m_appSockets;
};
