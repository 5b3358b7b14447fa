#include "app/lessonpanel.h"

#include "app/lessonlinedelegate.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <array>

namespace {

constexpr std::array kSpeeds{0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0};
constexpr int kLineRole = LessonLineDelegate::LineRole;

// Translucent, so they read on light and dark themes; the ▶ ✓ ✗ marks carry the meaning.
const QColor kFailedColor(220, 40, 40, 70);

QString speedText(double speed)
{
    return QStringLiteral("%1×").arg(speed);
}

QLabel* makeLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

LessonPanel::LessonPanel(LessonPlayer& player, QWidget* parent)
    : QWidget(parent)
    , m_player(player)
    , m_title(makeLabel(QStringLiteral("lessonTitle"), this))
    , m_caption(makeLabel(QStringLiteral("lessonCaption"), this))
    , m_error(makeLabel(QStringLiteral("lessonErrorLabel"), this))
    , m_status(makeLabel(QStringLiteral("lessonStatus"), this))
    , m_text(new QListWidget(this))
    , m_results(new QListWidget(this))
    , m_delegate(new LessonLineDelegate(this))
{
    m_title->setText(tr("No lesson"));
    m_caption->setFrameShape(QFrame::StyledPanel);
    m_caption->setMargin(8);
    m_caption->setMinimumHeight(m_caption->fontMetrics().lineSpacing() * 3);
    m_caption->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setNarration({});
    m_caption->setToolTip(tr("The lesson's narration: what its say lines tell you, one at a time."));
    m_error->setFrameShape(QFrame::StyledPanel);
    m_error->setMargin(6);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setStyleSheet(QStringLiteral("QLabel#lessonErrorLabel { background: rgba(220, 40, 40, 40); }"));
    m_error->hide();

    buildActions();
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(buildControls());
    layout->addWidget(m_caption);
    layout->addWidget(m_error);
    layout->addWidget(buildTextViews(), 1);
    layout->addWidget(m_status);
    applyFonts();

    connect(&m_player, &LessonPlayer::lessonLoaded, this, &LessonPanel::onLessonLoaded);
    connect(&m_player, &LessonPlayer::restarted, this, &LessonPanel::onRestarted);
    connect(&m_player, &LessonPlayer::stepFinished, this, &LessonPanel::onStepFinished);
    connect(&m_player, &LessonPlayer::currentLineChanged, this, &LessonPanel::onLineChanged);
    connect(&m_player, &LessonPlayer::stateChanged, this, &LessonPanel::onStateChanged);
    connect(&m_player, &LessonPlayer::speedChanged, this, &LessonPanel::showSpeed);
    connect(&m_player, &LessonPlayer::narrationChanged, this, &LessonPanel::setNarration);
    m_text->viewport()->installEventFilter(this);
    onStateChanged();
}

LessonPanel::~LessonPanel() = default;

QWidget* LessonPanel::buildTextViews()
{
    m_text->setObjectName(QStringLiteral("lessonText"));
    m_text->setSelectionMode(QAbstractItemView::NoSelection);
    m_text->setFocusPolicy(Qt::NoFocus);
    m_text->setItemDelegate(m_delegate);
    m_text->setWordWrap(true);
    m_text->setResizeMode(QListView::Adjust); // long lines wrap again when the dock resizes
    m_text->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_text->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_text->setToolTip(tr("The lesson as written. ▶ marks the line that runs next (or is running), "
                          "✓ a line that ran as expected, ✗ one whose expectation failed."));
    m_results->setObjectName(QStringLiteral("lessonResults"));
    m_results->setToolTip(tr("Each expectation as it was checked: the call, what it had to return, "
                             "and what happened. Click one to find its line."));
    connect(m_results, &QListWidget::itemClicked, this, [this](QListWidgetItem* item) {
        const int line = item->data(kLineRole).toInt();
        if (line > 0 && line <= m_text->count())
            m_text->scrollToItem(m_text->item(line - 1), QAbstractItemView::PositionAtCenter);
    });

    auto* results = new QWidget(this);
    auto* resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 4, 0, 0);
    auto* resultsLabel = new QLabel(tr("Expectations checked"), results);
    resultsLabel->setBuddy(m_results);
    resultsLayout->addWidget(resultsLabel);
    resultsLayout->addWidget(m_results);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("lessonSplitter"));
    splitter->addWidget(m_text);
    splitter->addWidget(results);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    return splitter;
}

