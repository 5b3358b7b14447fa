#include "app/visibilitywatch.h"

#include <QDockWidget>
#include <QEvent>
#include <QTimer>

VisibilityWatch::VisibilityWatch(QWidget& widget)
    : QObject(&widget)
    , m_widget(widget)
{
    widget.installEventFilter(this);
}

VisibilityWatch::~VisibilityWatch() = default;

bool VisibilityWatch::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == &m_widget) {
        switch (event->type()) {
        case QEvent::Show:
            findDock();
            // Children are shown before their dock says whether its tab is in front.
            QTimer::singleShot(0, this, &VisibilityWatch::reevaluate);
            break;
        case QEvent::Hide:
            reevaluate();
            break;
        default:
            break;
        }
    }
    return QObject::eventFilter(watched, event);
}

void VisibilityWatch::findDock()
{
    QDockWidget* dock = nullptr;
    for (QWidget* w = m_widget.parentWidget(); w && !dock; w = w->parentWidget())
        dock = qobject_cast<QDockWidget*>(w);
    if (dock == m_dock)
        return;
    if (m_dock)
        disconnect(m_dock, nullptr, this, nullptr);
    m_dock = dock;
    m_dockVisible = true;
    if (dock)
        connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
            m_dockVisible = visible;
            reevaluate();
        });
}

void VisibilityWatch::reevaluate()
{
    const bool shown = m_widget.isVisible() && m_dockVisible;
    if (shown == m_shown)
        return;
    m_shown = shown;
    Q_EMIT shownChanged(shown);
}
