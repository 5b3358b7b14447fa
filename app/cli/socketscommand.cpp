// sockscope-cli sockets: the machine's sockets, one line each in the spirit of `ss -anp`,
// or as a JSON array.
#include "app/cli/clicommands.h"

#include "core/inspect/jsonwriter.h"
#include "core/inspect/socketinventory.h"

#include <algorithm>
#include <array>
#include <ostream>
#include <string>
#include <vector>

namespace cli {
namespace {

namespace inspect = sks::inspect;

constexpr std::string_view kSocketsUsage =
    "usage: sockscope-cli sockets [--tcp] [--udp] [--unix] [--listening] [--json]\n"
    "\n"
    "Every socket on this machine, with the process holding it (like ss -anp).\n"
    "Without --tcp/--udp/--unix, all three kinds are listed.\n"
    "\n"
    "options:\n"
    "  --tcp          TCP sockets (IPv4 and IPv6)\n"
    "  --udp          UDP sockets (IPv4 and IPv6)\n"
    "  --unix         Unix domain sockets\n"
    "  --listening    only sockets waiting for peers (LISTEN, and UNCONN as ss -l shows them)\n"
    "  --json         a JSON array of objects: netid, family, type, state, local, peer,\n"
    "                 rx_queue, tx_queue, inode, uid, pid, process, fd, peer_inode, rtt_us,\n"
    "                 retransmits, bytes_acked, bytes_received (null where unknown);\n"
    "                 addresses read 127.0.0.1:8080, [::1]:8080, /path, @abstract, (unnamed)\n"
    "  -h, --help     this text\n"
    "\n"
    "Without root, the processes of other users are not visible: their sockets show no process.\n";

struct SocketsArgs {
    inspect::SnapshotFilter filter;
    bool json = false;
    bool help = false;
};

// The parsed arguments, or the message for a bad one.
std::expected<SocketsArgs, std::string> parseArgs(Args args)
{
    SocketsArgs parsed;
    for (const std::string_view arg : args) {
        if (arg == "--tcp")
            parsed.filter.tcp = true;
        else if (arg == "--udp")
            parsed.filter.udp = true;
        else if (arg == "--unix")
            parsed.filter.unixDomain = true;
        else if (arg == "--listening")
            parsed.filter.listeningOnly = true;
        else if (arg == "--json")
            parsed.json = true;
        else if (arg == "-h" || arg == "--help")
            parsed.help = true;
        else if (arg.starts_with('-'))
            return std::unexpected("unknown option '" + std::string(arg) + "'");
        else
            return std::unexpected("unexpected argument '" + std::string(arg) + "' (sockets takes only options)");
    }
    return parsed;
}

// ss's way: a zero port is "*".
std::string displayAddress(const sks::Endpoint& endpoint)
{
    std::string text = endpoint.toString();
    if (endpoint.port() == 0 && text.ends_with(":0"))
        text.back() = '*';
    return text.empty() ? std::string("*") : text;
}

// ss's way for Unix sockets: the name (or "*" when unnamed) and the inode.
std::string displayUnixAddress(const sks::Endpoint& endpoint, std::uint64_t inode)
{
    const bool named = endpoint.isUnix() && !endpoint.isUnnamedUnix();
    return (named ? endpoint.toString() : std::string("*")) + " " + std::to_string(inode);
}

std::string displayProcess(const inspect::SystemSocket& socket)
{
    if (!socket.owner)
        return {};
    return std::to_string(socket.owner->pid) + "/" + socket.owner->process + " fd=" + std::to_string(socket.owner->fd);
}

using TableRow = std::array<std::string, 7>;

TableRow tableRow(const inspect::SystemSocket& s)
{
    const bool unixSocket = s.family == sks::Family::Unix;
    return {std::string(inspect::netidName(s)),
            std::string(s.state),
            std::to_string(s.rxQueue),
            std::to_string(s.txQueue),
            unixSocket ? displayUnixAddress(s.local, s.inode) : displayAddress(s.local),
            unixSocket ? displayUnixAddress(s.peer, s.peerInode) : displayAddress(s.peer),
            displayProcess(s)};
}

void writeTable(const std::vector<inspect::SystemSocket>& sockets, std::ostream& out)
{
    std::vector<TableRow> rows;
    rows.reserve(sockets.size() + 1);
    rows.push_back({"Netid", "State", "Recv-Q", "Send-Q", "Local", "Peer", "Process"});
    for (const auto& socket : sockets)
        rows.push_back(tableRow(socket));
    std::array<std::size_t, 7> width{};
    for (const TableRow& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c)
            width[c] = std::max(width[c], row[c].size());
    std::string text;
    for (const TableRow& row : rows) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            const bool numeric = c == 2 || c == 3;
            const std::string pad(width[c] - row[c].size(), ' ');
            text += numeric ? pad + row[c] : row[c];
            if (c + 1 < row.size())
                text += numeric ? std::string(" ") : pad + " ";
        }
        while (text.ends_with(' '))
            text.pop_back();
        text += '\n';
    }
    out << text;
}

