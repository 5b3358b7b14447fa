#pragma once

#include <QObject>

class QAction;
class QMenu;

// View > Font size: the whole application's font, larger or smaller than the desktop's
// (Ctrl++, Ctrl+-, Ctrl+0), remembered in the app's settings ("appearance/fontScale") and
// applied with QApplication::setFont(), so every panel that does not fix its own font
// follows. Needs a QApplication.
class FontScaleController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FontScaleController)

public:
    static constexpr double kMinScale = 0.7;
    static constexpr double kMaxScale = 2.5;

    // Remembers the desktop's font (once per application), then applies the saved scale.
    explicit FontScaleController(QObject* parent = nullptr);
    ~FontScaleController() override;

    double scale() const noexcept { return m_scale; }
    // The saved scale, clamped to [kMinScale, kMaxScale]; 1 when nothing (valid) was saved.
    static double savedScale();

    // Adds the Font size submenu to `view`.
    void addMenu(QMenu& view);

public Q_SLOTS:
    // Applies and saves `scale` (clamped).
    void setScale(double scale);
    void larger();
    void smaller();
    void reset();

Q_SIGNALS:
    void scaleChanged(double scale);

private:
    void apply();

    double m_scale = 1.0;
};
