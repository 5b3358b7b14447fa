#pragma once

#include <QByteArray>
#include <QFont>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSize>

#include <utility>

class CaptionOverlay;
class EngineBridge;
class JournalSpotlight;
class LessonPanel;
class LessonPlayer;
class MainWindow;
class QAbstractItemDelegate;
class QAction;
class QHeaderView;
class QMenu;

// View > Presentation mode, for screen recording: the application font scaled (1.25× to
// 2×, a setting), only the panels that tell the story (the socket tree, the journal and
// the lesson), the newest journal entry highlighted and held for a moment, the narration
// as a large caption over the socket tree. Leaving it restores the font and the exact
// layout (saveState/restoreState). View > Window size offers 1920×1080 and 1280×720.
class PresentationMode final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PresentationMode)

public:
    PresentationMode(MainWindow& window, EngineBridge& bridge, LessonPlayer& player, LessonPanel& panel,
                     QObject* parent = nullptr);
    ~PresentationMode() override;

    // The checkable toggle (Ctrl+Shift+P), the font-scale choices and the size presets.
    void addViewActions(QMenu& view);
    QAction* toggleAction() const noexcept { return m_toggle; }

    bool isActive() const noexcept { return m_active; }
    void setActive(bool on);

    // The newest-entry highlight and the caption (for tests and screenshots).
    JournalSpotlight* spotlight() const noexcept { return m_spotlight; }
    CaptionOverlay* caption() const noexcept { return m_caption; }

    // The saved font scale (settings key presentation/fontScale), within 1.25..2.
    static double fontScale();
    // Saves it (clamped) and applies it at once while presenting.
    void setFontScale(double scale);
    static constexpr double kMinScale = 1.25;
    static constexpr double kMaxScale = 2.0;

    // The docks presentation mode keeps (by objectName); every other dock is hidden.
    static const QStringList& keptDocks();

    // Makes the window's inside exactly `size` (leaving maximized or full screen first).
    void resizeWindow(QSize size);

Q_SIGNALS:
    void activeChanged(bool on);

private:
    struct HeaderSizes {
        QList<int> sections;
        int rowHeight = 0;
    };

    void enter();
    void leave();
    void applyFont();
    void scaleViews(double factor);
    void fitSocketColumns(bool growOnly);
    void restoreViews();

    MainWindow& m_window;
    LessonPanel& m_panel;
    QAction* m_toggle = nullptr;
    QList<QAction*> m_scaleActions;
    CaptionOverlay* m_caption = nullptr;
    JournalSpotlight* m_spotlight = nullptr;
    QAbstractItemDelegate* m_journalDelegate = nullptr; // the view's own, while ours scales
    QAbstractItemDelegate* m_scaledDelegate = nullptr; // FontScaleDelegate
    QByteArray m_savedState;
    QFont m_savedFont;
    std::pair<Qt::DockWidgetArea, Qt::DockWidgetArea> m_savedCorners{Qt::BottomDockWidgetArea,
                                                                     Qt::RightDockWidgetArea};
    QHash<QHeaderView*, HeaderSizes> m_savedHeaders;
    bool m_active = false;
};