void LessonPanel::buildActions()
{
    const auto make = [this](const QString& objectName, const QString& text, QStyle::StandardPixmap icon,
                             const QKeySequence& key, const QString& tip) {
        auto* action = new QAction(style()->standardIcon(icon), text, this);
        action->setObjectName(objectName);
        action->setShortcut(key);
        action->setToolTip(tip + QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText)));
        return action;
    };
    m_playAction = make(QStringLiteral("lessonPlayAction"), tr("Play"), QStyle::SP_MediaPlay, QKeySequence(Qt::Key_F5),
                        tr("Play the lesson: each line runs as a real call, paced so you can follow it"));
    m_stepAction = make(QStringLiteral("lessonStepAction"), tr("Step"), QStyle::SP_MediaSkipForward,
                        QKeySequence(Qt::Key_F10), tr("Run only the line marked ▶, then wait for you"));
    m_restartAction = make(QStringLiteral("lessonRestartAction"), tr("Restart"), QStyle::SP_BrowserReload,
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5),
                           tr("Close every socket the lesson opened and go back to its first line"));
    m_fasterAction = make(QStringLiteral("lessonFasterAction"), tr("Faster"), QStyle::SP_MediaSeekForward,
                          QKeySequence(Qt::CTRL | Qt::Key_BracketRight), tr("Play faster, up to 4×"));
    m_slowerAction = make(QStringLiteral("lessonSlowerAction"), tr("Slower"), QStyle::SP_MediaSeekBackward,
                          QKeySequence(Qt::CTRL | Qt::Key_BracketLeft), tr("Play slower, down to ¼×"));
    connect(m_playAction, &QAction::triggered, &m_player, &LessonPlayer::togglePlay);
    connect(m_stepAction, &QAction::triggered, &m_player, &LessonPlayer::step);
    connect(m_restartAction, &QAction::triggered, &m_player, &LessonPlayer::restart);
    connect(m_fasterAction, &QAction::triggered, this, [this] { changeSpeed(+1); });
    connect(m_slowerAction, &QAction::triggered, this, [this] { changeSpeed(-1); });
}

QWidget* LessonPanel::buildControls()
{
    auto* bar = new QWidget(this);
    auto* row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    const auto button = [bar, row](QAction* action, const QString& objectName) {
        auto* b = new QToolButton(bar);
        b->setObjectName(objectName);
        b->setDefaultAction(action);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        row->addWidget(b);
    };
    button(m_playAction, QStringLiteral("lessonPlayButton"));
    button(m_stepAction, QStringLiteral("lessonStepButton"));
    button(m_restartAction, QStringLiteral("lessonRestartButton"));
    row->addStretch(1);
    auto* label = new QLabel(tr("Speed"), bar);
    m_speed = new QComboBox(bar);
    m_speed->setObjectName(QStringLiteral("lessonSpeedCombo"));
    for (const double speed : kSpeeds)
        m_speed->addItem(speedText(speed), speed);
    m_speed->setToolTip(tr("How fast the lesson plays: 1× leaves time to read each narration; "
                           "pauses in the lesson scale too. Ctrl+] and Ctrl+[ change it."));
    label->setBuddy(m_speed);
    showSpeed(m_player.speed());
    connect(m_speed, &QComboBox::activated, this, &LessonPanel::onSpeedPicked);
    row->addWidget(label);
    row->addWidget(m_speed);
    return bar;
}

QList<QAction*> LessonPanel::playerActions() const
{
    return {m_playAction, m_stepAction, m_restartAction, m_fasterAction, m_slowerAction};
}

QString LessonPanel::caption() const
{
    return m_narration;
}

void LessonPanel::setNarration(const QString& text)
{
    m_narration = text;
    // A quiet hint while there is nothing to say, rather than an empty box.
    m_caption->setForegroundRole(text.isEmpty() ? QPalette::PlaceholderText : QPalette::WindowText);
    if (!text.isEmpty())
        m_caption->setText(text);
    else if (m_player.lesson())
        m_caption->setText(tr("The lesson's narration appears here as it plays: press Play (F5) or Step (F10)."));
    else
        m_caption->setText(tr("Pick a lesson in the Lessons menu, or open a .sks file (Ctrl+O). "
                              "Its narration appears here while it plays."));
}

