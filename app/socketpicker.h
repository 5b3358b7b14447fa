#pragma once

#include "core/engine/socketstate.h"

#include <QComboBox>

#include <functional>

class SocketsModel;

// A combo box of the app's sockets that fit a purpose (those that can send, say). It holds
// just the current socket until its list is opened, and fills the list then: with 20,000
// sockets in the tree, no per-batch rebuilding.
class SocketPicker final : public QComboBox {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketPicker)

public:
    using Filter = std::function<bool(const sks::SocketInfo&)>;
    static constexpr int kMaxItems = 500;

    SocketPicker(const SocketsModel& model, Filter filter, QString noneText, QWidget* parent = nullptr);
    ~SocketPicker() override;

    // 0: none.
    sks::SocketId currentSocket() const;
    void setCurrentSocket(sks::SocketId id);
    // "#3 TCP/IPv4 · connected · 127.0.0.1:41234 → 127.0.0.1:5000"
    static QString describe(const sks::SocketInfo& info);

    void showPopup() override;

private:
    const SocketsModel& m_model;
    Filter m_filter;
    QString m_noneText;
};
