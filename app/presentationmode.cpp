#include "app/presentationmode.h"

#include "app/captionoverlay.h"
#include "app/enginebridge.h"
#include "app/journalpanel.h"
#include "app/journalspotlight.h"
#include "app/lessonpanel.h"
#include "app/lessonplayer.h"
#include "app/mainwindow.h"
#include "app/socketspanel.h"
#include "app/windowlayout.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QDockWidget>
#include <QEvent>
#include <QHeaderView>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTreeView>

#include <algorithm>
#include <cmath>

namespace {

const QString kScaleKey = QStringLiteral("presentation/fontScale");
constexpr double kDefaultScale = 1.5;

// The journal's call column asks for the system's fixed font by FontRole, which the
// application font does not reach: this delegate scales such fonts by the same factor.
class FontScaleDelegate final : public QStyledItemDelegate {
public:
    FontScaleDelegate(double factor, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_factor(factor)
    {
    }
    void setFactor(double factor) { m_factor = factor; }

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(Qt::FontRole).isValid() && option->font.pointSizeF() > 0)
            option->font.setPointSizeF(option->font.pointSizeF() * m_factor);
    }

private:
    double m_factor = 1.0;
};

// Closing the window while presenting must save the user's own layout, not the calm one:
// this runs before MainWindow::closeEvent() saves it.
class CloseWatcher final : public QObject {
public:
    CloseWatcher(PresentationMode& mode, QObject* parent)
        : QObject(parent)
        , m_mode(mode)
    {
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Close && m_mode.isActive())
            m_mode.setActive(false);
        return QObject::eventFilter(watched, event);
    }

private:
    PresentationMode& m_mode;
};

} // namespace

PresentationMode::PresentationMode(MainWindow& window, EngineBridge& bridge, LessonPlayer& player, LessonPanel& panel,
                                   QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_panel(panel)
    , m_toggle(new QAction(tr("&Presentation mode"), this))
    , m_caption(new CaptionOverlay(*window.centralWidget()))
    , m_spotlight(new JournalSpotlight(*window.journalPanel(), *bridge.journal(), this))
{
    m_toggle->setObjectName(QStringLiteral("presentationAction"));
    m_toggle->setCheckable(true);
    m_toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_toggle->setToolTip(tr("For screen recording: larger text, only the socket tree, the journal and the "
                            "lesson, the newest call highlighted and the narration as a caption. "
                            "Press again to get your layout back."));
    connect(m_toggle, &QAction::toggled, this, &PresentationMode::setActive);
    connect(&player, &LessonPlayer::narrationChanged, m_caption, &CaptionOverlay::setCaption);
    connect(&bridge, &EngineBridge::batchApplied, this, [this] {
        if (m_active)
            fitSocketColumns(true);
    });
    m_window.installEventFilter(new CloseWatcher(*this, this));
}

PresentationMode::~PresentationMode() = default;

const QStringList& PresentationMode::keptDocks()
{
    static const QStringList kept = {QStringLiteral("journalDock"), QStringLiteral("lessonDock")};
    return kept;
}

void PresentationMode::addViewActions(QMenu& view)
{
    view.addSeparator();
    view.addAction(m_toggle);
    QMenu* scale = view.addMenu(tr("Presentation te&xt size"));
    scale->setObjectName(QStringLiteral("presentationScaleMenu"));
    scale->setToolTipsVisible(true);
    auto* group = new QActionGroup(scale);
    const double current = fontScale();
    for (const double factor : {1.25, 1.5, 1.75, 2.0}) {
        QAction* action = scale->addAction(tr("%1%").arg(std::lround(factor * 100)));
        action->setCheckable(true);
        action->setChecked(std::abs(factor - current) < 0.01);
        action->setData(factor);
        action->setToolTip(tr("Text in presentation mode is %1 times its usual size.").arg(factor));
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, factor] { setFontScale(factor); });
        m_scaleActions.append(action);
    }
    QMenu* sizes = view.addMenu(tr("Window &size"));
    sizes->setObjectName(QStringLiteral("windowSizeMenu"));
    sizes->setToolTipsVisible(true);
    for (const QSize size : {QSize(1920, 1080), QSize(1280, 720)}) {
        QAction* action = sizes->addAction(tr("%1 × %2").arg(size.width()).arg(size.height()));
        action->setObjectName(QStringLiteral("windowSize%1Action").arg(size.height()));
        action->setToolTip(tr("Makes the inside of the window exactly %1 × %2 pixels, a common video size "
                              "(the title bar comes on top; a smaller screen may not allow it).")
                               .arg(size.width())
                               .arg(size.height()));
        connect(action, &QAction::triggered, this, [this, size] { resizeWindow(size); });
    }
}

double PresentationMode::fontScale()
{
    const double scale = windowlayout::openSettings()->value(kScaleKey, kDefaultScale).toDouble();
    return std::clamp(scale, kMinScale, kMaxScale);
}

void PresentationMode::setFontScale(double scale)
{
    scale = std::clamp(scale, kMinScale, kMaxScale);
    windowlayout::openSettings()->setValue(kScaleKey, scale);
    for (QAction* action : std::as_const(m_scaleActions))
        action->setChecked(std::abs(action->data().toDouble() - scale) < 0.01);
    if (!m_active)
        return;
    m_window.setUpdatesEnabled(false);
    restoreViews();
    applyFont();
    scaleViews(scale);
    m_window.setUpdatesEnabled(true);
}

void PresentationMode::setActive(bool on)
{
    if (on == m_active)
        return;
    m_active = on;
    if (m_toggle->isChecked() != on)
        m_toggle->setChecked(on); // re-enters with m_active already set: no recursion
    // One repaint for the whole switch: no intermediate layouts on the recording.
    m_window.setUpdatesEnabled(false);
    if (on)
        enter();
    else
        leave();
    m_window.setUpdatesEnabled(true);
    Q_EMIT activeChanged(on);
}

