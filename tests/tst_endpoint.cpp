#include "core/sys/endpoint.h"
#include "core/sys/fd.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

using sks::Endpoint;
using sks::Family;

namespace {

std::string_view view(const QByteArray& bytes)
{
    return {bytes.constData(), static_cast<std::size_t>(bytes.size())};
}

QByteArray bytes(const std::string& text)
{
    return QByteArray::fromStdString(text);
}

// The address the kernel reports for `fd`, as an Endpoint.
Endpoint localEndpoint(const sks::Fd& fd)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&storage), &length) != 0)
        return {};
    return Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&storage), length);
}

} // namespace

class TestEndpoint final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void badInput_data();
    void badInput();
    void errorToString();
    void emptyEndpoint();
    void factories();
    void equality();
    void familyHelpers();
    void abstractEscapes();
    void abstractTrailingSpace();
    void relativePathFromKernel();
    void fromSockaddrIPv4();
    void fromSockaddrIPv6();
    void fromSockaddrUnixPath();
    void fromSockaddrAbstract();
    void fromSockaddrUnnamed();
    void fromSockaddrRejectsShortInput();
    void resolveLocalhost();
    void resolveUnknownHost();
    void resolveScopeName();
    void resolveUnknownInterface();
    void resolveKeepsAddresses();
    void resolveNameForUnix();
};

void TestEndpoint::roundTrip_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<int>("family");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("isName");
    QTest::addColumn<bool>("isAbstract");

    const auto v4 = int(Family::IPv4);
    const auto v6 = int(Family::IPv6);
    const auto local = int(Family::Unix);
    const auto none = int(Family::Unspecified);
    QTest::addRow("ipv4") << QByteArray("127.0.0.1:8080") << QByteArray("127.0.0.1:8080") << v4 << 8080 << false << false;
    QTest::addRow("ipv4-any") << QByteArray("0.0.0.0:0") << QByteArray("0.0.0.0:0") << v4 << 0 << false << false;
    QTest::addRow("ipv4-max") << QByteArray("255.255.255.255:65535") << QByteArray("255.255.255.255:65535") << v4 << 65535 << false << false;
    QTest::addRow("port-leading-zero") << QByteArray("10.0.0.1:080") << QByteArray("10.0.0.1:80") << v4 << 80 << false << false;
    QTest::addRow("ipv6-loopback") << QByteArray("[::1]:8080") << QByteArray("[::1]:8080") << v6 << 8080 << false << false;
    QTest::addRow("ipv6-any") << QByteArray("[::]:80") << QByteArray("[::]:80") << v6 << 80 << false << false;
    QTest::addRow("ipv6-canonical") << QByteArray("[FE80:0:0::0:1]:80") << QByteArray("[fe80::1]:80") << v6 << 80 << false << false;
    QTest::addRow("ipv6-v4-mapped") << QByteArray("[::ffff:127.0.0.1]:1") << QByteArray("[::ffff:127.0.0.1]:1") << v6 << 1 << false << false;
    QTest::addRow("ipv6-scope-name") << QByteArray("[fe80::1%lo]:80") << QByteArray("[fe80::1%lo]:80") << v6 << 80 << true << false;
    QTest::addRow("ipv6-scope-number") << QByteArray("[fe80::1%2]:80") << QByteArray("[fe80::1%2]:80") << v6 << 80 << false << false;
    QTest::addRow("ipv6-scope-zero") << QByteArray("[fe80::1%0]:80") << QByteArray("[fe80::1]:80") << v6 << 80 << false << false;
    QTest::addRow("name") << QByteArray("localhost:80") << QByteArray("localhost:80") << none << 80 << true << false;
    QTest::addRow("name-dotted") << QByteArray("my-host.example.com:443") << QByteArray("my-host.example.com:443") << none << 443 << true << false;
    QTest::addRow("name-fqdn") << QByteArray("example.com.:53") << QByteArray("example.com.:53") << none << 53 << true << false;
    QTest::addRow("name-digits-letters") << QByteArray("1.2.3.4a:1") << QByteArray("1.2.3.4a:1") << none << 1 << true << false;
    QTest::addRow("path") << QByteArray("/tmp/x.sock") << QByteArray("/tmp/x.sock") << local << 0 << false << false;
    QTest::addRow("path-with-space") << QByteArray("/tmp/my sock") << QByteArray("/tmp/my sock") << local << 0 << false << false;
    QTest::addRow("relative") << QByteArray("./rel.sock") << QByteArray("./rel.sock") << local << 0 << false << false;
    QTest::addRow("relative-up") << QByteArray("../rel/sock") << QByteArray("../rel/sock") << local << 0 << false << false;
    QTest::addRow("path-max") << QByteArray('/' + QByteArray(106, 'p')) << QByteArray('/' + QByteArray(106, 'p')) << local << 0 << false << false;
    QTest::addRow("abstract") << QByteArray("@sockscope") << QByteArray("@sockscope") << local << 0 << false << true;
    QTest::addRow("abstract-escape") << QByteArray("@a\\x01b") << QByteArray("@a\\x01b") << local << 0 << false << true;
    QTest::addRow("abstract-backslash") << QByteArray("@back\\slash") << QByteArray("@back\\x5cslash") << local << 0 << false << true;
    QTest::addRow("abstract-max") << QByteArray('@' + QByteArray(107, 'n')) << QByteArray('@' + QByteArray(107, 'n')) << local << 0 << false << true;
}

