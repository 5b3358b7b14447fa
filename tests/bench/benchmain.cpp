// sockscope-bench: runs the measurements (all, or those named with --only), each bounded in
// rounds and time, on loopback only, and prints a table or one JSON object.
#include "tests/bench/benchmarks.h"

#include "core/inspect/jsonwriter.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <span>
#include <string_view>
#include <vector>

namespace {

using namespace bench;

// Every measurement, in the order they run. Add new ones here.
constexpr std::array kBenchmarks = {
    Benchmark{"inventory", "system sockets inventory vs ss -tanp / ss -tan with ~10,000 loopback connections",
              inventoryBenchmark},
    Benchmark{"tcp_ratio", "generator -> auto-receive in the engine vs a raw 64 KiB send/recv loop, TCP", tcpRatioBenchmark},
    Benchmark{"unix_ratio", "the same over a Unix stream socketpair", unixRatioBenchmark},
    Benchmark{"churn_ratio", "connect+accept+close cycles/s through the engine vs a raw loop", churnRatioBenchmark},
    Benchmark{"pairs", "9,990 client/server pairs in the app: create time, bytes per socket, GUI lag", pairsBenchmark},
    Benchmark{"gui_lag", "GUI timer lateness p99 while the generator runs at full speed, every panel visible (GUI, offscreen)",
              guiLagBenchmark},
    Benchmark{"burst_stall", "longest GUI stall while a 1 GiB burst arrives with the payload console open (GUI, offscreen)",
              burstStallBenchmark},
};

constexpr std::string_view kUsage =
    "usage: sockscope-bench [--only NAME[,NAME...]] [--json] [--rounds N] [--max-seconds S]\n"
    "                       [--connections N] [--list]\n"
    "\n"
    "  --only NAME      run only these measurements (see --list); default: all\n"
    "  --json           print one JSON object with every figure instead of a table\n"
    "  --rounds N       timed rounds per figure, medians reported (default 7, 1-1000)\n"
    "  --max-seconds S  stop adding rounds to a measurement after S seconds (default 120)\n"
    "  --connections N  loopback connections to hold open (default 9900; capped to the fd limit)\n"
    "  --list           the measurements' names\n";

struct Command {
    BenchOptions options;
    std::vector<std::string_view> only;
    bool json = false;
    bool list = false;
    bool help = false;
};

bool parseInt(std::string_view text, int low, int high, int& out)
{
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < low || value > high)
        return false;
    out = value;
    return true;
}

void splitNames(std::string_view list, std::vector<std::string_view>& out)
{
    while (!list.empty()) {
        const std::size_t comma = std::min(list.find(','), list.size());
        if (comma > 0)
            out.push_back(list.substr(0, comma));
        list.remove_prefix(std::min(comma + 1, list.size()));
    }
}

// The parsed command line, or the message for a bad one.
std::expected<Command, std::string> parseCommand(std::span<const std::string_view> args)
{
    Command command;
    int maxSeconds = 120;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const bool hasValue = i + 1 < args.size();
        if (arg == "--json")
            command.json = true;
        else if (arg == "--list")
            command.list = true;
        else if (arg == "-h" || arg == "--help")
            command.help = true;
        else if (arg == "--only" && hasValue)
            splitNames(args[++i], command.only);
        else if (arg == "--rounds" && hasValue && parseInt(args[++i], 1, 1000, command.options.rounds))
            continue;
        else if (arg == "--max-seconds" && hasValue && parseInt(args[++i], 1, 3600, maxSeconds))
            continue;
        else if (arg == "--connections" && hasValue && parseInt(args[++i], 1, 1000000, command.options.connections))
            continue;
        else
            return std::unexpected("bad argument '" + std::string(arg) + "'" + (hasValue ? "" : " (or a missing value)"));
    }
    command.options.maxSeconds = maxSeconds;
    for (const std::string_view name : command.only)
        if (std::ranges::none_of(kBenchmarks, [name](const Benchmark& b) { return b.name == name; }))
            return std::unexpected("no measurement named '" + std::string(name) + "' (see --list)");
    return command;
}

void printTable(const Report& report)
{
    std::printf("%s\n", report.title().c_str());
    for (const Figure& f : report.figures()) {
        const bool whole = f.unit.empty() || f.unit == "B";
        std::printf("  %-34s %12.*f %-3s %s\n", f.label.c_str(), whole ? 0 : f.unit == "x" ? 3 : 2, f.value,
                    f.unit.c_str(), f.note.c_str());
    }
    std::printf("\n");
}

void printJson(const std::vector<Report>& reports, const std::vector<std::string_view>& ran)
{
    std::string text;
    sks::json::Writer json(text);
    json.beginObject().key("benchmarks").beginArray();
    for (const std::string_view name : ran)
        json.value(name);
    json.endArray();
    for (const Report& report : reports)
        for (const Figure& f : report.figures())
            json.member(f.key, f.value);
    json.endObject();
    std::printf("%s\n", text.c_str());
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    const auto command = parseCommand(args);
    if (!command) {
        std::cerr << "sockscope-bench: " << command.error() << "\n\n" << kUsage;
        return 2;
    }
    if (command->help || command->list) {
        if (command->help)
            std::cout << kUsage << "\nmeasurements:\n";
        for (const Benchmark& b : kBenchmarks)
            std::cout << b.name << "  " << b.description << '\n';
        return 0;
    }
    std::vector<Report> reports;
    std::vector<std::string_view> ran;
    for (const Benchmark& benchmark : kBenchmarks) {
        if (!command->only.empty() && std::ranges::find(command->only, benchmark.name) == command->only.end())
            continue;
        Report& report = reports.emplace_back();
        if (auto done = benchmark.run(command->options, report); !done) {
            std::cerr << "sockscope-bench: " << benchmark.name << ": " << done.error() << '\n';
            return 1;
        }
        ran.push_back(benchmark.name);
        if (!command->json)
            printTable(report);
    }
    if (command->json)
        printJson(reports, ran);
    return 0;
}
