#include "app/socketpicker.h"

#include "app/socketsmodel.h"

SocketPicker::SocketPicker(const SocketsModel& model, Filter filter, QString noneText, QWidget* parent)
    : QComboBox(parent)
    , m_model(model)
    , m_filter(std::move(filter))
    , m_noneText(std::move(noneText))
{
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(28);
    setCurrentSocket(0);
}

SocketPicker::~SocketPicker() = default;

QString SocketPicker::describe(const sks::SocketInfo& info)
{
    QString text = QStringLiteral("#%1 %2 · %3").arg(info.id).arg(QString::fromStdString(info.kindText()),
                                                                  QString::fromStdString(info.stateText()));
    if (!info.peer.isEmpty())
        text += QStringLiteral(" · %1 → %2").arg(QString::fromStdString(info.local.toString()),
                                                 QString::fromStdString(info.peer.toString()));
    return text;
}

sks::SocketId SocketPicker::currentSocket() const
{
    return currentData().value<sks::SocketId>();
}

void SocketPicker::setCurrentSocket(sks::SocketId id)
{
    const QSignalBlocker block(this);
    clear();
    addItem(m_noneText, QVariant::fromValue(sks::SocketId(0)));
    if (const sks::SocketInfo* info = id ? m_model.info(id) : nullptr) {
        addItem(describe(*info), QVariant::fromValue(id));
        setCurrentIndex(1);
    }
}

void SocketPicker::showPopup()
{
    const sks::SocketId current = currentSocket();
    {
        const QSignalBlocker block(this);
        clear();
        addItem(m_noneText, QVariant::fromValue(sks::SocketId(0)));
        for (const sks::SocketInfo* info : m_model.allSockets()) {
            if (count() > kMaxItems)
                break;
            if (info->id == current || m_filter(*info))
                addItem(describe(*info), QVariant::fromValue(info->id));
        }
        setCurrentIndex(std::max(0, findData(QVariant::fromValue(current))));
    }
    QComboBox::showPopup();
}