void TestEndpoint::roundTrip()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    QFETCH(int, family);
    QFETCH(int, port);
    QFETCH(bool, isName);
    QFETCH(bool, isAbstract);

    const auto parsed = Endpoint::parse(view(input));
    QVERIFY2(parsed, parsed ? "" : parsed.error().toString().c_str());
    QCOMPARE(bytes(parsed->toString()), expected);
    QCOMPARE(int(parsed->family()), family);
    QCOMPARE(int(parsed->port()), port);
    QCOMPARE(parsed->isName(), isName);
    QCOMPARE(parsed->isAbstract(), isAbstract);
    QVERIFY(!parsed->isEmpty());

    const auto again = Endpoint::parse(parsed->toString());
    QVERIFY2(again, again ? "" : again.error().toString().c_str());
    QVERIFY(*again == *parsed);
    QCOMPARE(bytes(again->toString()), expected);
}

void TestEndpoint::badInput_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("column");
    QTest::addColumn<QByteArray>("needle");

    QTest::addRow("empty") << QByteArray() << 1 << QByteArray("empty");
    QTest::addRow("leading-space") << QByteArray(" 127.0.0.1:80") << 1 << QByteArray("starts with a space");
    QTest::addRow("leading-tab") << QByteArray("\t/tmp/x") << 1 << QByteArray("starts with a tab");
    QTest::addRow("trailing-space") << QByteArray("127.0.0.1:80 ") << 13 << QByteArray("ends with a space");
    QTest::addRow("trailing-newline") << QByteArray("[::1]:80\n") << 9 << QByteArray("ends with a line break");
    QTest::addRow("nul-in-path") << QByteArray("/tmp/x\0y", 8) << 7 << QByteArray("NUL byte");
    QTest::addRow("nul-in-name") << QByteArray("host\0:80", 8) << 5 << QByteArray("NUL byte");
    QTest::addRow("no-port") << QByteArray("127.0.0.1") << 10 << QByteArray("missing ':' and a port");
    QTest::addRow("no-port-name") << QByteArray("localhost") << 10 << QByteArray("like localhost:8080");
    QTest::addRow("empty-port") << QByteArray("127.0.0.1:") << 11 << QByteArray("expected a port number (0-65535) after ':'");
    QTest::addRow("letter-in-port") << QByteArray("127.0.0.1:8o") << 12 << QByteArray("port cannot contain 'o'");
    QTest::addRow("negative-port") << QByteArray("127.0.0.1:-1") << 11 << QByteArray("port cannot contain '-'");
    QTest::addRow("space-in-port") << QByteArray("127.0.0.1: 80") << 11 << QByteArray("port cannot contain a space");
    QTest::addRow("port-too-large") << QByteArray("127.0.0.1:65536") << 11 << QByteArray("port 65536 is too large");
    QTest::addRow("port-huge") << QByteArray("localhost:99999999999999999999") << 11 << QByteArray("0 to 65535");
    QTest::addRow("ipv4-three-parts") << QByteArray("1.2.3:80") << 6 << QByteArray("'1.2.3' has 3");
    QTest::addRow("ipv4-five-parts") << QByteArray("1.2.3.4.5:80") << 8 << QByteArray("exactly 4 numbers");
    QTest::addRow("ipv4-trailing-dot") << QByteArray("1.2.3.4.:80") << 8 << QByteArray("has more");
    QTest::addRow("ipv4-octet-256") << QByteArray("256.1.1.1:80") << 1 << QByteArray("256 is too large");
    QTest::addRow("ipv4-last-octet") << QByteArray("1.2.3.300:80") << 7 << QByteArray("300 is too large");
    QTest::addRow("ipv4-empty-part") << QByteArray("1..2.3:80") << 3 << QByteArray("between the dots");
    QTest::addRow("ipv4-leading-zero") << QByteArray("01.2.3.4:80") << 1 << QByteArray("leading zero");
    QTest::addRow("ipv4-single-number") << QByteArray("123:80") << 4 << QByteArray("'123' has 1");
    QTest::addRow("bare-ipv6-with-port") << QByteArray("::1:80") << 1 << QByteArray("IPv6 addresses need brackets: [::1]:80");
    QTest::addRow("bare-ipv6-no-port") << QByteArray("fe80::1") << 1 << QByteArray("[fe80::1]:8080");
    QTest::addRow("missing-bracket") << QByteArray("[::1:80") << 8 << QByteArray("missing ']'");
    QTest::addRow("empty-brackets") << QByteArray("[]:80") << 2 << QByteArray("expected an IPv6 address between '[' and ']'");
    QTest::addRow("scope-only") << QByteArray("[%lo]:80") << 2 << QByteArray("expected an IPv6 address");
    QTest::addRow("bad-ipv6-char") << QByteArray("[::g]:80") << 4 << QByteArray("IPv6 address cannot contain 'g'");
    QTest::addRow("ipv6-nine-groups") << QByteArray("[1:2:3:4:5:6:7:8:9]:80") << 2 << QByteArray("is not a valid IPv6 address");
    QTest::addRow("ipv6-two-double-colons") << QByteArray("[1::2::3]:80") << 2 << QByteArray("'::' may stand once");
    QTest::addRow("ipv4-in-brackets") << QByteArray("[1.2.3.4]:80") << 1 << QByteArray("without brackets: 1.2.3.4:80");
    QTest::addRow("empty-scope") << QByteArray("[fe80::1%]:80") << 10 << QByteArray("after '%'");
    QTest::addRow("bad-scope-name") << QByteArray("[fe80::1%e/t]:80") << 11 << QByteArray("cannot contain '/'");
    QTest::addRow("scope-name-too-long") << QByteArray("[fe80::1%abcdefghijklmnopq]:80") << 25 << QByteArray("at most 15");
    QTest::addRow("scope-number-too-large") << QByteArray("[fe80::1%99999999999]:80") << 10 << QByteArray("scope number 99999999999 is too large");
    QTest::addRow("nothing-after-bracket") << QByteArray("[::1]") << 6 << QByteArray("missing ':' and a port after ']'");
    QTest::addRow("junk-after-bracket") << QByteArray("[::1]80") << 6 << QByteArray("expected ':' after ']'");
    QTest::addRow("empty-port-after-bracket") << QByteArray("[::1]:") << 7 << QByteArray("expected a port number");
    QTest::addRow("ipv6-port-too-large") << QByteArray("[::1]:70000") << 7 << QByteArray("port 70000 is too large");
    QTest::addRow("underscore-in-name") << QByteArray("bad_host:80") << 4 << QByteArray("cannot contain '_'");
    QTest::addRow("space-in-name") << QByteArray("my host:80") << 3 << QByteArray("cannot contain a space");
    QTest::addRow("control-byte-in-name") << QByteArray("a\x01:80") << 2 << QByteArray("byte 0x01");
    QTest::addRow("utf8-in-name") << QByteArray("caf\xc3\xa9:80") << 4 << QByteArray("byte 0xc3");
    QTest::addRow("name-starts-with-dash") << QByteArray("-host:80") << 1 << QByteArray("cannot start with '-'");
    QTest::addRow("name-label-ends-with-dash") << QByteArray("host-.com:80") << 5 << QByteArray("cannot end with '-'");
    QTest::addRow("name-two-dots") << QByteArray("a..b:80") << 3 << QByteArray("two dots in a row");
    QTest::addRow("name-leading-dot") << QByteArray(".example:80") << 1 << QByteArray("cannot start with '.'");
    QTest::addRow("name-label-64") << QByteArray(QByteArray(64, 'a') + ".com:80") << 64 << QByteArray("at most 63");
    const QByteArray longName = QByteArray(63, 'a') + '.' + QByteArray(63, 'b') + '.' + QByteArray(63, 'c') + '.' + QByteArray(62, 'd');
    QTest::addRow("name-254") << QByteArray(longName + ":80") << 254 << QByteArray("254 characters long: at most 253");
    QTest::addRow("no-host") << QByteArray(":80") << 1 << QByteArray("expected a host name or an IPv4 address before ':'");
    QTest::addRow("second-colon") << QByteArray("localhost:80:90") << 13 << QByteArray("second ':'");
    QTest::addRow("path-too-long") << QByteArray('/' + QByteArray(107, 'p')) << 108 << QByteArray("108 bytes long, but a Unix socket path can have at most 107 bytes");
    QTest::addRow("path-ends-with-slash") << QByteArray("/tmp/dir/") << 9 << QByteArray("names a directory");
    QTest::addRow("path-root") << QByteArray("/") << 1 << QByteArray("names a directory");
    QTest::addRow("path-dot") << QByteArray(".") << 1 << QByteArray("'.' is a directory");
    QTest::addRow("path-dotdot") << QByteArray("..") << 1 << QByteArray("'..' is a directory");
    QTest::addRow("relative-without-dot") << QByteArray("tmp/x.sock") << 1 << QByteArray("must start with './'");
    QTest::addRow("abstract-empty") << QByteArray("@") << 2 << QByteArray("expected an abstract socket name after '@'");
    QTest::addRow("abstract-too-long") << QByteArray('@' + QByteArray(108, 'n')) << 109 << QByteArray("108 bytes long, but at most 107 bytes fit");
    QTest::addRow("star") << QByteArray("*:80") << 1 << QByteArray("use 0.0.0.0:80 for every IPv4 address or [::]:80");
    QTest::addRow("tcp-url") << QByteArray("tcp://host:1") << 1 << QByteArray("drop the scheme 'tcp://'");
    QTest::addRow("http-url") << QByteArray("http://example.com/") << 1 << QByteArray("drop the scheme 'http://'");
}

