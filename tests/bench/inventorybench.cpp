// The system sockets inventory against ss, with ~10,000 established loopback connections:
// with owners vs `ss -tanp` (target <= 0.5x), without vs `ss -tan` (target <= 1.0x), and
// the memory of the snapshot and of the System sockets panel holding it.
#include "tests/bench/benchmarks.h"
#include "tests/bench/flowbenchsupport.h"

#include "app/systemsocketsmodel.h"
#include "app/systemsocketsproxy.h"

#include "core/inspect/socketinventory.h"

#include <unistd.h>

#include <cstdio>

namespace bench {
namespace {

namespace inspect = sks::inspect;

// Descriptors left for stdio, the netlink socket, /proc directories and the program timer.
constexpr std::uint64_t kSpareDescriptors = 100;
constexpr double kTargetWithOwners = 0.5;
constexpr double kTargetWithoutOwners = 1.0;

struct Samples {
    std::vector<double> ssTanp, withOwners, ssTan, withoutOwners;
};

std::expected<inspect::SocketSnapshot, std::string> tcpSnapshot(bool owners)
{
    inspect::SnapshotOptions options;
    options.filter.tcp = true;
    options.owners = owners;
    auto snapshot = inspect::takeSocketSnapshot(options);
    if (!snapshot)
        return std::unexpected(snapshot.error().toString());
    return std::move(*snapshot);
}

// Checks once that the inventory sees every connection with this process as its owner, so
// the timings below measure complete work.
std::expected<void, std::string> checkInventory(int connections)
{
    const auto snapshot = tcpSnapshot(true);
    if (!snapshot)
        return std::unexpected(snapshot.error());
    if (snapshot->source != inspect::SnapshotSource::Netlink)
        return std::unexpected("the inventory fell back to /proc/net: " + snapshot->sourceMessage);
    std::size_t ours = 0;
    for (const auto& socket : snapshot->sockets)
        ours += socket.owner && socket.owner->pid == ::getpid() ? 1 : 0;
    const auto expected = static_cast<std::size_t>(connections) * 2 + 1;
    if (ours < expected)
        return std::unexpected("the inventory found " + std::to_string(ours) + " of this process's "
                               + std::to_string(expected) + " sockets");
    return {};
}

// One round: each of the four, interleaved so drift in the machine's load hits all alike.
std::expected<void, std::string> timeRound(ProgramTimer& timer, Samples& samples)
{
    std::string error;
    const auto timeOurs = [&error](bool owners) {
        return millisecondsOf([&] {
            if (auto snapshot = tcpSnapshot(owners); !snapshot)
                error = snapshot.error();
        });
    };
    const auto tanp = timer.time({"ss", "-tanp"});
    if (!tanp)
        return std::unexpected(tanp.error());
    samples.ssTanp.push_back(*tanp);
    samples.withOwners.push_back(timeOurs(true));
    const auto tan = timer.time({"ss", "-tan"});
    if (!tan)
        return std::unexpected(tan.error());
    samples.ssTan.push_back(*tan);
    samples.withoutOwners.push_back(timeOurs(false));
    if (!error.empty())
        return std::unexpected(error);
    return {};
}

struct Memory {
    double snapshotPerRow = 0; // a held snapshot with owners, heap bytes per row
    double panelPerRow = 0;    // the System sockets panel's model and filter proxy holding it
    std::size_t rows = 0;
};

// Heap bytes a held snapshot (with owners) takes, then what the panel's model and its
// sorting/filtering proxy add once they hold it, each divided by the rows.
std::expected<Memory, std::string> memoryPerRow()
{
    startGui(); // the model and proxy are QObjects: give them an application
    const std::size_t before = heapInUse();
    auto snapshot = tcpSnapshot(true);
    if (!snapshot)
        return std::unexpected(snapshot.error());
    const std::size_t held = heapInUse();
    Memory memory;
    memory.rows = snapshot->sockets.size();
    if (memory.rows == 0)
        return memory;
    const auto rows = static_cast<double>(memory.rows);
    memory.snapshotPerRow = static_cast<double>(held - before) / rows;
    const std::size_t beforePanel = heapInUse();
    {
        SystemSocketsModel model;
        SystemSocketsProxy proxy(model);
        proxy.sort(SystemSocketsModel::Local);
        model.setSnapshot(std::move(*snapshot));
        memory.panelPerRow = static_cast<double>(heapInUse() - beforePanel) / rows;
    }
    return memory;
}

std::string verdict(double ratio, double target)
{
    char text[64];
    std::snprintf(text, sizeof text, "target <= %.1fx: %s", target, ratio <= target ? "met" : "MISSED");
    return text;
}

void fillReport(const Samples& samples, int connections, const Memory& memory, Report& report)
{
    const double ssTanp = median(samples.ssTanp);
    const double withOwners = median(samples.withOwners);
    const double ssTan = median(samples.ssTan);
    const double withoutOwners = median(samples.withoutOwners);
    const double ratioOwners = withOwners / ssTanp;
    const double ratioPlain = withoutOwners / ssTan;
    report.setTitle("inventory: " + std::to_string(connections) + " established loopback connections ("
                    + std::to_string(memory.rows) + " TCP sockets), medians of "
                    + std::to_string(samples.ssTan.size()) + " rounds");
    report.add("connections", "connections open", connections, "");
    report.add("tcp_sockets", "TCP sockets in the snapshot", static_cast<double>(memory.rows), "");
    report.add("rounds", "rounds", static_cast<double>(samples.ssTan.size()), "");
    report.add("ss_tanp_ms", "ss -tanp", ssTanp, "ms");
    report.add("inventory_owners_ms", "inventory, TCP, with owners", withOwners, "ms");
    report.add("inventory_vs_ss_tanp", "  vs ss -tanp", ratioOwners, "x", verdict(ratioOwners, kTargetWithOwners));
    report.add("ss_tan_ms", "ss -tan", ssTan, "ms");
    report.add("inventory_ms", "inventory, TCP, without owners", withoutOwners, "ms");
    report.add("inventory_vs_ss_tan", "  vs ss -tan", ratioPlain, "x", verdict(ratioPlain, kTargetWithoutOwners));
    report.add("snapshot_bytes_per_row", "snapshot memory per row (heap)", memory.snapshotPerRow, "B");
    report.add("panel_bytes_per_row", "  + model and proxy per row (heap)", memory.panelPerRow, "B");
    report.add("panel_mib", "System sockets panel with these rows",
               (memory.snapshotPerRow + memory.panelPerRow) * static_cast<double>(memory.rows) / (1 << 20), "MiB");
    report.add("row_struct_bytes", "sizeof(SystemSocket)", static_cast<double>(sizeof(inspect::SystemSocket)), "B");
}

} // namespace

std::expected<void, std::string> inventoryBenchmark(const BenchOptions& options, Report& report)
{
    auto timer = ProgramTimer::start(); // while this process holds few descriptors
    if (!timer)
        return std::unexpected(timer.error());
    const auto limit = raiseDescriptorLimit();
    if (!limit)
        return std::unexpected(limit.error());
    const std::uint64_t fits = *limit > kSpareDescriptors ? (*limit - kSpareDescriptors) / 2 : 0;
    const int count = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(options.connections), fits));
    auto connections = LoopbackConnections::open(count);
    if (!connections)
        return std::unexpected(connections.error());
    if (auto checked = checkInventory(count); !checked)
        return checked;
    Samples samples;
    if (auto warmUp = timeRound(*timer, samples); !warmUp)
        return warmUp;
    samples = {};
    const auto start = std::chrono::steady_clock::now();
    for (int round = 0; round < options.rounds; ++round) {
        if (auto timed = timeRound(*timer, samples); !timed)
            return timed;
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > options.maxSeconds)
            break;
    }
    const auto memory = memoryPerRow();
    if (!memory)
        return std::unexpected(memory.error());
    fillReport(samples, connections->count(), *memory, report);
    return {};
}

} // namespace bench
