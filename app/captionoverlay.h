#pragma once

#include <QLabel>

// Narration as a film subtitle: a large caption over the bottom of another widget (the
// socket tree in presentation mode), dark behind light text so it reads over anything.
// Hidden while it has no text; lets mouse clicks through to the widget underneath.
class CaptionOverlay final : public QLabel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CaptionOverlay)

public:
    // Sits inside `host` (becoming its child) and follows its size.
    explicit CaptionOverlay(QWidget& host);
    ~CaptionOverlay() override;

    // Shown only while active and non-empty.
    void setActive(bool on);
    void setCaption(const QString& text);

    // The caption's size relative to the application font.
    static constexpr double fontFactor = 1.35;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void place();
    void applyFont();

    QWidget& m_host;
    bool m_active = false;
};