void TestEndpoint::badInput()
{
    QFETCH(QByteArray, input);
    QFETCH(int, column);
    QFETCH(QByteArray, needle);

    const auto parsed = Endpoint::parse(view(input));
    QVERIFY2(!parsed, parsed ? parsed->toString().c_str() : "");
    const QByteArray message = bytes(parsed.error().message);
    QVERIFY2(message.contains(needle), message.constData());
    QCOMPARE(int(parsed.error().column), column);
    // Messages go into one line of the GUI: never a control byte in them.
    for (const char c : message)
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20, message.constData());
}

void TestEndpoint::errorToString()
{
    const auto parsed = Endpoint::parse("127.0.0.1:");
    QVERIFY(!parsed);
    QCOMPARE(bytes(parsed.error().toString()),
             QByteArray("column 11: expected a port number (0-65535) after ':'"));
}

void TestEndpoint::emptyEndpoint()
{
    const Endpoint empty;
    QVERIFY(empty.isEmpty());
    QVERIFY(!empty.isName());
    QCOMPARE(empty.family(), Family::Unspecified);
    QCOMPARE(bytes(empty.toString()), QByteArray());
    QCOMPARE(int(empty.port()), 0);
    QVERIFY(empty == Endpoint());
}

void TestEndpoint::factories()
{
    QCOMPARE(bytes(Endpoint::ipv4Loopback(80).toString()), QByteArray("127.0.0.1:80"));
    QCOMPARE(bytes(Endpoint::ipv6Loopback(80).toString()), QByteArray("[::1]:80"));
    QCOMPARE(bytes(Endpoint::ipv4Any(0).toString()), QByteArray("0.0.0.0:0"));
    QCOMPARE(bytes(Endpoint::ipv6Any(443).toString()), QByteArray("[::]:443"));
    QVERIFY(Endpoint::ipv4Loopback(1).isLoopback());
    QVERIFY(Endpoint::ipv6Loopback(1).isLoopback());
    QVERIFY(!Endpoint::ipv4Any(1).isLoopback());
    QVERIFY(Endpoint::ipv4Any(1).isWildcard());
    QVERIFY(Endpoint::ipv6Any(1).isWildcard());
    QVERIFY(!Endpoint::ipv6Loopback(1).isWildcard());
    QVERIFY(Endpoint::parse("127.1.2.3:9")->isLoopback());
    QVERIFY(Endpoint::parse("[::ffff:127.0.0.1]:9")->isV4Mapped());
    QVERIFY(Endpoint::parse("[::ffff:127.0.0.1]:9")->isLoopback());
    QVERIFY(!Endpoint::ipv6Loopback(1).isV4Mapped());
    QVERIFY(Endpoint::ipv4Loopback(8080) == *Endpoint::parse("127.0.0.1:8080"));
    QVERIFY(Endpoint::ipv6Loopback(8080) == *Endpoint::parse("[::1]:8080"));
}

