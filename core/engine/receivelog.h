#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace sks {

// The bytes a socket received, as one stream: the newest `capacity` bytes are kept, older
// ones leave the log (never the counters), and each recv or datagram start is marked.
//
// Threads: the engine thread appends (append(), or writable() + commit()); any thread (the
// GUI, once per frame) reads. Every method takes the internal mutex briefly; no method
// blocks on I/O.
class ReceiveLog {
public:
    static constexpr std::size_t kDefaultCapacity = 16u << 20;
    static constexpr std::size_t kMaxBoundaries = 1u << 16;
    // The most writable() hands out at once. The ring holds capacity + this much, so the
    // bytes a recv is writing never overlap the `capacity` bytes readers may be reading.
    static constexpr std::size_t kMaxWrite = 1u << 20;

    explicit ReceiveLog(std::size_t capacity = kDefaultCapacity);
    ~ReceiveLog();
    ReceiveLog(const ReceiveLog&) = delete;
    ReceiveLog& operator=(const ReceiveLog&) = delete;

    // One recv's bytes (a datagram: one message). Keeps the newest `capacity` bytes.
    void append(const char* data, std::size_t length);

    // Zero-copy append for the engine thread: free space at the end of the stream, up to
    // min(want, kMaxWrite) contiguous bytes (fewer where the ring wraps; empty only when
    // the ring could not be mapped, see error()), to recv() into directly. Readers never
    // see it until commit(n), which appends its first n bytes as one recv. Only the appending thread may call these, and
    // a span is valid until that thread's next writable(), commit() or append().
    std::span<char> writable(std::size_t want);
    void commit(std::size_t length);

    // Offsets count every byte ever appended: [begin(), end()) is what is still held.
    std::uint64_t begin() const;
    std::uint64_t end() const;
    // Up to `length` bytes from stream offset `from` (clamped to what is held).
    std::string read(std::uint64_t from, std::size_t length) const;
    // Start offsets of the recv calls / datagrams within [from, to), oldest first. Only the
    // newest kMaxBoundaries marks are kept.
    std::vector<std::uint64_t> boundaries(std::uint64_t from, std::uint64_t to) const;
    // How many times append() (or commit()) ran; lets a viewer skip work when nothing changed.
    std::uint64_t generation() const;
    // The errno of the ring's mmap() when it failed (ENOMEM: no address space or commit
    // left), else 0. Such a log still counts and marks every byte appended (end() moves),
    // but holds none of them: begin() == end(). Nothing throws.
    int error() const;

private:
    // Maps the ring on first use; returns the ring position of m_end, or false when the
    // ring could not be mapped (m_error set). Mutex held.
    bool prepare(std::size_t& position);
    // The offset of the oldest byte held; without a ring (never mapped, or mapping
    // failed) nothing is held.
    std::uint64_t firstHeld() const { return !m_ring ? m_end : m_end > m_capacity ? m_end - m_capacity : 0; }

    mutable std::mutex m_mutex;
    std::size_t m_capacity;
    std::size_t m_ringSize; // m_capacity + write slack: where the ring wraps
    char* m_ring = nullptr; // m_ringSize bytes of address space, backed as it is written
    std::uint64_t m_end = 0;
    int m_error = 0;
    std::deque<std::uint64_t> m_marks;
    std::uint64_t m_generation = 0;
};

} // namespace sks
