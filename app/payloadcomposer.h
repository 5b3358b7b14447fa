#pragma once

#include "core/engine/socketstate.h"

#include <QFutureWatcher>
#include <QWidget>

#include <expected>
#include <string>

class EngineBridge;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;

// What the payload console sends: text with C escapes, hex (spaces optional) or a file's
// bytes, once or repeated at an interval, as cmd::Send — or cmd::SendTo when a datagram
// socket is given an address. Input is checked here as it is typed; a bad escape or bad
// hex shows what is wrong and where, and nothing is sent.
class PayloadComposer final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PayloadComposer)

public:
    // Files larger than this are refused (the traffic generator streams any amount).
    static constexpr qint64 kMaxFileBytes = 16 << 20;

    explicit PayloadComposer(EngineBridge& bridge, QWidget* parent = nullptr);
    ~PayloadComposer() override;

    bool isRepeating() const;
    // The last problem shown (empty when the input is fine).
    QString errorText() const;

public Q_SLOTS:
    void setSocket(sks::SocketId id);
    // Sends what the composer holds once. False, with the reason shown, when it cannot.
    bool sendOnce();
    // Sends now and then every interval until stopRepeating() (or a send fails).
    void startRepeating();
    void stopRepeating();
    // Loads a file's bytes off the GUI thread (the file button asks for the path).
    void loadFile(const QString& path);

private:
    using FileRead = std::expected<std::string, QString>;

    QWidget* buildInputRow();
    QWidget* buildSendRow();
    std::expected<std::string, QString> currentBytes() const;
    void onFormatChanged();
    void onInputChanged();
    void chooseFile();
    void onFileRead();
    void showError(const QString& message);
    void showPreview(const QString& message);
    void updateEnabled();

    EngineBridge& m_bridge;
    sks::SocketId m_socket = 0;
    QComboBox* m_format = nullptr;
    QLineEdit* m_edit = nullptr;
    QPushButton* m_fileButton = nullptr;
    QLabel* m_toLabel = nullptr;
    QLineEdit* m_toEdit = nullptr;
    QPushButton* m_sendButton = nullptr;
    QCheckBox* m_repeatCheck = nullptr;
    QSpinBox* m_intervalSpin = nullptr;
    QPushButton* m_stopButton = nullptr;
    QLabel* m_preview = nullptr;
    QLabel* m_error = nullptr;
    QTimer* m_repeatTimer = nullptr;
    QFutureWatcher<FileRead>* m_fileWatcher = nullptr;
    QString m_filePath;
    std::string m_fileBytes;
    bool m_fileLoaded = false;
};
