// sockscope-cli: Sockscope without a GUI. Dispatches to one sub-command.
#include "app/cli/clicommands.h"

#include <iostream>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view kUsage =
    "usage: sockscope-cli <command> [options]\n"
    "\n"
    "commands:\n"
    "  sockets [--tcp] [--udp] [--unix] [--listening] [--json]\n"
    "                 every socket on this machine, like ss (owner process included)\n"
    "  run LESSON.sks [--json]\n"
    "                 run a lesson headless, print each call and its result\n"
    "  codegen --lang c|python LESSON.sks\n"
    "                 write a C or Python program making the lesson's calls\n"
    "\n"
    "options:\n"
    "  -h, --help     this text (also: sockscope-cli <command> --help)\n"
    "  --version      the version\n";

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    const std::string_view command = args.front();
    const cli::Args rest(args.data() + 1, args.size() - 1);
    if (command == "-h" || command == "--help" || command == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "--version") {
        std::cout << "sockscope-cli " << SOCKSCOPE_VERSION << '\n';
        return 0;
    }
    if (command == "sockets")
        return cli::socketsCommand(rest, std::cout, std::cerr);
    if (command == "run")
        return cli::runCommand(rest, std::cout, std::cerr);
    if (command == "codegen")
        return cli::codegenCommand(rest, std::cout, std::cerr);
    std::cerr << "sockscope-cli: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
}
