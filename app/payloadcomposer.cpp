#include "app/payloadcomposer.h"

#include "app/byteunits.h"
#include "app/enginebridge.h"
#include "app/payloadparse.h"
#include "app/socketsmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPromise>
#include <QPushButton>
#include <QSpinBox>
#include <QThreadPool>
#include <QTimer>
#include <QVBoxLayout>

#include <memory>

namespace {

enum FormatItem { TextItem, HexItem, FileItem };

// Runs on a pool thread: the GUI thread never waits for a disk.
std::expected<std::string, QString> readWholeFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(QObject::tr("Cannot open “%1”: %2").arg(path, file.errorString()));
    if (file.size() > PayloadComposer::kMaxFileBytes)
        return std::unexpected(QObject::tr("“%1” is %2; the console sends files up to %3. The traffic "
                                           "generator streams any amount.")
                                   .arg(QFileInfo(path).fileName(), byteunits::human(static_cast<std::uint64_t>(file.size())),
                                        byteunits::human(PayloadComposer::kMaxFileBytes)));
    const QByteArray data = file.read(PayloadComposer::kMaxFileBytes + 1);
    if (data.size() > PayloadComposer::kMaxFileBytes) // it grew while we read it
        return std::unexpected(QObject::tr("“%1” is larger than %2.").arg(path, byteunits::human(PayloadComposer::kMaxFileBytes)));
    return data.toStdString();
}

} // namespace

PayloadComposer::PayloadComposer(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_bridge(bridge)
    , m_repeatTimer(new QTimer(this))
    , m_fileWatcher(new QFutureWatcher<FileRead>(this))
{
    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("payloadPreviewLabel"));
    m_preview->setForegroundRole(QPalette::PlaceholderText);
    m_preview->setTextFormat(Qt::PlainText);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("payloadErrorLabel"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildInputRow());
    layout->addWidget(buildSendRow());
    layout->addWidget(m_preview);
    layout->addWidget(m_error);

    connect(m_repeatTimer, &QTimer::timeout, this, [this] {
        if (!sendOnce())
            stopRepeating();
    });
    connect(m_fileWatcher, &QFutureWatcherBase::finished, this, &PayloadComposer::onFileRead);
    connect(&m_bridge, &EngineBridge::batchApplied, this, &PayloadComposer::updateEnabled);
    onFormatChanged();
}

PayloadComposer::~PayloadComposer() = default;

QWidget* PayloadComposer::buildInputRow()
{
    auto* row = new QWidget(this);
    m_format = new QComboBox(row);
    m_format->setObjectName(QStringLiteral("payloadFormatCombo"));
    m_format->addItem(tr("Text"));
    m_format->addItem(tr("Hex"));
    m_format->addItem(tr("File"));
    m_format->setToolTip(tr("Text: what you type, as UTF-8, with the C escapes \\n \\r \\t \\0 \\\\ and "
                            "\\xNN (one byte, two hex digits).\nHex: bytes as hex digit pairs, "
                            "spaces optional — “de ad be ef” and “deadbeef” are the same four bytes.\n"
                            "File: a file's bytes, up to 16 MiB."));
    m_edit = new QLineEdit(row);
    m_edit->setObjectName(QStringLiteral("payloadEdit"));
    m_edit->setClearButtonEnabled(true);
    m_fileButton = new QPushButton(tr("Choose file…"), row);
    m_fileButton->setObjectName(QStringLiteral("payloadFileButton"));
    m_fileButton->setToolTip(tr("Pick a file whose bytes to send (up to 16 MiB). It is read in the "
                                "background, so a slow disk never freezes the window."));
    m_toLabel = new QLabel(tr("to"), row);
    m_toEdit = new QLineEdit(row);
    m_toEdit->setObjectName(QStringLiteral("payloadToEdit"));
    m_toEdit->setPlaceholderText(tr("127.0.0.1:9000"));
    m_toEdit->setToolTip(tr("A datagram socket can send each message to a different address with "
                            "sendto(). Leave empty to use send() (needs a connect()ed socket)."));

    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_format);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_fileButton);
    layout->addWidget(m_toLabel);
    layout->addWidget(m_toEdit);
    connect(m_format, &QComboBox::currentIndexChanged, this, &PayloadComposer::onFormatChanged);
    connect(m_edit, &QLineEdit::textChanged, this, &PayloadComposer::onInputChanged);
    connect(m_edit, &QLineEdit::returnPressed, this, [this] { sendOnce(); });
    connect(m_fileButton, &QPushButton::clicked, this, &PayloadComposer::chooseFile);
    return row;
}

