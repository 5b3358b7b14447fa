#pragma once

#include "core/engine/commands.h"

#include <QElapsedTimer>
#include <QWidget>

class EngineBridge;
class QButtonGroup;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTimer;
class SocketPicker;

// The traffic generator: streams a byte pattern (byte k of the stream is k % 251) from one
// of the app's connected sockets, at full speed or a set rate, for a set size or time, to
// watch byte flow and the kernel's queues fill. The receiving end, when it is one of the
// app's sockets, gets auto-receive switched on so the bytes keep flowing. Progress comes
// from the exact counters, not from the generator's own claims.
class GeneratorPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GeneratorPanel)

public:
    enum class Limit { Size, Time, None };

    explicit GeneratorPanel(EngineBridge& bridge, QWidget* parent = nullptr);
    ~GeneratorPanel() override;

    sks::SocketId source() const;
    sks::SocketId receiver() const;
    bool isRunning() const noexcept { return m_running; }
    // Bytes the source sent and the receiver received since the last start (counters).
    std::uint64_t sentSinceStart() const;
    std::uint64_t receivedSinceStart() const;
    // The run's journal line once it ended ("send(...) = 1048576 (... bytes in 0.01 s ...)").
    QString resultText() const;

    // Settings, as the widgets hold them (tests and lessons set them here).
    void setLimit(Limit limit, std::uint64_t bytes = 0, double seconds = 0);
    void setRate(std::uint64_t bytesPerSecond); // 0: full speed

public Q_SLOTS:
    // The socket selected in the tree: becomes the source when it can send and no run is
    // going; its peer inside the app becomes the receiver.
    void suggestSource(sks::SocketId id);
    void setSource(sks::SocketId id);
    void setReceiver(sks::SocketId id);
    void start();
    void stop();

Q_SIGNALS:
    void runFinished();

private:
    QWidget* buildPickers();
    QWidget* buildSpeed();
    QWidget* buildLimit();
    QWidget* buildControls();
    sks::cmd::Generate settings() const;
    sks::SocketId peerInApp(sks::SocketId id) const;
    void onBatch();
    void updateProgress();
    void updateEnabled();
    void showError(const QString& message);

    EngineBridge& m_bridge;
    SocketPicker* m_sourcePicker = nullptr;
    SocketPicker* m_receiverPicker = nullptr;
    QButtonGroup* m_speedGroup = nullptr;
    QDoubleSpinBox* m_rateSpin = nullptr;
    QComboBox* m_rateUnit = nullptr;
    QButtonGroup* m_limitGroup = nullptr;
    QSpinBox* m_sizeSpin = nullptr;
    QComboBox* m_sizeUnit = nullptr;
    QDoubleSpinBox* m_secondsSpin = nullptr;
    QPushButton* m_startButton = nullptr;
    QPushButton* m_stopButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_progressLabel = nullptr;
    QLabel* m_result = nullptr;
    QTimer* m_progressTimer = nullptr;

    bool m_running = false;
    sks::Ticket m_ticket = 0;
    int m_journalRow = -1;  // the run's journal line, once seen
    int m_journalScan = 0;  // where to look for it next
    sks::SocketId m_runSource = 0;
    sks::SocketId m_runReceiver = 0;
    sks::cmd::Generate m_runSettings;
    std::uint64_t m_startOut = 0;
    std::uint64_t m_startIn = 0;
    QElapsedTimer m_clock;
    QString m_resultText;
};
