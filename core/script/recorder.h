#pragma once
// "Save session as lesson": records the commands the user posts and what the engine made
// of them, and prints a .sks lesson that replays to the same calls and results.

#include "core/engine/commands.h"
#include "core/engine/events.h"
#include "core/script/ast.h"

#include <netinet/in.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
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
    // what a replay should reproduce. Kept of each: seq, ticket, call, text, result, errno,
    // pending and new socket (not the time, socket id or fd).
    std::vector<JournalEntry> recordedCalls() const;

    // Forgets everything (a new recording).
    void clear();

private:
    // What few items have; on the heap so that the many that do not pay one pointer.
    struct Notes {
        std::string skipped;  // why it cannot be replayed (a socket from before recording)
        std::string refused;  // the engine's notice when it refused the command
        std::string received; // the bytes its receive returned
        std::string bytes;    // send, sendto, sendfd: the payload
        std::optional<Endpoint> endpoint; // bind, connect, sendto: an address no recorded socket stands for
    };
    // A Call without its strings: sockets by id (named from m_names when printed), the
    // payload and a literal address in Notes. ~64 bytes instead of a Call's ~360.
    enum Slot : std::uint8_t { Name0, Name1, OnSocket, Passed, AddressSocket, SlotCount };
    struct CompactCall {
        Op op = Op::Close;
        Family family = Family::IPv4;
        SockType type = SockType::Stream;
        SockOption option = SockOption::ReuseAddr;
        ShutdownHow how = ShutdownHow::Write;
        bool on = false;
        std::uint8_t present = 0; // bit per Slot
        std::uint8_t unnamed = 0; // bit per Slot: no name when recorded, printed as sock<id>
        int value = 0;
        int value2 = 0;
        std::int64_t count = 0;
        SocketId ids[SlotCount] = {};
    };
    // What a call's journal entry said, as far as the lesson needs it.
    struct Outcome {
        std::uint64_t seq = 0;
        std::int64_t result = 0;
        SocketId newSocket = 0;
        int error = 0;
        bool pending = false;
        std::string text;
    };
    struct Item {
        Ticket ticket = 0;
        std::uint64_t postIndex = 0;
        CompactCall call;
        bool journals = true;   // false: a mode command (journals nothing)
        bool dropped = false;   // autoaccept: its accepts are recorded one by one instead
        bool automatic = false; // an accept the engine made by itself
        std::uint64_t postedAt = 0; // events seen when it was posted
        std::optional<std::uint64_t> firstEvent, doneEvent;
        std::optional<Outcome> primary;
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

    bool callFor(const Command& command, Item& item, std::string& skipped);
    void setSlot(CompactCall& call, Slot slot, SocketId id, std::string& skipped) const;
    std::string slotName(const CompactCall& call, Slot slot) const;
    Call callOf(const Item& item) const;
    static Outcome outcomeOf(const JournalEntry& e);
    static JournalEntry entryOf(const Item& item);
    std::string newName(SocketId id, const std::string& base);
    void setAddress(Item& item, const Endpoint& endpoint) const;
    void onEntry(const JournalEntry& entry);
    void completed(Item& item);
    std::vector<Ordered> ordered() const;
    Statement statementFor(const Item& item) const;

    // What addressFor() needs of a socket: its bound address and whether it is open. Not the
    // whole SocketInfo: 20,000 recorded sockets would cost ~12 MB for these two fields.
    // An IPv4/IPv6 address (nearly every socket) is kept as its sockaddr (28 bytes instead
    // of an Endpoint's ~176); any other (a Unix path) as a whole Endpoint on the heap.
    struct Bound {
        sockaddr_in6 inet{};
        socklen_t length = 0;
        std::uint16_t port = 0;
        Family family = Family::Unspecified;
        bool open = true;
        std::unique_ptr<Endpoint> other;

        Bound(const Endpoint& local, bool isOpen);
        // Whether this address is what `target` points at (standsFor()).
        bool standsFor(const Endpoint& target) const;
    };

    std::string m_unixDir;
    std::deque<Item> m_items; // a deque: no doubling slack (an Item is ~700 bytes)
    // Key -> item index, sorted by key: 16 bytes an entry where a map node costs ~64. Keys
    // (tickets, journal seqs) arrive nearly always in increasing order, so inserts append.
    using Index = std::vector<std::pair<std::uint64_t, std::size_t>>;
    static void put(Index& index, std::uint64_t key, std::size_t item);
    static const std::size_t* find(const Index& index, std::uint64_t key);

    Index m_byTicket;
    Index m_bySeq; // journal seq -> item, for Received
    std::map<SocketId, std::string> m_names;
    std::map<std::string, int> m_used; // base name -> how many so far
    std::map<SocketId, Bound> m_sockets; // sockets with a local address
    std::uint64_t m_events = 0;
    std::uint64_t m_posts = 0;
};

} // namespace sks::script
