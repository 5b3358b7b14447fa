#include "app/helpdialogs.h"

#include "app/callhelp.h"
#include "app/theme.h"

#include <QAbstractButton>
#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <set>

namespace {

QString plainActionText(QString text)
{
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    return text.replace(QStringLiteral("&&"), QStringLiteral("&")).remove(QStringLiteral("…"));
}

// Every call the man dialog offers: the app's calls plus the ones around them.
QStringList manCalls()
{
    QStringList calls{QStringLiteral("socket"), QStringLiteral("socketpair")};
    for (int i = 0; i <= static_cast<int>(sks::Call::RecvFd); ++i) {
        const auto call = static_cast<sks::Call>(i);
        if (call == sks::Call::SendFd || call == sks::Call::RecvFd)
            continue;
        calls << QString::fromUtf8(sks::callName(call).data(), static_cast<qsizetype>(sks::callName(call).size()));
    }
    calls << QStringLiteral("sendmsg") << QStringLiteral("recvmsg") << QStringLiteral("setsockopt")
          << QStringLiteral("getsockopt") << QStringLiteral("getsockname") << QStringLiteral("getpeername");
    calls.removeDuplicates();
    return calls;
}

// Drops the backspace overstrikes and escape sequences `man` may leave for bold/underline.
QString stripFormatting(QString text)
{
    static const QRegularExpression overstrike(QStringLiteral(".\\x08"));
    static const QRegularExpression sgr(QStringLiteral("\\x1b\\[[0-9;]*m"));
    return text.remove(overstrike).remove(sgr);
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QWidget& window, QWidget* parent)
    : QDialog(parent)
    , m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    m_list->setObjectName(QStringLiteral("shortcutsList"));
    m_list->setHeaderLabels({tr("Action"), tr("Shortcut")});
    m_list->setRootIsDecorated(false);
    m_list->setSortingEnabled(true);
    std::set<std::pair<QString, QString>> seen;
    const auto add = [&](const QString& name, const QKeySequence& keys) {
        const QString keyText = keys.toString(QKeySequence::NativeText);
        if (name.isEmpty() || keyText.isEmpty() || !seen.emplace(name, keyText).second)
            return;
        m_list->addTopLevelItem(new QTreeWidgetItem({name, keyText}));
    };
    for (const QAction* action : window.findChildren<QAction*>())
        for (const QKeySequence& keys : action->shortcuts())
            add(plainActionText(action->text()), keys);
    for (const QAbstractButton* button : window.findChildren<QAbstractButton*>()) {
        const QString name = button->text().isEmpty() ? button->toolTip().section(QLatin1Char('\n'), 0, 0)
                                                       : plainActionText(button->text());
        add(name, button->shortcut());
    }
    m_list->sortByColumn(0, Qt::AscendingOrder);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_list);
    layout->addWidget(buttons);
    resize(520, 480);
}

ShortcutsDialog::~ShortcutsDialog() = default;

ManPageDialog::ManPageDialog(QWidget* parent)
    : QDialog(parent)
    , m_call(new QComboBox(this))
    , m_source(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("manPageDialog"));
    setWindowTitle(tr("Man page for a call"));
    m_call->setObjectName(QStringLiteral("manCall"));
    m_call->addItems(manCalls());
    m_call->setToolTip(tr("The system call whose manual page (section 2) to show."));
    m_source->setObjectName(QStringLiteral("manSource"));
    m_text->setObjectName(QStringLiteral("manText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_call, &QComboBox::currentTextChanged, this, &ManPageDialog::showCall);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_call);
    layout->addWidget(m_source);
    layout->addWidget(m_text, 1);
    layout->addWidget(buttons);
    resize(720, 600);
}

ManPageDialog::~ManPageDialog() = default;

QString ManPageDialog::text() const
{
    return m_text->toPlainText();
}

void ManPageDialog::showCall(const QString& call)
{
    const int index = m_call->findText(call);
    if (index >= 0 && index != m_call->currentIndex()) {
        m_call->setCurrentIndex(index); // comes back here through currentTextChanged
        return;
    }
    if (m_man) { // a page still on its way is no longer wanted
        m_man->disconnect(this);
        m_man->kill();
        m_man->deleteLater();
        m_man = nullptr;
    }
    const QString man = QStandardPaths::findExecutable(QStringLiteral("man"));
    if (man.isEmpty()) {
        showFallback(call);
        return;
    }
    m_text->setPlainText(tr("Loading man 2 %1…").arg(call));
    m_man = new QProcess(this);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("MANWIDTH"), QStringLiteral("80"));
    env.insert(QStringLiteral("GROFF_NO_SGR"), QStringLiteral("1"));
    env.remove(QStringLiteral("MAN_KEEP_FORMATTING"));
    m_man->setProcessEnvironment(env);
    QProcess* process = m_man;
    connect(process, &QProcess::finished, this, [this, process, call](int code, QProcess::ExitStatus status) {
        const QString page = stripFormatting(QString::fromLocal8Bit(process->readAllStandardOutput()));
        process->deleteLater();
        m_man = nullptr;
        if (status != QProcess::NormalExit || code != 0 || page.trimmed().isEmpty()) {
            showFallback(call);
            return;
        }
        m_source->setText(tr("From the manual installed on this system (man 2 %1).").arg(call));
        m_text->setPlainText(page);
        Q_EMIT pageShown(true);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process, call](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        process->deleteLater();
        m_man = nullptr;
        showFallback(call);
    });
    process->start(man, {QStringLiteral("-P"), QStringLiteral("cat"), QStringLiteral("2"), call});
}

