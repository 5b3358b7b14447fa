#include "core/engine/receivelog.h"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

namespace sks {
ReceiveLog::ReceiveLog(std::size_t capacity)
    : m_capacity(capacity == 0 ? 1 : capacity), m_ringSize(m_capacity + kMaxWrite)
{
}

ReceiveLog::~ReceiveLog()
{
    if (m_ring)
        ::munmap(m_ring, m_ringSize);
}

bool ReceiveLog::prepare(std::size_t& position)
{
    if (!m_ring && m_error == 0) {
        // Address space for the whole ring, once: the kernel backs a page only when it is
        // first written, so a socket that receives little costs little, and the ring never
        // moves. A stream's recv() writes (and faults in) its pages outside the mutex, so
        // readers never wait on a growing log, which a burst into a fresh socket used to
        // cost the GUI.
        void* ring = ::mmap(nullptr, m_ringSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (ring == MAP_FAILED) {
            m_error = errno; // tried once: the engine says so once, and keeps counting
            return false;
        }
        // A full ring is written all over at wire speed: 2 MiB pages spare the TLB a miss per
        // 4 KiB of bulk traffic (where the kernel has them to give; a hint, never required).
        ::madvise(ring, m_ringSize, MADV_HUGEPAGE);
        m_ring = static_cast<char*>(ring);
    }
    if (!m_ring)
        return false;
    position = static_cast<std::size_t>(m_end % m_ringSize);
    return true;
}

void ReceiveLog::append(const char* data, std::size_t length)
{
    std::lock_guard lock(m_mutex);
    m_marks.push_back(m_end);
    if (m_marks.size() > kMaxBoundaries)
        m_marks.pop_front();
    ++m_generation;
    if (length > m_capacity) { // only the tail can stay
        data += length - m_capacity;
        m_end += length - m_capacity;
        length = m_capacity;
    }
    if (length == 0)
        return;
    std::size_t pos = 0;
    if (!prepare(pos)) { // counted and marked, not held
        m_end += length;
        return;
    }
    while (length > 0) {
        const std::size_t n = std::min(length, m_ringSize - pos);
        std::memcpy(m_ring + pos, data, n);
        data += n;
        length -= n;
        m_end += n;
        pos = (pos + n) % m_ringSize;
    }
}

std::span<char> ReceiveLog::writable(std::size_t want)
{
    want = std::clamp<std::size_t>(want, 1, kMaxWrite);
    std::lock_guard lock(m_mutex);
    std::size_t pos = 0;
    if (!prepare(pos))
        return {};
    return {m_ring + pos, std::min(want, m_ringSize - pos)};
}

void ReceiveLog::commit(std::size_t length)
{
    std::lock_guard lock(m_mutex);
    m_marks.push_back(m_end);
    if (m_marks.size() > kMaxBoundaries)
        m_marks.pop_front();
    ++m_generation;
    m_end += length;
}

std::uint64_t ReceiveLog::begin() const
{
    std::lock_guard lock(m_mutex);
    return firstHeld();
}

std::uint64_t ReceiveLog::end() const
{
    std::lock_guard lock(m_mutex);
    return m_end;
}

std::uint64_t ReceiveLog::generation() const
{
    std::lock_guard lock(m_mutex);
    return m_generation;
}

std::string ReceiveLog::read(std::uint64_t from, std::size_t length) const
{
    std::lock_guard lock(m_mutex);
    from = std::clamp(from, firstHeld(), m_end);
    length = static_cast<std::size_t>(std::min<std::uint64_t>(length, m_end - from));
    std::string out(length, '\0');
    std::size_t done = 0;
    while (done < length) {
        const std::size_t pos = static_cast<std::size_t>((from + done) % m_ringSize);
        const std::size_t n = std::min(length - done, m_ringSize - pos);
        std::memcpy(out.data() + done, m_ring + pos, n);
        done += n;
    }
    return out;
}

std::vector<std::uint64_t> ReceiveLog::boundaries(std::uint64_t from, std::uint64_t to) const
{
    std::lock_guard lock(m_mutex);
    auto lo = std::lower_bound(m_marks.begin(), m_marks.end(), from);
    auto hi = std::lower_bound(lo, m_marks.end(), to);
    return {lo, hi};
}

int ReceiveLog::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

} // namespace sks
