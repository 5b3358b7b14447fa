#pragma once
// "Save session as lesson": records the commands the user posts and what the engine made
// of them, and prints a .sks lesson that replays to the same calls and results.

#include "core/engine/commands.h"
#include "core/engine/events.h"
#include "core/script/ast.h"

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sks::script {

// Not thread-safe: the GUI thread owns it (it posts the commands and drains the batches).
//
// Feed it every command right after posting it, and every batch, in the order the engine
// delivers them. The lesson orders each call where it completed, so a blocking accept the
// user started before the client connected replays after the connect. A connection the
// engine accepted by itself (auto-accept) becomes an explicit `conn = accept(srv)` where it
// happened, and autoaccept itself is left out. An address that is another recorded
// socket's bound address (an ephemeral port) is written as that socket's name.
// Calls on sockets made before recording began, and calls the engine refused, become
// comments; a call still waiting when print() runs is written commented out.
class LessonRecorder {
public:
    // `unixDir`: Unix paths inside it (the engine's runtime directory) are written as
    // ./relative paths, which the runner places in a private directory of its own.
    explicit LessonRecorder(std::string unixDir = {});

    // A command the user posted and the ticket Engine::post (or the bridge) returned.
    void commandPosted(Ticket ticket, const Command& command);
    // A batch from the engine; every one, in order, while recording.
    void feed(const EventBatch& batch);

    // The lesson so far: one statement per recorded call, expectations from the recorded
    // results (an errno, the bytes a receive returned, a send's byte count, an option value).
    Program program() const;
    // program() as .sks text, with a header comment.
    std::string print() const;
    // The recorded journal entry of each call statement of program(), in the same order:
    // what a replay should reproduce.
    std::vector<JournalEntry> recordedCalls() const;

    // Forgets everything (a new recording).
    void clear();

private:
    // What few items have; on the heap so that the many that do not pay one pointer.
    struct Notes {
        std::string skipped;  // why it cannot be replayed (a socket from before recording)
        std::string refused;  // the engine's notice when it refused the command
        std::string received; // the bytes its receive returned
    };
    struct Item {
        Ticket ticket = 0;
        std::uint64_t postIndex = 0;
        Call call;
        bool journals = true;   // false: a mode command (journals nothing)
        bool dropped = false;   // autoaccept: its accepts are recorded one by one instead
        bool automatic = false; // an accept the engine made by itself
        std::uint64_t postedAt = 0; // events seen when it was posted
        std::optional<std::uint64_t> firstEvent, doneEvent;
        std::optional<JournalEntry> primary;
        std::unique_ptr<Notes> notes;

        Notes& editNotes();
        const std::string& skipped() const;
        const std::string& refused() const;
        const std::string& received() const;
    };
    struct Ordered {
        std::uint64_t event = 0;
        std::uint64_t post = 0;
        const Item* item = nullptr;
        friend bool operator<(const Ordered& a, const Ordered& b) { return a.event != b.event ? a.event < b.event : a.post < b.post; }
    };

    std::optional<Call> callFor(const Command& command, std::string& skipped);
    std::string name(SocketId id, std::string& skipped) const;
    std::string newName(SocketId id, const std::string& base);
    Address addressFor(const Endpoint& endpoint) const;
    void onEntry(const JournalEntry& entry);
    void completed(Item& item);
    std::vector<Ordered> ordered() const;
    Statement statementFor(const Item& item) const;

    // What addressFor() needs of a socket: its bound address and whether it is open. Not the
    // whole SocketInfo: 20,000 recorded sockets would cost ~12 MB for these two fields.
    struct Bound {
        Endpoint local;
        bool open = true;
    };

    std::string m_unixDir;
    std::deque<Item> m_items; // a deque: no doubling slack (an Item is ~700 bytes)
    std::unordered_map<Ticket, std::size_t> m_byTicket;
    std::map<std::uint64_t, std::size_t> m_bySeq; // journal seq -> item, for Received
    std::map<SocketId, std::string> m_names;
    std::map<std::string, int> m_used; // base name -> how many so far
    std::map<SocketId, Bound> m_sockets; // sockets with a local address
    std::uint64_t m_events = 0;
    std::uint64_t m_posts = 0;
};

} // namespace sks::script