void writeJsonObject(sks::json::Writer& json, const inspect::SystemSocket& s)
{
    const auto optionalEndpoint = [](const sks::Endpoint& e) {
        return e.isEmpty() ? std::optional<std::string>() : std::optional<std::string>(e.toString());
    };
    const auto tcp = [&s](auto field) { return s.tcp ? std::optional(field(*s.tcp)) : std::nullopt; };
    json.beginObject()
        .member("netid", inspect::netidName(s))
        .member("family", sks::familyName(s.family))
        .member("type", inspect::socketTypeName(s.type))
        .member("state", s.state)
        .member("local", optionalEndpoint(s.local))
        .member("peer", optionalEndpoint(s.peer))
        .member("rx_queue", s.rxQueue)
        .member("tx_queue", s.txQueue)
        .member("inode", s.inode)
        .member("uid", s.uid)
        .member("pid", s.owner ? std::optional(s.owner->pid) : std::nullopt)
        .member("process", s.owner ? std::optional(s.owner->process) : std::nullopt)
        .member("fd", s.owner ? std::optional(s.owner->fd) : std::nullopt)
        .member("peer_inode", s.family == sks::Family::Unix ? std::optional(s.peerInode) : std::nullopt)
        .member("rtt_us", tcp([](const inspect::TcpDetails& t) { return t.rttUs; }))
        .member("retransmits", tcp([](const inspect::TcpDetails& t) { return t.retransmits; }))
        .member("bytes_acked", tcp([](const inspect::TcpDetails& t) { return t.bytesAcked; }))
        .member("bytes_received", tcp([](const inspect::TcpDetails& t) { return t.bytesReceived; }))
        .endObject();
}

// One object per line, so the output reads (and diffs) like the table.
void writeJson(const std::vector<inspect::SystemSocket>& sockets, std::ostream& out)
{
    std::string text = "[";
    for (std::size_t i = 0; i < sockets.size(); ++i) {
        text += i == 0 ? "\n" : ",\n";
        sks::json::Writer json(text);
        writeJsonObject(json, sockets[i]);
    }
    text += "\n]\n";
    out << text;
}

} // namespace

int socketsCommand(Args args, std::ostream& out, std::ostream& err)
{
    const auto parsed = parseArgs(args);
    if (!parsed) {
        err << "sockscope-cli sockets: " << parsed.error() << "\n\n" << kSocketsUsage;
        return 2;
    }
    if (parsed->help) {
        out << kSocketsUsage;
        return 0;
    }
    inspect::SnapshotOptions options;
    options.filter = parsed->filter;
    options.owners = true;
    const auto snapshot = inspect::takeSocketSnapshot(options);
    if (!snapshot) {
        err << "sockscope-cli sockets: " << snapshot.error().toString() << '\n';
        return 1;
    }
    if (!snapshot->sourceMessage.empty())
        err << "sockscope-cli sockets: note: " << snapshot->sourceMessage << '\n';
    if (snapshot->unreadableProcesses > 0)
        err << "sockscope-cli sockets: note: the sockets of " << snapshot->unreadableProcesses
            << " processes of other users show no process (run as root to see them)\n";
    if (parsed->json)
        writeJson(snapshot->sockets, out);
    else
        writeTable(snapshot->sockets, out);
    out.flush();
    return out ? 0 : 1;
}

} // namespace cli
