#pragma once
// Shared helpers for the tests. Header-only, small.

#include "core/engine/engine.h"

#include <poll.h>

#include <QDir>
#include <QTest>
#include <QStringList>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace testsupport {

// The descriptors this process has open, as the kernel lists them in /proc/self/fd.
inline QStringList openFds()
{
    QStringList fds = QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System);
    fds.sort();
    return fds;
}

// Collects an Engine's batches the way the GUI does, without Qt: waits on notifyFd()
// with poll() and keeps the latest snapshot of every socket and the whole journal.
class EngineProbe {
public:
    explicit EngineProbe(sks::Engine& engine) : m_engine(engine) {}

    // Pumps batches until `done()` holds or `timeout` passes. Returns done().
    bool waitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(5))
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!done()) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0)
                return false;
            pollfd p{m_engine.notifyFd(), POLLIN, 0};
            if (::poll(&p, 1, static_cast<int>(left.count())) > 0)
                pump();
        }
        return true;
    }

    void pump()
    {
        for (sks::EventBatch& b : m_engine.takeBatches()) {
            for (auto& e : b.journal) {
                if (e.seq < journal.size())
                    journal[e.seq] = e;
                else
                    journal.push_back(e);
            }
            for (auto& s : b.sockets)
                sockets[s.id] = s;
            for (auto& n : b.notices)
                notices.push_back(n);
            for (auto& r : b.received)
                received.push_back(r);
            totals = b.totals;
            ++batches;
        }
    }

    const sks::SocketInfo* socket(sks::SocketId id) const
    {
        auto it = sockets.find(id);
        return it == sockets.end() ? nullptr : &it->second;
    }
    bool inState(sks::SocketId id, sks::SocketState state) const
    {
        const auto* s = socket(id);
        return s && s->state == state;
    }
    bool waitState(sks::SocketId id, sks::SocketState state)
    {
        return waitFor([&] { return inState(id, state); });
    }
    // The last journal entry for `call` on socket `id`, or nullptr.
    const sks::JournalEntry* lastCall(sks::SocketId id, const std::string& call) const
    {
        for (auto it = journal.rbegin(); it != journal.rend(); ++it)
            if (it->socket == id && it->call == call)
                return &*it;
        return nullptr;
    }
    // Waits until `call` on `id` has a completed (not pending) entry; returns it or nullptr.
    const sks::JournalEntry* waitCall(sks::SocketId id, const std::string& call)
    {
        waitFor([&] {
            const auto* e = lastCall(id, call);
            return e && !e->pending;
        });
        const auto* e = lastCall(id, call);
        return e && !e->pending ? e : nullptr;
    }
    // Sockets accepted by `listener`, in id order.
    std::vector<sks::SocketInfo> children(sks::SocketId listener) const
    {
        std::vector<sks::SocketInfo> out;
        for (const auto& [id, s] : sockets)
            if (s.parent == listener)
                out.push_back(s);
        return out;
    }

    std::map<sks::SocketId, sks::SocketInfo> sockets;
    std::vector<sks::JournalEntry> journal;
    std::vector<sks::Notice> notices;
    std::vector<sks::Received> received;
    sks::Totals totals;
    int batches = 0;

private:
    sks::Engine& m_engine;
};

} // namespace testsupport

// --- Helpers for the GUI tests (models and widgets). Templates, so the core-only tests
// that include this header need no app/ code. They wait by processing Qt events (which
// lets an EngineBridge drain its batches), never by sleeping.
namespace testsupport {

// Waits until the sockets model knows `id` and `done(info)` holds.
template <class SocketsModelT, class Predicate>
bool waitSocket(const SocketsModelT& model, sks::SocketId id, Predicate done, int timeoutMs = 5000)
{
    return QTest::qWaitFor([&] {
        const sks::SocketInfo* s = model.info(id);
        return s && done(*s);
    }, timeoutMs);
}

// Waits until socket `id` is in `state` (and not waiting in a call).
template <class SocketsModelT>
bool waitSocketState(const SocketsModelT& model, sks::SocketId id, sks::SocketState state, int timeoutMs = 5000)
{
    return waitSocket(model, id, [state](const sks::SocketInfo& s) {
        return s.state == state && s.waiting == sks::Waiting::None;
    }, timeoutMs);
}

// The first journal row at or after `from` whose entry satisfies `match`, or -1.
template <class JournalModelT, class Predicate>
int findJournalRow(const JournalModelT& journal, Predicate match, int from = 0)
{
    for (int row = from; row < journal.rowCount(); ++row)
        if (match(journal.entry(row)))
            return row;
    return -1;
}

// Waits until a completed journal entry for `call` on socket `id` exists; returns its row or -1.
template <class JournalModelT>
int waitJournalCall(const JournalModelT& journal, sks::SocketId id, const std::string& call, int timeoutMs = 5000)
{
    const auto match = [&](const sks::JournalEntry& e) { return e.socket == id && e.call == call && !e.pending; };
    static_cast<void>(QTest::qWaitFor([&] { return findJournalRow(journal, match) >= 0; }, timeoutMs));
    return findJournalRow(journal, match);
}

} // namespace testsupport
