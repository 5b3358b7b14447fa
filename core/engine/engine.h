#pragma once

#include "core/engine/commands.h"
#include "core/engine/events.h"
#include "core/engine/receivelog.h"
#include "core/sys/result.h"

#include <memory>
#include <vector>

namespace sks {

class EngineLoop;

// Owns every socket the user creates and runs their system calls on its own thread.
//
// Threads: post(), newSocketId(), notifyFd() and takeBatches() may be called from any
// thread (the GUI calls them); everything else happens on the engine thread, which is
// the only thread that touches the user's sockets. All descriptors are non-blocking.
//
// Data path: commands go in through a mutex-protected queue and an eventfd that wakes the
// engine's epoll loop; results come back as EventBatch values through a second queue
// whose eventfd (notifyFd()) becomes readable when a batch is ready. Batches are flushed
// at most once per frame (~16 ms) under load and immediately when idle.
class Engine {
public:
    // Starts the engine thread. Fails only if epoll/eventfd cannot be created (EMFILE...).
    static SysResult<std::unique_ptr<Engine>> start();
    // Stops the thread and closes every socket still open.
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // A fresh socket id for cmd::Create. Thread-safe.
    SocketId newSocketId() noexcept;

    // Queues a command; never blocks on the network. Thread-safe. The ticket marks every
    // journal entry and notice the command produces.
    Ticket post(Command command);

    // Convenience: allocates an id, posts cmd::Create and returns the id.
    SocketId create(Family family, SockType type, Role role);

    // A private directory (mode 0700) for Unix socket files, removed with its socket files
    // when the engine stops. Constant for the engine's life; any thread.
    const std::string& runtimeDir() const noexcept;

    // Readable (an eventfd) while batches wait in takeBatches(). Owned by the engine.
    int notifyFd() const noexcept;

    // The bytes socket `id` received so far (the newest 16 MiB), or nullptr when it has
    // received nothing yet. The log stays valid while the caller holds it. Thread-safe.
    std::shared_ptr<const ReceiveLog> receiveLog(SocketId id) const;

    // Takes every batch ready so far (oldest first) and resets notifyFd(). Never blocks.
    std::vector<EventBatch> takeBatches();

private:
    explicit Engine(std::unique_ptr<EngineLoop> loop);
    std::unique_ptr<EngineLoop> m_loop;
};

} // namespace sks