void TestEndpoint::equality()
{
    QVERIFY(*Endpoint::parse("127.0.0.1:1") != *Endpoint::parse("127.0.0.1:2"));
    QVERIFY(*Endpoint::parse("127.0.0.1:1") != *Endpoint::parse("127.0.0.2:1"));
    QVERIFY(*Endpoint::parse("localhost:1") == *Endpoint::parse("localhost:1"));
    QVERIFY(*Endpoint::parse("localhost:1") != *Endpoint::parse("localhost:2"));
    QVERIFY(*Endpoint::parse("/tmp/a") != *Endpoint::parse("@/tmp/a"));
    QVERIFY(*Endpoint::parse("[fe80::1%1]:80") != *Endpoint::parse("[fe80::1%2]:80"));
    QVERIFY(*Endpoint::parse("[fe80::1%lo]:80") != *Endpoint::parse("[fe80::1%eth0]:80"));
    QVERIFY(*Endpoint::parse("[::1]:1") != Endpoint::ipv4Loopback(1));
}

void TestEndpoint::familyHelpers()
{
    QCOMPARE(sks::toAddressFamily(Family::IPv4), AF_INET);
    QCOMPARE(sks::toAddressFamily(Family::IPv6), AF_INET6);
    QCOMPARE(sks::toAddressFamily(Family::Unix), AF_UNIX);
    QCOMPARE(sks::toAddressFamily(Family::Unspecified), AF_UNSPEC);
    QCOMPARE(sks::familyName(Family::IPv4), std::string_view("IPv4"));
    QCOMPARE(sks::familyName(Family::IPv6), std::string_view("IPv6"));
    QCOMPARE(sks::familyName(Family::Unix), std::string_view("Unix"));
    QCOMPARE(sks::familyName(Family::Unspecified), std::string_view("-"));
}

