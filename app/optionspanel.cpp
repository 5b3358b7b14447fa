#include "app/optionspanel.h"

#include "app/byteunits.h"
#include "app/enginebridge.h"
#include "app/optionhelp.h"
#include "app/socketsmodel.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {

QString optionName(sks::SockOption option)
{
    const std::string_view name = sks::sockOptionInfo(option).name;
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

std::size_t slot(sks::SockOption option)
{
    return static_cast<std::size_t>(option);
}

} // namespace

OptionsPanel::OptionsPanel(EngineBridge& bridge, QWidget* parent)
    : QWidget(parent)
    , m_bridge(bridge)
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("optionsTitle"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(buildGrid());
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(scroll, 1);

    connect(&m_bridge, &EngineBridge::batchApplied, this, &OptionsPanel::refresh);
    refresh();
}

OptionsPanel::~OptionsPanel() = default;

QWidget* OptionsPanel::buildGrid()
{
    auto* content = new QWidget(this);
    auto* grid = new QGridLayout(content);
    grid->setColumnStretch(2, 1);
    grid->setVerticalSpacing(2);
    const QString headers[] = {tr("Option"), tr("Set"), tr("Kernel value")};
    for (int column = 0; column < 3; ++column) {
        auto* header = new QLabel(headers[column], content);
        QFont font = header->font();
        font.setBold(true);
        header->setFont(font);
        grid->addWidget(header, 0, column);
    }
    m_rows.reserve(OptionCount);
    int gridRow = 1;
    for (const sks::SockOptionInfo& info : sks::sockOptions()) {
        addRow(grid, gridRow, info.option);
        gridRow += 2; // the option, then its note
    }
    grid->setRowStretch(gridRow, 1);
    return content;
}

void OptionsPanel::addRow(QGridLayout* grid, int gridRow, sks::SockOption option)
{
    QWidget* parent = grid->parentWidget();
    Row& row = m_rows.emplace_back();
    row.option = option;
    const QString name = optionName(option);
    row.name = new QLabel(name, parent);
    row.name->setObjectName(QStringLiteral("optionName_") + name);
    row.name->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    grid->addWidget(row.name, gridRow, 0);
    grid->addWidget(buildEditor(row, parent), gridRow, 1);
    row.value = new QLabel(parent);
    row.value->setObjectName(QStringLiteral("optionValue_") + name);
    row.value->setTextFormat(Qt::PlainText);
    row.value->setWordWrap(true);
    grid->addWidget(row.value, gridRow, 2);
    row.note = new QLabel(parent);
    row.note->setObjectName(QStringLiteral("optionNote_") + name);
    row.note->setTextFormat(Qt::PlainText);
    row.note->setWordWrap(true);
    QFont noteFont = row.note->font();
    noteFont.setItalic(true);
    row.note->setFont(noteFont);
    row.note->hide();
    grid->addWidget(row.note, gridRow + 1, 1, 1, 2);
}

QWidget* OptionsPanel::buildEditor(Row& row, QWidget* parent)
{
    const sks::SockOption option = row.option;
    const QString name = optionName(option);
    const optionhelp::Editor editor = optionhelp::editorOf(option);
    if (editor == optionhelp::Editor::ReadOnly) {
        if (option != sks::SockOption::Error)
            return new QLabel(tr("read-only"), parent);
        row.read = new QPushButton(tr("read"), parent);
        row.read->setObjectName(QStringLiteral("readSoErrorButton"));
        row.read->setToolTip(tr("getsockopt(SO_ERROR): reads the pending error and clears it."));
        connect(row.read, &QPushButton::clicked, this, [this] {
            if (m_socket != 0)
                m_bridge.post(sks::cmd::GetOption{m_socket, sks::SockOption::Error});
        });
        return row.read;
    }
    if (editor == optionhelp::Editor::Flag || editor == optionhelp::Editor::Linger) {
        row.flag = new QCheckBox(editor == optionhelp::Editor::Linger ? tr("on") : QString(), parent);
        row.flag->setObjectName(QStringLiteral("optionEdit_") + name);
    }
    if (editor == optionhelp::Editor::Number || editor == optionhelp::Editor::Linger) {
        const optionhelp::Range range = optionhelp::rangeOf(option);
        row.number = new QSpinBox(parent);
        row.number->setObjectName((editor == optionhelp::Editor::Linger ? QStringLiteral("optionSeconds_")
                                                                        : QStringLiteral("optionEdit_")) + name);
        row.number->setRange(range.minimum, range.maximum);
        if (range.countsBytes)
            byteunits::useByteSuffix(*row.number);
        else
            row.number->setSuffix(range.suffix);
        // Posting on every keystroke would set 4, 40, 409, 4096: commit on Enter, focus
        // out or an arrow step only.
        row.number->setKeyboardTracking(false);
        // Wide enough for a buffer size, not for INT_MAX: the kernel's column needs room.
        row.number->setMaximumWidth(row.number->fontMetrics().horizontalAdvance(QStringLiteral("000000000 bytes")) + 32);
    }
    if (editor == optionhelp::Editor::Flag) {
        connect(row.flag, &QCheckBox::clicked, this, [this, option](bool on) { request(option, on ? 1 : 0); });
        return row.flag;
    }
    if (editor == optionhelp::Editor::Number) {
        connect(row.number, &QSpinBox::valueChanged, this, [this, option](int value) { request(option, value); });
        return row.number;
    }
    const auto postLinger = [this, flag = row.flag, seconds = row.number] {
        request(sks::SockOption::Linger, flag->isChecked() ? 1 : 0, seconds->value());
    };
    connect(row.flag, &QCheckBox::clicked, this, postLinger);
    connect(row.number, &QSpinBox::valueChanged, this, postLinger);
    auto* both = new QWidget(parent);
    auto* layout = new QHBoxLayout(both);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(row.flag);
    layout->addWidget(row.number, 1);
    return both;
}

