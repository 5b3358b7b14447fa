#include "core/engine/receivelog.h"

#include <algorithm>
#include <cstring>

namespace sks {

ReceiveLog::ReceiveLog(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {}

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
    if (m_ring.size() < m_capacity) // grow lazily: most sockets never receive much
        m_ring.resize(std::min(m_capacity, std::max(m_ring.size() * 2, static_cast<std::size_t>(m_end + length))));
    std::size_t pos = static_cast<std::size_t>(m_end % m_capacity);
    if (m_ring.size() < m_capacity)
        pos = static_cast<std::size_t>(m_end); // not wrapped yet: offsets are positions
    while (length > 0) {
        const std::size_t n = std::min(length, m_ring.size() - pos);
        std::memcpy(m_ring.data() + pos, data, n);
        data += n;
        length -= n;
        m_end += n;
        pos = (pos + n) % m_ring.size();
    }
}

std::uint64_t ReceiveLog::begin() const
{
    std::lock_guard lock(m_mutex);
    return m_end > m_ring.size() ? m_end - m_ring.size() : 0;
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
    const std::uint64_t first = m_end > m_ring.size() ? m_end - m_ring.size() : 0;
    from = std::clamp(from, first, m_end);
    length = static_cast<std::size_t>(std::min<std::uint64_t>(length, m_end - from));
    std::string out(length, '\0');
    std::size_t done = 0;
    while (done < length) {
        const std::size_t pos = static_cast<std::size_t>((from + done) % m_ring.size());
        const std::size_t n = std::min(length - done, m_ring.size() - pos);
        std::memcpy(out.data() + done, m_ring.data() + pos, n);
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

} // namespace sks
