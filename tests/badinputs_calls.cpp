// The bad-input catalogue, second half: lesson files, sockscope-cli arguments and socket
// option values (the rows of badinputs_rows.cpp are text for the core parsers).
#include "badinputs.h"

#include <netinet/in.h>

#include <cerrno>
#include <string_view>

namespace badinputs {

using namespace std::string_view_literals;

namespace {

// Most lessons start with a socket so the bad line (line 2) has something to call.
#define S "s = socket(AF_INET, SOCK_STREAM)\n"

// ---- lesson files (script::parseLesson) ------------------------------------------------
const LessonCase kLessons[] = {
    {"backlog too large", S "listen(s, 65536)", 2, 11, "the backlog must be from 0 to 65535"},
    {"backlog missing after comma", S "listen(s, )", 2, 11, "expected the backlog"},
    {"backlog trailing comma", S "listen(s, 5,)", 2, 12, "listen() takes 2 arguments"},
    {"no parenthesis", S "listen s, 5)", 2, 8, "expected '('"},
    {"port too large in bind", S "bind(s, 127.0.0.1:99999)", 2, 19, "port 99999 is too large"},
    {"octet too large in bind", S "bind(s, 999.0.0.1:80)", 2, 9, "999 is too large"},
    {"connect to a name without port", S "connect(s, localhost)", 2, 12, "a host name needs a port, like localhost:8080"},
    {"connect without address", S "connect(s, )", 2, 12, "expected the address"},
    {"connect with one argument", S "connect(s)", 2, 10, "expected ',' and the address"},
    {"send with three arguments", S "send(s, \"x\", \"y\")", 2, 12, "send() takes 2 arguments"},
    {"send without bytes", S "send(s)", 2, 7, "expected ',' and the bytes"},
    {"negative buffer", S "recv(s, -1)", 2, 9, "the buffer size must be from 0 to 16777216"},
    {"buffer one too large", S "recv(s, 16777217)", 2, 9, "from 0 to 16777216"},
    {"buffer in exponent form", S "recv(s, 1e3)", 2, 10, "in the buffer size"},
    {"misspelled errno", S "recv(s, 10) expect EWOULDBLOCKX", 2, 20, "unknown errno name 'EWOULDBLOCKX'"},
    {"lower-case errno", S "recv(s, 10) expect eagain", 2, 20, "expected a number, an errno name"},
    {"unit misspelled", S "recv(s, 10) expect 5 bites", 2, 22, "after the expectation"},
    {"option without value", S "setsockopt(s, SO_REUSEADDR)", 2, 27, "expected ',' and the value"},
    {"option value a word", S "setsockopt(s, SO_REUSEADDR, yes)", 2, 29, "expected the value"},
    {"linger three values", S "setsockopt(s, SO_LINGER, 1, 5, 6)", 2, 30, "setsockopt() takes 4 arguments"},
    {"option value a dash", S "setsockopt(s, TCP_KEEPIDLE, -)", 2, 29, "expected the value"},
    {"getsockopt with a value", S "getsockopt(s, SO_LINGER, 1)", 2, 24, "getsockopt() takes 2 arguments"},
    {"unknown option read", S "getsockopt(s, SO_NOPE)", 2, 15, "expected the option"},
    {"option as a number", S "setsockopt(s, 2, 1)", 2, 15, "expected the option"},
    {"shutdown without how", S "shutdown(s)", 2, 11, "expected ',' and how"},
    {"shutdown as a number", S "shutdown(s, 1)", 2, 13, "how to shut down"},
    {"close nothing", "close()", 1, 7, "expected the socket"},
    {"close two", S "close(s, s)", 2, 8, "close() takes 1 argument"},
    {"close a constant", S "close(S)", 2, 7, "unknown socket 'S'"},
    {"sendfd without passed", "a, b = socketpair(AF_UNIX, SOCK_STREAM)\nsendfd(a)", 2, 9, "expected ',' and the socket to pass"},
    {"socket with two names", "x, y = socket(AF_INET, SOCK_STREAM)", 1, 1, "socket() makes one socket"},
    {"pair of inet sockets", "a, b = socketpair(AF_INET6, SOCK_DGRAM)", 1, 19, "Unix sockets only"},
    {"say two strings", "say \"x\" \"y\"", 1, 9, "expected the end of the line"},
    {"say nothing", "say", 1, 4, "expected the narration as a string"},
    {"pause negative", "pause -1", 1, 7, "expected how long to pause"},
    {"pause minutes", "pause 1m", 1, 8, "unexpected 'm' after the pause's seconds"},
    {"pause two units", "pause 10.5ss", 1, 11, "unexpected 's'"},
    {"bare string", "\"just a string\"", 1, 1, "expected a call like bind(...)"},
    {"no name before =", "= socket(AF_INET, SOCK_STREAM)", 1, 1, "expected a call like bind(...)"},
    {"two equals", "s = = socket(AF_INET, SOCK_STREAM)", 1, 5, "expected a call like bind(...)"},
    {"unknown errno after socket", "s = socket(AF_INET, SOCK_STREAM) expect EFOO", 1, 41, "unknown errno name 'EFOO'"},
    {"bad hex in string", S "send(s, \"abc\\x4g\")", 2, 13, "two hex digits"},
    {"unicode escape in string", S "send(s, \"\\u00e9\")", 2, 10, "unknown escape"},
    {"name of 65 characters", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = socket(AF_INET, SOCK_STREAM)", 1, 1, "at most 64"},
    {"name starts with digit", "9s = socket(AF_INET, SOCK_STREAM)", 1, 1, "expected a call like bind(...)"},
    {"empty quoted endpoint", S "bind(s, \"\")", 2, 9, "the endpoint is empty"},
    {"quoted path too long", S "bind(s, \"/tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\")", 2, 9, "at most 107 bytes"},
    {"abstract without name", S "bind(s, @)", 2, 10, "expected an abstract socket name after '@'"},
    {"quoted endpoint with space", S "connect(s, \"[::1]:80 \")", 2, 12, "ends with a space"},
    {"autoaccept without value", S "autoaccept(s)", 2, 13, "expected ',' and on or off"},
    {"keepfile yes", S "keepfile(s, yes)", 2, 13, "on or off"},
    {"nonblocking with value", S "nonblocking(s, 1)", 2, 14, "nonblocking() takes 1 argument"},
    {"recvfd three arguments", "a, b = socketpair(AF_UNIX, SOCK_STREAM)\nrecvfd(a, 1, 2)", 2, 12, "recvfd() takes"},
    {"bytes expected from accept", S "accept(s) expect \"x\"", 2, 18, "only a receive"},
    {"unclosed after comment line", S "listen(s, 5) # fine\nlisten(s, 5", 3, 12, "expected ')' after the backlog, found the end of the line"},
    {"binary garbage", "\xff\xfe\x00\x01"sv, 1, 1, "expected a call like bind(...)"},
    {"escaped quote at the end", "say \"unterminated\\\"", 1, 20, "to close the string"},
    {"connect to unknown name", S "connect(s, other)", 2, 12, "unknown socket 'other'"},
    {"family as a number", "s = socket(2, SOCK_STREAM)", 1, 12, "expected the address family"},
    {"type misspelled", "s = socket(AF_INET, SOCK_STREEM)", 1, 21, "expected the socket type"},
};

#undef S

// ---- sockscope-cli arguments (exit status 2) ----------------------------------------------
const CliCase kCli[] = {
    {"no arguments", "", "usage: sockscope-cli <command>"},
    {"unknown command", "frobnicate", "unknown command 'frobnicate'"},
    {"option as command", "--verbose", "unknown command '--verbose'"},
    {"upper-case command", "RUN", "unknown command 'RUN'"},
    {"sockets misspelled option", "sockets|--tcpp", "unknown option '--tcpp'"},
    {"sockets without dashes", "sockets|tcp", "sockets takes only options"},
    {"sockets extra word", "sockets|--udp|extra", "unexpected argument 'extra'"},
    {"timeout without value", "run|{lesson}|--timeout", "--timeout needs a number of seconds"},
    {"timeout zero", "run|{lesson}|--timeout|0", "--timeout wants seconds, more than 0 and at most 3600, not '0'"},
    {"timeout negative", "run|{lesson}|--timeout|-5", "not '-5'"},
    {"timeout over an hour", "run|{lesson}|--timeout|3601", "not '3601'"},
    {"timeout nan", "run|{lesson}|--timeout|nan", "not 'nan'"},
    {"timeout infinite", "run|{lesson}|--timeout|inf", "not 'inf'"},
    {"timeout with unit", "run|{lesson}|--timeout|1s", "not '1s'"},
    {"two lessons", "run|{lesson}|{lesson}", "unexpected argument"},
    {"dash for stdin", "run|-", "unexpected argument '-'"},
    {"empty lesson argument", "run|", "which lesson?"},
    {"missing directory", "run|/nonexistent/dir/x.sks", "cannot read /nonexistent/dir/x.sks: No such file or directory"},
    {"a directory", "run|/", "cannot read /: Is a directory"},
    {"garbage lesson", "run|{garbage}", ":1:1: expected a call like bind(...)"},
    {"oversized lesson", "run|{huge}", "larger than"},
    {"codegen lang without value", "codegen|--lang", "--lang needs c or python"},
    {"codegen empty lang", "codegen|--lang=|{lesson}", "--lang c or --lang python, please"},
    {"codegen upper-case lang", "codegen|--lang=C|{lesson}", "not 'C'"},
    {"codegen last lang wins", "codegen|--lang|c|--lang|rust|{lesson}", "not 'rust'"},
    {"codegen two lessons", "codegen|--lang|c|{lesson}|{lesson}", "unexpected argument"},
    {"codegen json", "codegen|--lang|c|--json|{lesson}", "unexpected argument '--json'"},
    {"codegen directory", "codegen|--lang|python|/", "Is a directory"},
    {"codegen garbage", "codegen|--lang|c|{garbage}", ":1:1:"},
};

// ---- socket option values the kernel refuses (setsockopt through the engine) --------------
using sks::Family;
using sks::SockOption;
using sks::SockType;
const OptionCase kOptions[] = {
    {"keepidle zero", Family::IPv4, SockType::Stream, SockOption::KeepIdle, 0, 0, false, EINVAL},
    {"keepidle 32768", Family::IPv4, SockType::Stream, SockOption::KeepIdle, 32768, 0, false, EINVAL},
    {"keepidle negative", Family::IPv6, SockType::Stream, SockOption::KeepIdle, -1, 0, false, EINVAL},
    {"keepintvl zero", Family::IPv4, SockType::Stream, SockOption::KeepIntvl, 0, 0, false, EINVAL},
    {"keepintvl 32768", Family::IPv4, SockType::Stream, SockOption::KeepIntvl, 32768, 0, false, EINVAL},
    {"keepcnt zero", Family::IPv4, SockType::Stream, SockOption::KeepCnt, 0, 0, false, EINVAL},
    {"keepcnt 128", Family::IPv4, SockType::Stream, SockOption::KeepCnt, 128, 0, false, EINVAL},
    {"keepcnt negative", Family::IPv6, SockType::Stream, SockOption::KeepCnt, -5, 0, false, EINVAL},
    {"keepidle on udp", Family::IPv4, SockType::Datagram, SockOption::KeepIdle, 10, 0, false, ENOPROTOOPT},
    {"nodelay on udp", Family::IPv4, SockType::Datagram, SockOption::NoDelay, 1, 0, false, ENOPROTOOPT},
    {"cork on udp6", Family::IPv6, SockType::Datagram, SockOption::Cork, 1, 0, false, ENOPROTOOPT},
    {"nodelay on unix", Family::Unix, SockType::Stream, SockOption::NoDelay, 1, 0, false, EOPNOTSUPP},
    {"keepcnt on unix", Family::Unix, SockType::Stream, SockOption::KeepCnt, 3, 0, false, EOPNOTSUPP},
    {"v6only on ipv4", Family::IPv4, SockType::Stream, SockOption::V6Only, 1, 0, false, ENOPROTOOPT},
    {"v6only on unix", Family::Unix, SockType::Datagram, SockOption::V6Only, 1, 0, false, EOPNOTSUPP},
    {"v6only after bind", Family::IPv6, SockType::Stream, SockOption::V6Only, 1, 0, true, EINVAL},
    {"set SO_TYPE", Family::IPv4, SockType::Stream, SockOption::Type, 1, 0, false, ENOPROTOOPT},
    {"set SO_DOMAIN", Family::IPv4, SockType::Datagram, SockOption::Domain, 2, 0, false, ENOPROTOOPT},
    {"set SO_PROTOCOL", Family::IPv6, SockType::Stream, SockOption::Protocol, 6, 0, false, ENOPROTOOPT},
    {"set SO_ACCEPTCONN", Family::IPv4, SockType::Stream, SockOption::AcceptConn, 1, 0, false, ENOPROTOOPT},
    {"set SO_ERROR", Family::Unix, SockType::Stream, SockOption::Error, 0, 0, false, ENOPROTOOPT},
};

} // namespace

std::span<const LessonCase> lessonCases() { return kLessons; }
std::span<const CliCase> cliCases() { return kCli; }
std::span<const OptionCase> optionCases() { return kOptions; }

} // namespace badinputs
