#pragma once
// The measurements sockscope-bench can run. To add one: write a function with this
// signature in its own file, declare it here, and list it in benchmain.cpp's kBenchmarks.

#include "tests/bench/benchsupport.h"

#include <expected>
#include <string>
#include <string_view>

namespace bench {

// Fills `report` or returns why it could not measure.
using BenchmarkFunction = std::expected<void, std::string> (*)(const BenchOptions& options, Report& report);

struct Benchmark {
    std::string_view name;        // for --only
    std::string_view description; // for --list
    BenchmarkFunction run;
};

// System sockets inventory vs ss, with ~10,000 loopback connections open (inventorybench.cpp).
std::expected<void, std::string> inventoryBenchmark(const BenchOptions& options, Report& report);

// The live panels' figures: engine throughput and churn against raw loops in this process
// (trafficbench.cpp), 9,990 pairs in the app (pairsbench.cpp), GUI lag and stalls under
// traffic (guibench.cpp; the GUI runs under QT_QPA_PLATFORM=offscreen unless it is set).
std::expected<void, std::string> tcpRatioBenchmark(const BenchOptions& options, Report& report);
std::expected<void, std::string> unixRatioBenchmark(const BenchOptions& options, Report& report);
std::expected<void, std::string> churnRatioBenchmark(const BenchOptions& options, Report& report);
std::expected<void, std::string> pairsBenchmark(const BenchOptions& options, Report& report);
std::expected<void, std::string> guiLagBenchmark(const BenchOptions& options, Report& report);
std::expected<void, std::string> burstStallBenchmark(const BenchOptions& options, Report& report);

} // namespace bench
