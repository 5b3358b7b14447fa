#include "app/captionoverlay.h"

#include <QApplication>
#include <QEvent>

namespace {

constexpr int kMargin = 16;

} // namespace

CaptionOverlay::CaptionOverlay(QWidget& host)
    : QLabel(&host)
    , m_host(host)
{
    setObjectName(QStringLiteral("captionOverlay"));
    setWordWrap(true);
    setAlignment(Qt::AlignCenter);
    setTextFormat(Qt::PlainText);
    setAttribute(Qt::WA_TransparentForMouseEvents);
    // Fixed colours on purpose: a subtitle must read the same on any theme and any content.
    setStyleSheet(QStringLiteral("QLabel#captionOverlay { background: rgba(24, 24, 28, 215); color: #f4f4f4;"
                                 " border-radius: 10px; padding: 12px 18px; }"));
    applyFont();
    hide();
    m_host.installEventFilter(this);
}

CaptionOverlay::~CaptionOverlay() = default;

void CaptionOverlay::setActive(bool on)
{
    m_active = on;
    setCaption(text());
}

void CaptionOverlay::setCaption(const QString& caption)
{
    if (caption != text())
        setText(caption);
    const bool visible = m_active && !caption.isEmpty();
    if (visible) {
        place();
        raise();
    }
    setVisible(visible);
}

bool CaptionOverlay::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == &m_host && event->type() == QEvent::Resize && isVisible())
        place();
    return QLabel::eventFilter(watched, event);
}

void CaptionOverlay::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::ApplicationFontChange)
        applyFont();
}

void CaptionOverlay::applyFont()
{
    QFont big = QApplication::font();
    big.setPointSizeF(big.pointSizeF() * fontFactor);
    setFont(big);
    if (isVisible())
        place();
}

void CaptionOverlay::place()
{
    // A comfortable measure: at most ~70 characters a line, centred at the bottom.
    const int maxWidth = fontMetrics().averageCharWidth() * 70;
    const int width = std::min(m_host.width() - 2 * kMargin, maxWidth);
    const int height = std::min(heightForWidth(width), m_host.height() - 2 * kMargin);
    setGeometry((m_host.width() - width) / 2, m_host.height() - height - kMargin, width, height);
}
