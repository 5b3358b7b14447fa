#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace sks {

// The bytes a socket received, as one stream: the newest `capacity` bytes are kept, older
// ones leave the log (never the counters), and each recv or datagram start is marked.
//
// Threads: the engine thread appends; any thread (the GUI, once per frame) reads. Every
// method takes the internal mutex briefly; no method blocks on I/O.
class ReceiveLog {
public:
    static constexpr std::size_t kDefaultCapacity = 16u << 20;
    static constexpr std::size_t kMaxBoundaries = 1u << 16;

    explicit ReceiveLog(std::size_t capacity = kDefaultCapacity);

    // One recv's bytes (a datagram: one message). Keeps the newest `capacity` bytes.
    void append(const char* data, std::size_t length);

    // Offsets count every byte ever appended: [begin(), end()) is what is still held.
    std::uint64_t begin() const;
    std::uint64_t end() const;
    // Up to `length` bytes from stream offset `from` (clamped to what is held).
    std::string read(std::uint64_t from, std::size_t length) const;
    // Start offsets of the recv calls / datagrams within [from, to), oldest first. Only the
    // newest kMaxBoundaries marks are kept.
    std::vector<std::uint64_t> boundaries(std::uint64_t from, std::uint64_t to) const;
    // How many times append() ran; lets a viewer skip work when nothing changed.
    std::uint64_t generation() const;

private:
    mutable std::mutex m_mutex;
    std::size_t m_capacity;
    std::vector<char> m_ring; // grows up to m_capacity, then wraps
    std::uint64_t m_end = 0;
    std::deque<std::uint64_t> m_marks;
    std::uint64_t m_generation = 0;
};

} // namespace sks