QWidget* PayloadComposer::buildSendRow()
{
    auto* row = new QWidget(this);
    m_sendButton = new QPushButton(tr("Send"), row);
    m_sendButton->setObjectName(QStringLiteral("payloadSendButton"));
    m_sendButton->setToolTip(tr("send(fd, bytes, length, 0) on the selected socket, once — or, with "
                                "“repeat every” ticked, now and then at each interval."));
    m_repeatCheck = new QCheckBox(tr("repeat every"), row);
    m_repeatCheck->setObjectName(QStringLiteral("payloadRepeatCheck"));
    m_repeatCheck->setToolTip(tr("Send the same bytes again and again, to watch a stream build up "
                                 "on the other side (each send is a journal line)."));
    m_intervalSpin = new QSpinBox(row);
    m_intervalSpin->setObjectName(QStringLiteral("payloadIntervalSpin"));
    m_intervalSpin->setRange(10, 60'000);
    m_intervalSpin->setValue(1000);
    m_intervalSpin->setSuffix(tr(" ms"));
    m_stopButton = new QPushButton(tr("Stop"), row);
    m_stopButton->setObjectName(QStringLiteral("payloadStopButton"));
    m_stopButton->setToolTip(tr("Stop repeating."));
    m_stopButton->setEnabled(false);

    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_sendButton);
    layout->addWidget(m_repeatCheck);
    layout->addWidget(m_intervalSpin);
    layout->addWidget(m_stopButton);
    layout->addStretch(1);
    connect(m_sendButton, &QPushButton::clicked, this, [this] {
        if (m_repeatCheck->isChecked())
            startRepeating();
        else
            sendOnce();
    });
    connect(m_stopButton, &QPushButton::clicked, this, &PayloadComposer::stopRepeating);
    connect(m_intervalSpin, &QSpinBox::valueChanged, this, [this](int ms) { m_repeatTimer->setInterval(ms); });
    return row;
}

void PayloadComposer::setSocket(sks::SocketId id)
{
    if (id == m_socket)
        return;
    stopRepeating(); // a repeat belongs to the socket it started on
    m_socket = id;
    updateEnabled();
}

bool PayloadComposer::isRepeating() const
{
    return m_repeatTimer->isActive();
}

QString PayloadComposer::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

std::expected<std::string, QString> PayloadComposer::currentBytes() const
{
    switch (m_format->currentIndex()) {
    case HexItem:
        return payload::parse(payload::Format::Hex, m_edit->text());
    case FileItem:
        if (!m_fileLoaded)
            return std::unexpected(m_fileWatcher->isRunning() ? tr("The file is still being read.")
                                                              : tr("Choose a file first."));
        return m_fileBytes;
    default:
        return payload::parse(payload::Format::Text, m_edit->text());
    }
}

bool PayloadComposer::sendOnce()
{
    const sks::SocketInfo* info = m_socket ? m_bridge.sockets()->info(m_socket) : nullptr;
    if (!info || info->state == sks::SocketState::Closed) {
        showError(tr("Select an open socket to send from."));
        return false;
    }
    auto bytes = currentBytes();
    if (!bytes) {
        showError(bytes.error() + tr(" Nothing was sent."));
        return false;
    }
    const QString to = m_toEdit->isHidden() ? QString() : m_toEdit->text().trimmed();
    if (to.isEmpty()) {
        m_bridge.post(sks::cmd::Send{m_socket, std::move(*bytes)});
        return true;
    }
    const auto endpoint = sks::Endpoint::parse(to.toStdString());
    if (!endpoint) {
        showError(tr("The address: %1. Nothing was sent.").arg(QString::fromStdString(endpoint.error().toString())));
        return false;
    }
    m_bridge.post(sks::cmd::SendTo{m_socket, *endpoint, std::move(*bytes)});
    return true;
}