void ManPageDialog::showFallback(const QString& call)
{
    QString text;
    for (int i = 0; i <= static_cast<int>(sks::Call::RecvFd); ++i) {
        const auto c = static_cast<sks::Call>(i);
        if (QString::fromUtf8(sks::callName(c).data(), static_cast<qsizetype>(sks::callName(c).size())) == call)
            text = callhelp::toolTip(c);
    }
    if (text.isEmpty())
        text = tr("Sockscope has no notes on %1() yet.").arg(call);
    m_source->setText(tr("No manual page for %1 is installed (Debian: apt install manpages-dev); "
                         "Sockscope's own explanation:").arg(call));
    m_text->setPlainText(text);
    Q_EMIT pageShown(false);
}

namespace helpmenus {

void build(QMainWindow& window, QMenu& view, ThemeController& theme)
{
    QMenu* themeMenu = view.addMenu(ThemeController::tr("&Theme"));
    themeMenu->setObjectName(QStringLiteral("themeMenu"));
    auto* group = new QActionGroup(themeMenu);
    const std::pair<ThemeController::Mode, QString> modes[] = {
        {ThemeController::Mode::System, ThemeController::tr("Follow the &desktop")},
        {ThemeController::Mode::Light, ThemeController::tr("&Light")},
        {ThemeController::Mode::Dark, ThemeController::tr("D&ark")},
    };
    for (const auto& [mode, text] : modes) {
        QAction* action = themeMenu->addAction(text);
        action->setObjectName(QStringLiteral("theme%1Action").arg(ThemeController::modeId(mode)));
        action->setCheckable(true);
        action->setChecked(theme.mode() == mode);
        action->setActionGroup(group);
        action->setToolTip(ThemeController::tr("Colors: the desktop's palette, or a fixed light or dark one."));
        QObject::connect(action, &QAction::triggered, &theme, [&theme, mode = mode] { theme.setMode(mode); });
    }

    QMenu* help = nullptr;
    for (QAction* action : window.menuBar()->actions())
        if (action->menu() && (action->menu()->objectName() == QStringLiteral("helpMenu")
                               || plainActionText(action->text()) == QMainWindow::tr("Help")))
            help = action->menu();
    if (!help) {
        help = window.menuBar()->addMenu(QMainWindow::tr("&Help"));
        help->setObjectName(QStringLiteral("helpMenu"));
    }
    QAction* keys = help->addAction(QMainWindow::tr("&Keyboard shortcuts…"));
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    keys->setToolTip(QMainWindow::tr("Every keyboard shortcut in this window."));
    QObject::connect(keys, &QAction::triggered, &window, [&window] {
        auto* dialog = new ShortcutsDialog(window, &window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    QAction* man = help->addAction(QMainWindow::tr("&Man page for a call…"));
    man->setObjectName(QStringLiteral("manPageAction"));
    man->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F1));
    man->setToolTip(QMainWindow::tr("The manual page (man 2) of a socket call, or Sockscope's notes on it."));
    QObject::connect(man, &QAction::triggered, &window, [&window] {
        auto* dialog = new ManPageDialog(&window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        dialog->showCall(QStringLiteral("socket"));
    });
}

} // namespace helpmenus