void TestEndpoint::abstractEscapes()
{
    const std::string name("a\nb\0c\xff\\", 7);
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    name.copy(sun.sun_path + 1, name.size());
    const auto length = socklen_t(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    const Endpoint endpoint = Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sun), length);
    QVERIFY(endpoint.isAbstract());
    QVERIFY(endpoint.unixName() == name);
    QCOMPARE(bytes(endpoint.toString()), QByteArray("@a\\x0ab\\x00c\\xff\\x5c"));
    const auto parsed = Endpoint::parse(endpoint.toString());
    QVERIFY(parsed);
    QVERIFY(*parsed == endpoint);
}

void TestEndpoint::abstractTrailingSpace()
{
    const auto parsed = Endpoint::parse("@name\\x20");
    QVERIFY(parsed);
    QCOMPARE(bytes(parsed->unixName()), QByteArray("name "));
    QCOMPARE(bytes(parsed->toString()), QByteArray("@name\\x20"));
    const auto inner = Endpoint::parse("@a b");
    QVERIFY(inner);
    QCOMPARE(bytes(inner->toString()), QByteArray("@a b"));
}

void TestEndpoint::relativePathFromKernel()
{
    // A socket bound to a bare relative name is reported without "./".
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    const std::string path = "rel.sock";
    path.copy(sun.sun_path, path.size());
    const auto length = socklen_t(offsetof(sockaddr_un, sun_path) + path.size() + 1);
    const Endpoint endpoint = Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sun), length);
    QCOMPARE(bytes(endpoint.unixName()), QByteArray("rel.sock"));
    QCOMPARE(bytes(endpoint.toString()), QByteArray("./rel.sock"));
    const auto parsed = Endpoint::parse(endpoint.toString());
    QVERIFY(parsed && parsed->isUnix());
    // The length may or may not count the NUL: both name the same socket.
    QVERIFY(Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sun), length - 1) == endpoint);
}

