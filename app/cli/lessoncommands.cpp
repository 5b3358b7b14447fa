// `sockscope-cli run` and `sockscope-cli codegen`: lessons without any GUI library.
#include "app/cli/clicommands.h"

#include "core/script/codegen.h"
#include "core/script/parser.h"
#include "core/script/runner.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>

namespace cli {

namespace {

constexpr std::string_view kRunUsage =
    "usage: sockscope-cli run LESSON.sks [--json] [--real-time] [--timeout SECONDS]\n"
    "\n"
    "Runs a lesson on real sockets without a GUI and prints each call and its result as the\n"
    "journal does (one line per call), or one JSON object per call with --json.\n"
    "\n"
    "  --json           one JSON object per line: line, call, text, result, errno, fd,\n"
    "                   socket, socket_id, bytes, pending, ok\n"
    "  --real-time      wait out the lesson's pauses (default: do not wait)\n"
    "  --timeout SECS   how long one call may wait (a blocking accept...), default 5\n"
    "\n"
    "exit status: 0 every expectation held, 1 one failed (the line is named on stderr),\n"
    "             2 the lesson is malformed (line:column on stderr), unreadable, or bad usage\n";

constexpr std::string_view kCodegenUsage =
    "usage: sockscope-cli codegen --lang c|python LESSON.sks\n"
    "\n"
    "Writes to stdout a C or Python program that makes the lesson's calls on blocking\n"
    "sockets and prints each call's result in the runner's line format.\n"
    "  cc -o lesson lesson.c && ./lesson        python3 lesson.py\n"
    "\n"
    "exit status: 0 written, 2 the lesson is malformed or unreadable, or bad usage\n";

bool isHelp(std::string_view arg) { return arg == "-h" || arg == "--help"; }

std::optional<std::string> readFile(std::string_view path, std::ostream& err, std::string_view command)
{
    // An ifstream opens a directory and then reads nothing: say so instead of running "".
    std::error_code ec;
    if (std::filesystem::is_directory(std::filesystem::path(path), ec)) {
        err << "sockscope-cli " << command << ": cannot read " << path << ": " << std::strerror(EISDIR) << '\n';
        return std::nullopt;
    }
    std::ifstream in{std::string(path), std::ios::binary};
    if (!in) {
        err << "sockscope-cli " << command << ": cannot read " << path << ": " << std::strerror(errno) << '\n';
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        err << "sockscope-cli " << command << ": cannot read " << path << '\n';
        return std::nullopt;
    }
    return std::move(text).str();
}

// Reads and parses; on failure writes the message and returns nullopt (exit status 2).
std::optional<sks::script::Program> loadLesson(std::string_view path, std::ostream& err, std::string_view command)
{
    auto text = readFile(path, err, command);
    if (!text)
        return std::nullopt;
    auto program = sks::script::parseLesson(*text);
    if (!program) {
        err << path << ":" << program.error().toString() << '\n';
        return std::nullopt;
    }
    return std::move(*program);
}

struct RunArgs {
    std::string_view lesson;
    bool json = false;
    sks::script::RunOptions options;
};

std::optional<RunArgs> parseRunArgs(Args args, std::ostream& err)
{
    RunArgs run;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a == "--json") {
            run.json = true;
        } else if (a == "--real-time") {
            run.options.realTime = true;
        } else if (a == "--timeout") {
            if (i + 1 >= args.size()) {
                err << "sockscope-cli run: --timeout needs a number of seconds, like --timeout 10\n";
                return std::nullopt;
            }
            const std::string value(args[++i]);
            char* end = nullptr;
            const double seconds = std::strtod(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0' || !(seconds > 0 && seconds <= 3600)) {
                err << "sockscope-cli run: --timeout wants seconds, more than 0 and at most 3600, not '" << value << "'\n";
                return std::nullopt;
            }
            run.options.callTimeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
        } else if (!a.starts_with('-') && run.lesson.empty()) {
            run.lesson = a;
        } else {
            err << "sockscope-cli run: unexpected argument '" << a << "'\n\n" << kRunUsage;
            return std::nullopt;
        }
    }
    if (run.lesson.empty()) {
        err << "sockscope-cli run: which lesson?\n\n" << kRunUsage;
        return std::nullopt;
    }
    return run;
}

} // namespace

int runCommand(Args args, std::ostream& out, std::ostream& err)
{
    if (!args.empty() && isHelp(args.front())) {
        out << kRunUsage;
        return 0;
    }
    const auto run = parseRunArgs(args, err);
    if (!run)
        return 2;
    const auto program = loadLesson(run->lesson, err, "run");
    if (!program)
        return 2;
    const auto report = sks::script::runLesson(*program, run->options,
                                               [&](const sks::script::StepResult& step, const sks::script::LessonStepper& stepper) {
                                                   const auto lines = run->json ? sks::script::stepJsonLines(step, stepper)
                                                                                : sks::script::stepTextLines(step);
                                                   for (const std::string& line : lines)
                                                       out << line << '\n';
                                                   out.flush();
                                               });
    if (report.passed)
        return 0;
    err << run->lesson << ": " << report.failure << '\n';
    return 1;
}

int codegenCommand(Args args, std::ostream& out, std::ostream& err)
{
    std::string_view lang, lesson;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (isHelp(a)) {
            out << kCodegenUsage;
            return 0;
        }
        if (a == "--lang" && i + 1 >= args.size()) {
            err << "sockscope-cli codegen: --lang needs c or python, like --lang c\n";
            return 2;
        }
        if (a == "--lang")
            lang = args[++i];
        else if (a.starts_with("--lang="))
            lang = a.substr(7);
        else if (!a.starts_with('-') && lesson.empty())
            lesson = a;
        else {
            err << "sockscope-cli codegen: unexpected argument '" << a << "'\n\n" << kCodegenUsage;
            return 2;
        }
    }
    if (lang != "c" && lang != "python") {
        err << "sockscope-cli codegen: --lang c or --lang python, please" << (lang.empty() ? "" : " (not '" + std::string(lang) + "')")
            << "\n\n" << kCodegenUsage;
        return 2;
    }
    if (lesson.empty()) {
        err << "sockscope-cli codegen: which lesson?\n\n" << kCodegenUsage;
        return 2;
    }
    const auto program = loadLesson(lesson, err, "codegen");
    if (!program)
        return 2;
    out << (lang == "c" ? sks::script::generateC(*program, lesson) : sks::script::generatePython(*program, lesson));
    return 0;
}

} // namespace cli
