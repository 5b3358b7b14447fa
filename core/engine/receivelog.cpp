#include "core/engine/receivelog.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <new>

namespace sks {
namespace {
// A full ring is written all over at wire speed: 2 MiB pages spare the TLB a miss per
// 4 KiB of bulk traffic (where the kernel has them to give; a hint, never required).
constexpr std::size_t kHugePage = 2u << 20;
} // namespace

ReceiveLog::ReceiveLog(std::size_t capacity)
    : m_capacity(capacity == 0 ? 1 : capacity), m_ringSize(m_capacity + kMaxWrite)
{
}

ReceiveLog::~ReceiveLog() { release(m_ring); }

ReceiveLog::Buffer ReceiveLog::allocate(std::size_t size)
{
    if (size < kHugePage)
        return {static_cast<char*>(::operator new(size)), size};
    auto* data = static_cast<char*>(::operator new(size, std::align_val_t(kHugePage)));
    ::madvise(data, size / kHugePage * kHugePage, MADV_HUGEPAGE);
    return {data, size};
}

void ReceiveLog::release(Buffer& buffer)
{
    if (!buffer.data)
        return;
    if (buffer.size < kHugePage)
        ::operator delete(buffer.data);
    else
        ::operator delete(buffer.data, std::align_val_t(kHugePage));
    buffer = {};
}

std::size_t ReceiveLog::prepare(std::size_t want)
{
    if (m_ring.size < m_ringSize && m_end + want > m_ring.size) {
        // Not wrapped yet, so stream offsets are ring positions: the held bytes keep theirs.
        const std::uint64_t needed = std::max<std::uint64_t>(m_ring.size * 2, m_end + want);
        Buffer bigger = allocate(static_cast<std::size_t>(std::min<std::uint64_t>(m_ringSize, needed)));
        if (m_ring.size)
            std::memcpy(bigger.data, m_ring.data, m_ring.size);
        release(m_ring);
        m_ring = bigger;
    }
    return static_cast<std::size_t>(m_end % m_ring.size);
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
    std::size_t pos = prepare(length);
    while (length > 0) {
        const std::size_t n = std::min(length, m_ring.size - pos);
        std::memcpy(m_ring.data + pos, data, n);
        data += n;
        length -= n;
        m_end += n;
        pos = (pos + n) % m_ring.size;
    }
}

std::span<char> ReceiveLog::writable(std::size_t want)
{
    want = std::clamp<std::size_t>(want, 1, kMaxWrite);
    std::lock_guard lock(m_mutex);
    const std::size_t pos = prepare(want);
    return {m_ring.data + pos, std::min(want, m_ring.size - pos)};
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
        const std::size_t pos = static_cast<std::size_t>((from + done) % m_ring.size);
        const std::size_t n = std::min(length - done, m_ring.size - pos);
        std::memcpy(out.data() + done, m_ring.data + pos, n);
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