void OptionsPanel::request(sks::SockOption option, int value, int value2)
{
    if (m_socket == 0)
        return;
    m_requests[m_socket][slot(option)] = std::pair(value, value2);
    m_bridge.post(sks::cmd::SetOption{m_socket, option, value, value2});
}

std::optional<std::pair<int, int>> OptionsPanel::requested(sks::SockOption option) const
{
    const auto it = m_requests.find(m_socket);
    return it == m_requests.end() ? std::nullopt : it->second[slot(option)];
}

void OptionsPanel::setSocket(sks::SocketId id)
{
    if (id == m_socket)
        return;
    m_socket = id;
    if (id != 0)
        m_bridge.post(sks::cmd::WatchOptions{id}); // the engine reads options only for watched sockets
    refresh();
}

void OptionsPanel::refresh()
{
    const sks::SocketInfo* info = m_bridge.sockets()->info(m_socket);
    if (!info)
        m_title->setText(m_socket == 0 ? tr("No socket selected.") : tr("Socket #%1 · being created…").arg(m_socket));
    else if (info->state == sks::SocketState::Closed)
        m_title->setText(tr("Socket #%1 is closed: it has no options any more.").arg(m_socket));
    else if (!info->optionsKnown())
        m_title->setText(tr("Socket #%1 · reading its options…").arg(m_socket));
    else
        m_title->setText(tr("Socket #%1 · %2 · setsockopt() / getsockopt()")
                             .arg(m_socket)
                             .arg(QString::fromStdString(info->kindText())));
    for (Row& row : m_rows)
        updateRow(row, info);
}

void OptionsPanel::updateRow(Row& row, const sks::SocketInfo* info)
{
    const bool open = info && info->state != sks::SocketState::Closed && info->optionsKnown();
    const int kernel = open ? info->option(row.option) : -1;
    const bool applies = open && kernel >= 0;
    QString tip = optionhelp::toolTip(row.option);
    if (open && !applies)
        tip = optionhelp::notApplicable(row.option, *info) + QStringLiteral("\n\n") + tip;
    for (QWidget* widget : {static_cast<QWidget*>(row.name), static_cast<QWidget*>(row.flag),
                            static_cast<QWidget*>(row.number), static_cast<QWidget*>(row.read),
                            static_cast<QWidget*>(row.value)}) {
        if (!widget)
            continue;
        widget->setEnabled(applies);
        widget->setToolTip(tip);
    }
    row.value->setText(open ? optionhelp::valueText(row.option, *info) : QStringLiteral("–"));
    if (applies)
        loadEditor(row, *info);
    const auto asked = applies ? requested(row.option) : std::nullopt;
    const QString note = asked ? optionhelp::differenceNote(row.option, asked->first, kernel) : QString();
    row.note->setText(note);
    row.note->setVisible(!note.isEmpty());
}

// The editor shows what the user asked for, or the kernel's value until they ask.
void OptionsPanel::loadEditor(Row& row, const sks::SocketInfo& info)
{
    const auto asked = requested(row.option);
    const int value = asked ? asked->first : info.option(row.option);
    if (row.flag && !row.flag->hasFocus()) {
        const QSignalBlocker blocker(row.flag);
        row.flag->setChecked(value != 0);
    }
    if (row.number && !row.number->hasFocus()) {
        const int number = row.option == sks::SockOption::Linger ? (asked ? asked->second : info.lingerSeconds()) : value;
        const QSignalBlocker blocker(row.number);
        row.number->setValue(number);
        if (optionhelp::rangeOf(row.option).countsBytes)
            byteunits::updateByteSuffix(*row.number); // valueChanged was blocked
    }
}
