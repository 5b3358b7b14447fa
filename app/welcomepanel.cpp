#include "app/welcomepanel.h"

#include "app/echosandbox.h"
#include "app/enginebridge.h"
#include "app/lessonlibrary.h"
#include "app/lessonui.h"
#include "app/mainwindow.h"
#include "app/socketspanel.h"
#include "app/windowlayout.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

namespace {

const QString dismissedKey = QStringLiteral("welcome/dismissed");
constexpr int kStatusMs = 8000;

QLabel* wrappedLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

} // namespace

WelcomePanel::WelcomePanel(EngineBridge& bridge, MainWindow& window)
    : QWidget(&window)
    , m_bridge(bridge)
    , m_window(window)
{
    setObjectName(QStringLiteral("welcomePanel"));
    auto* title = wrappedLabel(tr("Welcome to Sockscope"), this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    title->setFont(titleFont);
    auto* intro = wrappedLabel(tr("Every button makes a real system call on a real socket; the journal shows "
                                  "what the kernel answered. Start with a ready-made conversation, or let a "
                                  "lesson walk you through the calls."),
                               this);

    auto* sandbox = new QPushButton(tr("&Echo server and client"), this);
    sandbox->setObjectName(QStringLiteral("welcomeSandboxButton"));
    sandbox->setAutoDefault(false);
    sandbox->setToolTip(tr("One click sets up a conversation on loopback: a TCP server bound to 127.0.0.1 "
                           "(the kernel picks the port), listening and accepting automatically, and a client "
                           "connected to it.\nThe accepted socket echoes: press send() on the client and watch "
                           "the bytes go over and come back, in the journal and the byte flow."));
    connect(sandbox, &QPushButton::clicked, this, &WelcomePanel::startSandbox);
    m_status = wrappedLabel(QString(), this);
    m_status->setObjectName(QStringLiteral("welcomeStatusLabel"));
    m_status->hide();

    m_dontShow = new QCheckBox(tr("Don't show this again"), this);
    m_dontShow->setObjectName(QStringLiteral("welcomeDontShowCheck"));
    m_dontShow->setToolTip(tr("Close the welcome for good. Help > Welcome brings it back."));
    auto* close = new QPushButton(tr("Close"), this);
    close->setObjectName(QStringLiteral("welcomeCloseButton"));
    close->setAutoDefault(false);
    close->setToolTip(tr("Hide the welcome. Unless “Don't show this again” is checked, it greets you "
                         "again at the next start."));
    connect(close, &QPushButton::clicked, this, &WelcomePanel::dismiss);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_dontShow, 1);
    bottom->addWidget(close);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addWidget(sandbox);
    layout->addWidget(m_status);
    layout->addWidget(buildLessons());
    layout->addLayout(bottom);
    layout->addStretch(1);
}

WelcomePanel::~WelcomePanel() = default;

QWidget* WelcomePanel::buildLessons()
{
    auto* box = new QGroupBox(tr("Built-in lessons"), this);
    auto* combo = new QComboBox(box);
    combo->setObjectName(QStringLiteral("welcomeLessonCombo"));
    // As narrow as the dock: long titles are elided, not a reason for a scroll bar.
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(12);
    combo->setToolTip(tr("Each lesson is a short script of real calls with a sentence on each; the Lessons "
                         "menu lists them too."));
    for (const lessonlibrary::BuiltIn& lesson : lessonlibrary::builtInLessons())
        combo->addItem(lesson.title, lesson.resource);
    auto* load = new QPushButton(tr("Load"), box);
    load->setObjectName(QStringLiteral("welcomeLessonButton"));
    load->setAutoDefault(false);
    load->setToolTip(tr("Load the chosen lesson in the Lesson panel, paused on its first line; press Play (F5) "
                        "or Step (F10)."));
    connect(load, &QPushButton::clicked, this,
            [this, combo] { openLesson(combo->currentData().toString()); });
    auto* row = new QHBoxLayout(box);
    row->addWidget(combo, 1);
    row->addWidget(load);
    return box;
}

bool WelcomePanel::wanted()
{
    return !windowlayout::openSettings()->value(dismissedKey, false).toBool();
}

void WelcomePanel::setWanted(bool wanted)
{
    windowlayout::openSettings()->setValue(dismissedKey, !wanted);
}

QDockWidget* WelcomePanel::dock() const
{
    for (QWidget* w = parentWidget(); w; w = w->parentWidget())
        if (auto* dock = qobject_cast<QDockWidget*>(w))
            return dock;
    return nullptr;
}

void WelcomePanel::applyStartVisibility(QDockWidget& dock)
{
    dock.setVisible(wanted());
}

void WelcomePanel::addHelpAction(QMenu& help)
{
    QAction* action = help.addAction(tr("&Welcome"));
    action->setObjectName(QStringLiteral("welcomeAction"));
    action->setToolTip(tr("The welcome page again: the built-in lessons and the echo sandbox."));
    action->setStatusTip(action->toolTip());
    connect(action, &QAction::triggered, this, [this] {
        if (QDockWidget* d = dock()) {
            d->show();
            d->raise();
        }
    });
}

void WelcomePanel::startSandbox()
{
    auto* sandbox = new EchoSandbox(m_bridge, this);
    connect(sandbox, &EchoSandbox::ready, this,
            [this](sks::SocketId server, sks::SocketId client, sks::SocketId accepted) {
                m_window.socketsPanel()->selectSocket(client);
                const QString text = tr("Ready: server #%1 listens, client #%2 is connected, #%3 is the "
                                        "accepted socket that echoes. Press send() on #%2.")
                                         .arg(server).arg(client).arg(accepted);
                m_status->setText(text);
                m_status->show();
                m_window.statusBar()->showMessage(text, kStatusMs);
            });
    connect(sandbox, &EchoSandbox::failed, this, [this](const QString& why) {
        m_status->setText(why);
        m_status->show();
        m_window.statusBar()->showMessage(why, kStatusMs);
    });
    sandbox->start();
}

void WelcomePanel::openLesson(const QString& resource)
{
    if (LessonUi* lessons = LessonUi::of(m_window))
        lessons->open(resource);
}

void WelcomePanel::dismiss()
{
    if (m_dontShow->isChecked())
        setWanted(false);
    if (QDockWidget* d = dock())
        d->hide();
}