void PayloadComposer::startRepeating()
{
    if (!sendOnce())
        return;
    m_repeatTimer->start(m_intervalSpin->value());
    updateEnabled();
}

void PayloadComposer::stopRepeating()
{
    m_repeatTimer->stop();
    updateEnabled();
}

void PayloadComposer::onFormatChanged()
{
    const bool file = m_format->currentIndex() == FileItem;
    m_fileButton->setVisible(file);
    m_edit->setReadOnly(file);
    m_edit->setClearButtonEnabled(!file);
    m_edit->blockSignals(true);
    m_edit->setText(file ? m_filePath : QString());
    m_edit->blockSignals(false);
    m_edit->setPlaceholderText(file                                  ? tr("no file chosen")
                                   : m_format->currentIndex() == HexItem ? tr("de ad be ef")
                                                                      : tr("GET / HTTP/1.0\\r\\n\\r\\n"));
    m_edit->setToolTip(m_format->toolTip());
    onInputChanged();
}

void PayloadComposer::onInputChanged()
{
    if (m_format->currentIndex() == FileItem) {
        if (m_fileLoaded)
            showPreview(QFileInfo(m_filePath).fileName() + QStringLiteral(" — ") + payload::preview(m_fileBytes));
        else
            showPreview(m_fileWatcher->isRunning() ? tr("reading…") : QString());
        return;
    }
    if (m_edit->text().isEmpty()) {
        showPreview({});
        return;
    }
    const auto bytes = currentBytes();
    if (bytes)
        showPreview(payload::preview(*bytes));
    else
        showError(bytes.error());
}

void PayloadComposer::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Send a file's bytes"));
    if (!path.isEmpty())
        loadFile(path);
}

void PayloadComposer::loadFile(const QString& path)
{
    m_format->setCurrentIndex(FileItem);
    m_filePath = path;
    m_fileLoaded = false;
    m_fileBytes.clear();
    m_edit->setText(path);
    auto promise = std::make_shared<QPromise<FileRead>>();
    m_fileWatcher->setFuture(promise->future());
    promise->start();
    QThreadPool::globalInstance()->start([promise, path] {
        promise->addResult(readWholeFile(path));
        promise->finish();
    });
    onInputChanged();
}

void PayloadComposer::onFileRead()
{
    const QFuture<FileRead> future = m_fileWatcher->future();
    if (future.resultCount() == 0)
        return;
    FileRead read = future.result();
    if (!read) {
        m_filePath.clear();
        m_edit->clear();
        showError(read.error());
        return;
    }
    m_fileBytes = std::move(*read);
    m_fileLoaded = true;
    onInputChanged();
}

void PayloadComposer::showError(const QString& message)
{
    m_preview->clear();
    m_error->setText(message);
    m_error->show();
}

void PayloadComposer::showPreview(const QString& message)
{
    m_error->hide();
    m_error->clear();
    m_preview->setText(message);
}

void PayloadComposer::updateEnabled()
{
    const sks::SocketInfo* info = m_socket ? m_bridge.sockets()->info(m_socket) : nullptr;
    const bool open = info && info->state != sks::SocketState::Closed;
    if (!open && m_repeatTimer->isActive())
        m_repeatTimer->stop();
    const bool datagram = info && info->type == sks::SockType::Datagram;
    m_toLabel->setVisible(datagram);
    m_toEdit->setVisible(datagram);
    m_sendButton->setEnabled(open && !m_repeatTimer->isActive());
    m_stopButton->setEnabled(m_repeatTimer->isActive());
    m_repeatCheck->setEnabled(!m_repeatTimer->isActive());
    m_intervalSpin->setEnabled(true);
}
