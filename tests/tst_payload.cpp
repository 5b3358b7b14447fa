// Typed payloads (escaped text and hex) to bytes, and every way the input can be wrong.
#include "core/sys/payload.h"

#include <QTest>

using namespace sks;

class TestPayload : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void escapes_data();
    void escapes();
    void badEscapes_data();
    void badEscapes();
    void hex_data();
    void hex();
    void badHex_data();
    void badHex();
    void escapeRoundTrip();
    void nulIsNotOctal();
};

void TestPayload::escapes_data()
{
    QTest::addColumn<QByteArray>("typed");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("plain") << QByteArray("hello") << QByteArray("hello");
    QTest::newRow("newline") << QByteArray("hello\\n") << QByteArray("hello\n");
    QTest::newRow("crlf") << QByteArray("GET / HTTP/1.0\\r\\n\\r\\n") << QByteArray("GET / HTTP/1.0\r\n\r\n");
    QTest::newRow("tab") << QByteArray("a\\tb") << QByteArray("a\tb");
    QTest::newRow("nul") << QByteArray("a\\0b") << QByteArray("a\0b", 3);
    QTest::newRow("backslash") << QByteArray("a\\\\b") << QByteArray("a\\b");
    QTest::newRow("quote") << QByteArray("say \\\"hi\\\"") << QByteArray("say \"hi\"");
    QTest::newRow("hex") << QByteArray("\\x00\\xff\\x7F") << QByteArray("\x00\xff\x7f", 3);
    QTest::newRow("utf8 kept") << QByteArray("caf\xc3\xa9") << QByteArray("caf\xc3\xa9");
    QTest::newRow("empty") << QByteArray() << QByteArray();
}

void TestPayload::escapes()
{
    QFETCH(QByteArray, typed);
    QFETCH(QByteArray, bytes);
    auto r = parseEscapedText(std::string_view(typed.constData(), size_t(typed.size())));
    QVERIFY(r);
    QCOMPARE(QByteArray::fromStdString(*r), bytes);
}

void TestPayload::badEscapes_data()
{
    QTest::addColumn<QByteArray>("typed");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("says");
    QTest::newRow("lone backslash") << QByteArray("abc\\") << 4 << QStringLiteral("lone \\ at the end");
    QTest::newRow("unknown q") << QByteArray("a\\qb") << 2 << QStringLiteral("unknown escape \\q");
    QTest::newRow("x no digits") << QByteArray("\\x") << 1 << QStringLiteral("two hex digits");
    QTest::newRow("x one digit") << QByteArray("ab\\x4") << 3 << QStringLiteral("two hex digits");
    QTest::newRow("x bad digit") << QByteArray("\\xg0") << 1 << QStringLiteral("two hex digits");
    QTest::newRow("column counts characters") << QByteArray("\xc3\xa9\xc3\xa9\\z") << 3 << QStringLiteral("unknown escape \\z");
    QTest::newRow("control shown escaped") << QByteArray("\\\x01") << 1 << QStringLiteral("unknown escape \\\\x01");
}

void TestPayload::badEscapes()
{
    QFETCH(QByteArray, typed);
    QFETCH(int, column);
    QFETCH(QString, says);
    auto r = parseEscapedText(std::string_view(typed.constData(), size_t(typed.size())));
    QVERIFY(!r);
    QCOMPARE(int(r.error().column), column);
    QVERIFY2(QString::fromStdString(r.error().message).contains(says), r.error().message.c_str());
}

void TestPayload::hex_data()
{
    QTest::addColumn<QByteArray>("typed");
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("spaced mixed case") << QByteArray("de ad BE EF") << QByteArray("\xde\xad\xbe\xef");
    QTest::newRow("packed") << QByteArray("deadbeef") << QByteArray("\xde\xad\xbe\xef");
    QTest::newRow("0x groups") << QByteArray("0xde 0xad") << QByteArray("\xde\xad");
    QTest::newRow("colons") << QByteArray("de:ad:be:ef") << QByteArray("\xde\xad\xbe\xef");
    QTest::newRow("newlines") << QByteArray("00 01\n02\t03") << QByteArray("\x00\x01\x02\x03", 4);
    QTest::newRow("surrounding space") << QByteArray("  0a  ") << QByteArray("\n");
}

void TestPayload::hex()
{
    QFETCH(QByteArray, typed);
    QFETCH(QByteArray, bytes);
    auto r = parseHexBytes(std::string_view(typed.constData(), size_t(typed.size())));
    QVERIFY2(r, r ? "" : r.error().message.c_str());
    QCOMPARE(QByteArray::fromStdString(*r), bytes);
}

void TestPayload::badHex_data()
{
    QTest::addColumn<QByteArray>("typed");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("says");
    QTest::newRow("odd") << QByteArray("abc") << 1 << QStringLiteral("odd number of hex digits");
    QTest::newRow("not hex") << QByteArray("zz") << 1 << QStringLiteral("'z' is not a hex digit");
    QTest::newRow("lone 0x") << QByteArray("0x") << 1 << QStringLiteral("0x must be followed");
    QTest::newRow("empty") << QByteArray("") << 1 << QStringLiteral("no hex digits");
    QTest::newRow("only spaces") << QByteArray("   ") << 1 << QStringLiteral("no hex digits");
    QTest::newRow("second group odd") << QByteArray("de a") << 4 << QStringLiteral("odd number");
    QTest::newRow("bad char later") << QByteArray("dead bexf") << 8 << QStringLiteral("'x' is not a hex digit");
    QTest::newRow("control char") << QByteArray("de\x01") << 3 << QStringLiteral("'\\x01' is not");
    QTest::newRow("0x then odd") << QByteArray("0xabc") << 1 << QStringLiteral("odd number");
}

void TestPayload::badHex()
{
    QFETCH(QByteArray, typed);
    QFETCH(int, column);
    QFETCH(QString, says);
    auto r = parseHexBytes(std::string_view(typed.constData(), size_t(typed.size())));
    QVERIFY(!r);
    QCOMPARE(int(r.error().column), column);
    QVERIFY2(QString::fromStdString(r.error().message).contains(says), r.error().message.c_str());
}

void TestPayload::escapeRoundTrip()
{
    std::string all;
    for (int i = 0; i < 256; ++i)
        all += static_cast<char>(i);
    auto back = parseEscapedText(escapeBytes(all));
    QVERIFY(back);
    QVERIFY(*back == all);
}

void TestPayload::nulIsNotOctal()
{
    auto r = parseEscapedText("\\012");
    QVERIFY(r); // \0 is NUL and the digits stay digits: no octal surprises
    QCOMPARE(QByteArray::fromStdString(*r), QByteArray("\0" "12", 3));
}

QTEST_APPLESS_MAIN(TestPayload)
#include "tst_payload.moc"
