#pragma once

#include "app/receivedmodel.h"
#include "core/engine/socketstate.h"

#include <QWidget>

#include <vector>

class EngineBridge;
class QCheckBox;
class QSortFilterProxyModel;
class QTableView;

// What the user's recv(), recvfrom() and recvmsg() calls returned, one row per call:
// time, socket, sender, length (truncated datagrams marked) and a text preview. Follows
// new rows while scrolled to the bottom; can be narrowed to the selected socket.
class ReceivedPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReceivedPanel)

public:
    explicit ReceivedPanel(EngineBridge& bridge, QWidget* parent = nullptr);
    ~ReceivedPanel() override;

    ReceivedModel* model() const noexcept { return m_model; }
    QTableView* view() const noexcept { return m_view; }

public Q_SLOTS:
    // The selected socket, for "only the selected socket".
    void setSocket(sks::SocketId id);

private:
    void collect(const sks::Received& received);
    void flush();
    void updateFilter();

    EngineBridge& m_bridge;
    ReceivedModel* m_model = nullptr;
    QSortFilterProxyModel* m_filter = nullptr;
    QTableView* m_view = nullptr;
    QCheckBox* m_filterCheck = nullptr;
    std::vector<ReceivedModel::Message> m_pending; // this batch's rows, inserted together
    sks::SocketId m_socket = 0;
};
