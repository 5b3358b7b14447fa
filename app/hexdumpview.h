#pragma once

#include "core/engine/receivelog.h"

#include <QAbstractScrollArea>

#include <cstdint>
#include <memory>
#include <vector>

// The bytes a socket received, as a hex dump with the text beside it, 16 bytes a line,
// with a mark where each recv() (or datagram) began.
//
// Virtualized: it holds no copy of the bytes. Each paint reads only the lines on screen
// from the socket's ReceiveLog (a few hundred bytes), so it stays smooth while a 1 GiB
// stream arrives; refresh(), once per frame, only compares the log's generation counter.
// Offsets are stream offsets (decimal, like the byte counters): the first byte ever
// received is 0, even after older bytes have left the log.
class HexDumpView final : public QAbstractScrollArea {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HexDumpView)

public:
    static constexpr int kBytesPerLine = 16;

    explicit HexDumpView(QWidget* parent = nullptr);
    ~HexDumpView() override;

    // The log to show (nullptr: nothing received yet). `datagrams`: marks say "datagram".
    void setLog(std::shared_ptr<const sks::ReceiveLog> log, bool datagrams);
    const sks::ReceiveLog* log() const noexcept { return m_log.get(); }

    bool followTail() const noexcept { return m_follow; }
    void setFollowTail(bool follow);

    // Re-reads the log's extent when it changed, then repaints. Cheap; call once a frame.
    void refresh();

    // What the last paint showed: its first stream offset, the lines as text (offset, hex,
    // text) and the recv/datagram starts it marked. For tests and for copying.
    std::uint64_t firstShownOffset() const noexcept { return m_shownFrom; }
    const QStringList& shownLines() const noexcept { return m_shownLines; }
    const std::vector<std::uint64_t>& shownBoundaries() const noexcept { return m_shownMarks; }

Q_SIGNALS:
    // The user scrolled away from the tail (false) or back to it (true).
    void followTailChanged(bool follow);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    struct Geometry {
        int lineHeight = 0;
        int charWidth = 0;
        int ascent = 0;
        int offsetDigits = 0;
        int gutterX = 0;
        int offsetX = 0;
        int hexX = 0;
        int textX = 0;
    };
    Geometry geometry() const;
    int visibleLines() const;
    std::uint64_t firstLine() const noexcept;
    std::uint64_t lineCount() const noexcept;
    void updateScrollBar();
    void onUserScrolled();
    // The bytes of [from, from + length) still in the log; `from` moves up if the head has.
    std::string readWindow(std::uint64_t& from, std::size_t length) const;
    void paintLine(QPainter& painter, const Geometry& g, int y, std::uint64_t lineOffset,
                   const std::string& bytes, std::uint64_t bytesFrom);
    QString toolTipAt(const QPoint& pos) const;

    std::shared_ptr<const sks::ReceiveLog> m_log;
    bool m_datagrams = false;
    bool m_follow = true;
    std::uint64_t m_generation = ~std::uint64_t(0);
    std::uint64_t m_begin = 0; // the log's extent at the last refresh()
    std::uint64_t m_end = 0;
    std::uint64_t m_topLine = 0; // absolute line number (offset / 16) at the top
    std::uint64_t m_shownFrom = 0;
    QStringList m_shownLines;
    std::vector<std::uint64_t> m_shownMarks;
};
