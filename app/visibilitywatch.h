#pragma once

#include <QObject>
#include <QPointer>

class QDockWidget;
class QWidget;

// Whether a panel can actually be seen: shown, and its dock's tab in front. A dock in a
// tab behind another stays "visible" to Qt (isVisible() is true), so a panel that only
// works while seen — reading /proc, recomputing ports, following the journal — needs both
// its own show/hide and QDockWidget::visibilityChanged; this object watches the two.
class VisibilityWatch final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VisibilityWatch)

public:
    // Watches `widget` (and the dock it is in, once it is in one); a child of `widget`.
    explicit VisibilityWatch(QWidget& widget);
    ~VisibilityWatch() override;

    bool isShown() const noexcept { return m_shown; }

Q_SIGNALS:
    void shownChanged(bool shown);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void findDock();
    void reevaluate();

    QWidget& m_widget;
    QPointer<QDockWidget> m_dock;
    bool m_dockVisible = true;
    bool m_shown = false;
};
