#pragma once

#include "core/engine/socketstate.h"

#include <QWidget>

#include <array>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

class EngineBridge;
class QCheckBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSpinBox;

// The socket options of the selected socket, one row per option: its name, an editor
// (a checkbox for flags, a spin box for sizes and seconds, on/off + seconds for
// SO_LINGER) and the value the kernel reports. Each edit posts cmd::SetOption, which the
// engine journals as setsockopt() followed by getsockopt(); when the kernel applied
// something else (SO_RCVBUF doubled, a refused value kept) a note says so. Read-only
// options are shown read-only; options that do not apply to the socket are greyed with
// the reason in their tooltip.
class OptionsPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OptionsPanel)

public:
    explicit OptionsPanel(EngineBridge& bridge, QWidget* parent = nullptr);
    ~OptionsPanel() override;

    sks::SocketId socket() const noexcept { return m_socket; }

public Q_SLOTS:
    // The socket whose options are shown; 0 for none.
    void setSocket(sks::SocketId id);
    // Re-reads the socket's options from the sockets model.
    void refresh();

private:
    static constexpr std::size_t OptionCount = std::tuple_size_v<decltype(sks::OptionValues::values)>;
    struct Row {
        sks::SockOption option{};
        QLabel* name = nullptr;
        QCheckBox* flag = nullptr;      // flags, and SO_LINGER's l_onoff
        QSpinBox* number = nullptr;     // sizes, seconds, and SO_LINGER's l_linger
        QPushButton* read = nullptr;    // SO_ERROR
        QLabel* value = nullptr;
        QLabel* note = nullptr;
    };
    // What the user asked for (value, value2), per socket and option.
    using Requests = std::array<std::optional<std::pair<int, int>>, OptionCount>;

    QWidget* buildGrid();
    void addRow(QGridLayout* grid, int gridRow, sks::SockOption option);
    QWidget* buildEditor(Row& row, QWidget* parent);
    void request(sks::SockOption option, int value, int value2 = 0);
    void updateRow(Row& row, const sks::SocketInfo* info);
    void loadEditor(Row& row, const sks::SocketInfo& info);
    std::optional<std::pair<int, int>> requested(sks::SockOption option) const;

    EngineBridge& m_bridge;
    sks::SocketId m_socket = 0;
    QLabel* m_title = nullptr;
    std::vector<Row> m_rows;
    std::unordered_map<sks::SocketId, Requests> m_requests;
};