void LessonPanel::showError(const QString& message)
{
    m_error->setText(m_player.lesson() ? tr("Could not open that lesson (the one below stays loaded):\n%1").arg(message)
                                       : tr("Could not open that lesson:\n%1").arg(message));
    m_error->setToolTip(tr("Fix the file at the line and column named here, then open it again."));
    m_error->show();
}

void LessonPanel::clearError()
{
    m_error->hide();
    m_error->clear();
}

void LessonPanel::setPresentation(bool on)
{
    m_caption->setVisible(!on);
    m_results->parentWidget()->setVisible(!on);
}

void LessonPanel::onLessonLoaded()
{
    const lessonlibrary::Lesson* lesson = m_player.lesson();
    clearError();
    m_title->setText(lesson ? QStringLiteral("<b>%1</b>").arg(lesson->title.toHtmlEscaped()) : tr("No lesson"));
    m_title->setToolTip(lesson ? lesson->source : QString());
    m_lines = lesson ? lesson->text.split(QLatin1Char('\n')) : QStringList();
    if (!m_lines.isEmpty() && m_lines.back().isEmpty())
        m_lines.removeLast(); // the final line break ends the last line; it adds none
    m_text->clear();
    m_delegate->setLineCount(static_cast<int>(m_lines.size()));
    for (int i = 0; i < m_lines.size(); ++i) {
        auto* item = new QListWidgetItem(m_lines[i], m_text);
        item->setData(kLineRole, i + 1);
    }
    m_highlighted = 0;
    onRestarted();
}

void LessonPanel::onRestarted()
{
    m_marks = QList<LessonLineDelegate::Mark>(m_lines.size(), LessonLineDelegate::NoMark);
    m_results->clear();
    m_held = 0;
    for (int line = 1; line <= m_lines.size(); ++line)
        renderLine(line);
    setNarration({});
    updateStatus();
}

void LessonPanel::onStepFinished(const LessonPlayer::Outcome& outcome)
{
    if (outcome.line >= 1 && outcome.line <= m_marks.size()) {
        m_marks[outcome.line - 1] = outcome.ok ? LessonLineDelegate::DoneMark : LessonLineDelegate::FailedMark;
        renderLine(outcome.line);
        if (!outcome.ok)
            m_text->item(outcome.line - 1)->setToolTip(outcome.failure);
    }
    const QString where = tr("line %1").arg(outcome.line);
    if (!outcome.ok) {
        QString why = outcome.failure.isEmpty() ? outcome.statement : outcome.failure;
        if (why.startsWith(where + QStringLiteral(": ")))
            why.remove(0, where.size() + 2); // "line 7: accept(srv) ..." is already filed under line 7
        addResult(QStringLiteral("✗ %1  %2").arg(where, why),
                  true, outcome.line, outcome.journal);
    } else if (outcome.expectation) {
        ++m_held;
        addResult(QStringLiteral("✓ %1  %2").arg(where, outcome.statement), false, outcome.line, outcome.journal);
    }
    updateStatus();
}

void LessonPanel::addResult(const QString& text, bool failed, int line, const QString& toolTip)
{
    auto* item = new QListWidgetItem(text, m_results);
    item->setData(kLineRole, line);
    item->setToolTip(toolTip.isEmpty() ? text : tr("The journal: %1").arg(toolTip));
    if (failed)
        item->setBackground(kFailedColor);
    m_results->scrollToItem(item);
}

void LessonPanel::onLineChanged(int line)
{
    const int previous = std::exchange(m_highlighted, line);
    renderLine(previous);
    renderLine(line);
    ensureCurrentVisible();
    updateStatus();
}

void LessonPanel::ensureCurrentVisible()
{
    if (m_highlighted < 1 || m_highlighted > m_text->count())
        return;
    // Calm scrolling: only when the line nears the bottom (or is out of sight), and then so
    // that it sits in the middle with the next lines visible below it.
    QListWidgetItem* item = m_text->item(m_highlighted - 1);
    const QRect rect = m_text->visualItemRect(item);
    const QRect viewport = m_text->viewport()->rect();
    if (rect.top() < viewport.top() || rect.bottom() > viewport.bottom() - viewport.height() / 4)
        m_text->scrollToItem(item, QAbstractItemView::PositionAtCenter);
}