void TestEndpoint::fromSockaddrIPv4()
{
    sks::Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    QVERIFY2(fd, std::strerror(errno));
    const Endpoint any = Endpoint::ipv4Loopback(0);
    QVERIFY2(::bind(fd.get(), any.sockaddrPtr(), any.length()) == 0, std::strerror(errno));

    const Endpoint bound = localEndpoint(fd);
    QCOMPARE(bound.family(), Family::IPv4);
    QVERIFY(bound.port() != 0);
    QCOMPARE(bytes(bound.toString()), QByteArray("127.0.0.1:") + QByteArray::number(bound.port()));
    QVERIFY(bound.isLoopback());
    QVERIFY(bound == *Endpoint::parse(bound.toString()));
}

void TestEndpoint::fromSockaddrIPv6()
{
    sks::Fd fd(::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd)
        QSKIP("IPv6 sockets are not available here");
    const Endpoint loopback = Endpoint::ipv6Loopback(0);
    if (::bind(fd.get(), loopback.sockaddrPtr(), loopback.length()) != 0)
        QSKIP("cannot bind [::1] here (no IPv6 loopback)");

    const Endpoint bound = localEndpoint(fd);
    QCOMPARE(bound.family(), Family::IPv6);
    QVERIFY(bound.port() != 0);
    QCOMPARE(bytes(bound.toString()), QByteArray("[::1]:") + QByteArray::number(bound.port()));
    QVERIFY(bound.isLoopback());
    QVERIFY(bound == *Endpoint::parse(bound.toString()));
}

void TestEndpoint::fromSockaddrUnixPath()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("tst.sock")));
    if (path.size() > 107)
        QSKIP("the temporary directory's path is too long for a Unix socket");
    const auto parsed = Endpoint::parse(view(path));
    QVERIFY2(parsed, parsed ? "" : parsed.error().toString().c_str());

    sks::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    QVERIFY2(fd, std::strerror(errno));
    QVERIFY2(::bind(fd.get(), parsed->sockaddrPtr(), parsed->length()) == 0, std::strerror(errno));

    const Endpoint bound = localEndpoint(fd);
    QVERIFY(bound.isUnix());
    QVERIFY(!bound.isAbstract());
    QCOMPARE(bytes(bound.toString()), path);
    QCOMPARE(bytes(bound.unixName()), path);
    QVERIFY(bound == *parsed);
}