void PresentationMode::enter()
{
    m_savedState = m_window.saveState(windowlayout::stateVersion);
    m_savedFont = QApplication::font();
    m_savedCorners = {m_window.corner(Qt::BottomLeftCorner), m_window.corner(Qt::BottomRightCorner)};
    // The journal runs the full width under the socket tree and the lesson: long calls fit.
    m_window.setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    m_window.setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    const auto docks = m_window.findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly);
    QList<QDockWidget*> kept;
    for (QDockWidget* dock : docks) {
        const bool keep = keptDocks().contains(dock->objectName());
        if (keep && dock->isFloating())
            dock->setFloating(false);
        dock->setVisible(keep);
        if (keep) {
            dock->raise();
            kept.append(dock);
        }
    }
    applyFont();
    scaleViews(fontScale());
    for (QDockWidget* dock : std::as_const(kept)) {
        const bool journal = m_window.dockWidgetArea(dock) == Qt::BottomDockWidgetArea;
        m_window.resizeDocks({dock}, {journal ? m_window.height() * 3 / 10 : m_window.width() * 3 / 10},
                             journal ? Qt::Vertical : Qt::Horizontal);
    }
    m_panel.setPresentation(true);
    m_caption->setActive(true);
    m_spotlight->setEnabled(true);
}

void PresentationMode::leave()
{
    m_spotlight->setEnabled(false);
    m_caption->setActive(false);
    m_panel.setPresentation(false);
    QApplication::setFont(m_savedFont);
    restoreViews();
    m_window.setCorner(Qt::BottomLeftCorner, m_savedCorners.first);
    m_window.setCorner(Qt::BottomRightCorner, m_savedCorners.second);
    m_window.restoreState(m_savedState, windowlayout::stateVersion);
}

void PresentationMode::applyFont()
{
    QFont font = m_savedFont;
    const double scale = fontScale();
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * scale);
    else
        font.setPixelSize(static_cast<int>(std::lround(font.pixelSize() * scale)));
    QApplication::setFont(font);
}

// The panels size their columns and rows once, from the font they started with.
void PresentationMode::scaleViews(double factor)
{
    QTableView* journal = m_window.journalPanel()->view();
    QTreeView* sockets = m_window.socketsPanel()->view();
    for (QHeaderView* header : {journal->horizontalHeader(), sockets->header()}) {
        HeaderSizes saved;
        for (int i = 0; i < header->count(); ++i)
            saved.sections.append(header->sectionSize(i));
        m_savedHeaders.insert(header, saved);
    }
    // The journal's columns are sized for their widest value: scale them with the text.
    QHeaderView* columns = journal->horizontalHeader();
    for (int i = 0; i < columns->count(); ++i)
        columns->resizeSection(i, static_cast<int>(std::lround(columns->sectionSize(i) * factor)));
    // The socket tree's are sized for the widest address there could be: at this size
    // that would push columns off screen, so they fit what is shown (and grow with it).
    fitSocketColumns(false);
    QHeaderView* rows = journal->verticalHeader();
    m_savedHeaders.insert(rows, HeaderSizes{{}, rows->defaultSectionSize()});
    rows->setDefaultSectionSize(static_cast<int>(std::lround(rows->defaultSectionSize() * factor)));

    auto* delegate = static_cast<FontScaleDelegate*>(m_scaledDelegate);
    if (!delegate) {
        delegate = new FontScaleDelegate(factor, this);
        m_scaledDelegate = delegate;
    }
    delegate->setFactor(factor);
    if (journal->itemDelegate() != delegate) {
        m_journalDelegate = journal->itemDelegate();
        journal->setItemDelegate(delegate);
    }
}

void PresentationMode::fitSocketColumns(bool growOnly)
{
    QTreeView* view = m_window.socketsPanel()->view();
    QHeaderView* header = view->header();
    for (int i = 0; i + 1 < header->count(); ++i) { // the last one stretches
        const int fit = std::max(static_cast<const QAbstractItemView*>(view)->sizeHintForColumn(i),
                                 header->sectionSizeHint(i));
        if (!growOnly || fit > header->sectionSize(i))
            header->resizeSection(i, fit);
    }
}

void PresentationMode::restoreViews()
{
    for (auto it = m_savedHeaders.cbegin(); it != m_savedHeaders.cend(); ++it) {
        QHeaderView* header = it.key();
        if (it->rowHeight > 0) {
            // The header bounds the size by a minimum it derives from a font it may not
            // have updated yet (it is hidden): lift the bound while restoring, then let the
            // header compute it again.
            header->setMinimumSectionSize(0);
            header->setDefaultSectionSize(it->rowHeight);
            header->setMinimumSectionSize(-1);
        }
        for (int i = 0; i < it->sections.size() && i < header->count(); ++i)
            header->resizeSection(i, it->sections[i]);
    }
    m_savedHeaders.clear();
    QTableView* journal = m_window.journalPanel()->view();
    if (m_journalDelegate && journal->itemDelegate() == m_scaledDelegate)
        journal->setItemDelegate(m_journalDelegate);
    m_journalDelegate = nullptr;
}

void PresentationMode::resizeWindow(QSize size)
{
    if (m_window.isMaximized() || m_window.isFullScreen())
        m_window.showNormal();
    m_window.resize(size);
    if (m_window.size() != size) {
        const QSize least = m_window.minimumSize();
        m_window.statusBar()->showMessage(
            tr("The panels shown need at least %1 × %2 pixels: hide some, or use presentation mode (Ctrl+Shift+P).")
                .arg(least.width())
                .arg(least.height()),
            8000);
    }
}