bool LessonPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_text->viewport() && event->type() == QEvent::Resize)
        ensureCurrentVisible();
    return QWidget::eventFilter(watched, event);
}

void LessonPanel::renderLine(int line)
{
    if (line < 1 || line > m_text->count())
        return;
    QListWidgetItem* item = m_text->item(line - 1);
    const LessonLineDelegate::Mark mark = m_marks.value(line - 1, LessonLineDelegate::NoMark);
    const bool current = line == m_highlighted;
    item->setData(LessonLineDelegate::MarkRole, mark);
    item->setData(LessonLineDelegate::CurrentRole, current);
    // What the marks say, for screen readers.
    const QString state = current ? tr("runs next") : mark == LessonLineDelegate::DoneMark ? tr("ran as expected")
        : mark == LessonLineDelegate::FailedMark ? tr("failed") : QString();
    item->setData(Qt::AccessibleTextRole, state.isEmpty() ? tr("line %1: %2").arg(line).arg(item->text())
                                                          : tr("line %1, %2: %3").arg(line).arg(state, item->text()));
}

void LessonPanel::onStateChanged()
{
    const LessonPlayer::State state = m_player.state();
    const bool loaded = state != LessonPlayer::State::Empty;
    const bool playing = state == LessonPlayer::State::Playing;
    m_playAction->setText(playing ? tr("Pause") : tr("Play"));
    m_playAction->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_playAction->setEnabled(loaded);
    m_stepAction->setEnabled(loaded && state != LessonPlayer::State::Finished && !m_player.isBusy());
    m_restartAction->setEnabled(loaded);
    updateStatus();
}

void LessonPanel::onSpeedPicked(int index)
{
    m_player.setSpeed(m_speed->itemData(index).toDouble());
}

void LessonPanel::showSpeed(double speed)
{
    int best = 0;
    for (int i = 1; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - speed) < std::abs(m_speed->itemData(best).toDouble() - speed))
            best = i;
    m_speed->setCurrentIndex(best);
}

void LessonPanel::changeSpeed(int direction)
{
    const int index = std::clamp(m_speed->currentIndex() + direction, 0, m_speed->count() - 1);
    m_speed->setCurrentIndex(index);
    onSpeedPicked(index);
}

void LessonPanel::updateStatus()
{
    const LessonPlayer::State state = m_player.state();
    if (state == LessonPlayer::State::Empty) {
        m_status->clear();
        return;
    }
    const int failed = m_player.failures();
    QString text;
    if (state == LessonPlayer::State::Finished)
        text = failed == 0 ? tr("Finished: every call did what the lesson expected.")
            : failed == 1  ? tr("Finished with 1 failed line: it is marked ✗.")
                           : tr("Finished with %1 failed lines: they are marked ✗.").arg(failed);
    else
        text = m_player.isBusy() ? tr("Line %1: waiting for the call to complete…").arg(m_highlighted)
                                 : tr("Next: line %1 of %2.").arg(m_highlighted).arg(m_lines.size());
    if (state != LessonPlayer::State::Finished && (m_held > 0 || failed > 0)) {
        text += QLatin1Char(' ') + (m_held == 1 ? tr("1 expectation held") : tr("%1 expectations held").arg(m_held));
        if (failed > 0)
            text += QStringLiteral(", ") + tr("%1 failed").arg(failed);
        text += QLatin1Char('.');
    }
    m_status->setText(text);
}

void LessonPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::ApplicationFontChange)
        applyFonts();
}

void LessonPanel::applyFonts()
{
    // The lesson reads as code; it follows the panel's size (presentation mode scales it).
    QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    fixed.setPointSizeF(font().pointSizeF());
    m_text->setFont(fixed);
    QFont captionFont = font();
    captionFont.setPointSizeF(font().pointSizeF() * 1.15);
    m_caption->setFont(captionFont);
    m_caption->setMinimumHeight(QFontMetrics(captionFont).lineSpacing() * 3 + 16);
    m_text->doItemsLayout(); // the delegate's row heights depend on the font
}