void TestEndpoint::fromSockaddrAbstract()
{
    // A control byte in the name checks the escaping on a kernel-filled address.
    const QByteArray text = "@sockscope-tst-" + QByteArray::number(::getpid()) + "\\x01end";
    const auto parsed = Endpoint::parse(view(text));
    QVERIFY2(parsed, parsed ? "" : parsed.error().toString().c_str());
    QVERIFY(parsed->isAbstract());

    sks::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    QVERIFY2(fd, std::strerror(errno));
    QVERIFY2(::bind(fd.get(), parsed->sockaddrPtr(), parsed->length()) == 0, std::strerror(errno));

    const Endpoint bound = localEndpoint(fd);
    QVERIFY(bound.isAbstract());
    QCOMPARE(bytes(bound.toString()), text);
    QCOMPARE(bound.unixName().back(), 'd');
    QVERIFY(bound == *parsed);
}

void TestEndpoint::fromSockaddrUnnamed()
{
    int pair[2] = {-1, -1};
    QVERIFY2(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0, std::strerror(errno));
    const sks::Fd first(pair[0]);
    const sks::Fd second(pair[1]);

    const Endpoint unnamed = localEndpoint(first);
    QVERIFY(unnamed.isUnix());
    QVERIFY(unnamed.isUnnamedUnix());
    QVERIFY(!unnamed.isAbstract());
    QCOMPARE(bytes(unnamed.toString()), QByteArray("(unnamed)"));
    QVERIFY(unnamed.unixName().empty());
}

void TestEndpoint::fromSockaddrRejectsShortInput()
{
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    QVERIFY(Endpoint::fromSockaddr(nullptr, 0).isEmpty());
    QVERIFY(Endpoint::fromSockaddr(reinterpret_cast<const sockaddr*>(&sin), 4).isEmpty());
    sockaddr unknown{};
    unknown.sa_family = AF_APPLETALK;
    QVERIFY(Endpoint::fromSockaddr(&unknown, sizeof unknown).isEmpty());
}

void TestEndpoint::resolveLocalhost()
{
    const auto name = Endpoint::parse("localhost:80");
    QVERIFY(name && name->isName());
    const auto resolved = sks::resolve(*name, Family::IPv4);
    QVERIFY2(resolved, resolved ? "" : resolved.error().c_str());
    QVERIFY(!resolved->isName());
    QCOMPARE(bytes(resolved->toString()), QByteArray("127.0.0.1:80"));
}

void TestEndpoint::resolveUnknownHost()
{
    const auto resolved = sks::resolve(*Endpoint::parse("nosuchhost.invalid:1"), Family::Unspecified);
    QVERIFY(!resolved);
    const QByteArray message = bytes(resolved.error());
    QVERIFY2(message.startsWith("cannot resolve 'nosuchhost.invalid': "), message.constData());
}

void TestEndpoint::resolveScopeName()
{
    const auto name = Endpoint::parse("[fe80::1%lo]:80");
    QVERIFY(name && name->isName());
    const auto resolved = sks::resolve(*name, Family::IPv6);
    if (!resolved)
        QSKIP(resolved.error().c_str());
    QVERIFY(!resolved->isName());
    QCOMPARE(resolved->family(), Family::IPv6);
    QCOMPARE(int(resolved->port()), 80);
    QVERIFY(reinterpret_cast<const sockaddr_in6*>(resolved->sockaddrPtr())->sin6_scope_id != 0);
    QVERIFY(bytes(resolved->toString()).startsWith("[fe80::1%"));
}

void TestEndpoint::resolveUnknownInterface()
{
    const auto resolved = sks::resolve(*Endpoint::parse("[fe80::1%nosuchif9]:80"), Family::Unspecified);
    QVERIFY(!resolved);
    QCOMPARE(bytes(resolved.error()),
             QByteArray("no network interface named 'nosuchif9' (for the IPv6 scope)"));
}

void TestEndpoint::resolveKeepsAddresses()
{
    const Endpoint address = Endpoint::ipv4Loopback(7);
    const auto resolved = sks::resolve(address, Family::IPv6);
    QVERIFY(resolved);
    QVERIFY(*resolved == address);
}

void TestEndpoint::resolveNameForUnix()
{
    const auto resolved = sks::resolve(*Endpoint::parse("localhost:80"), Family::Unix);
    QVERIFY(!resolved);
    QVERIFY(bytes(resolved.error()).contains("'localhost'"));
}

QTEST_APPLESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
