#include "core/sys/errnos.h"
#include "core/sys/result.h"

#include <QTest>

#include <cerrno>
#include <set>

namespace {

QByteArray bytes(std::string_view text)
{
    return {text.data(), static_cast<qsizetype>(text.size())};
}

} // namespace

class TestErrnos final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void requiredEntry_data();
    void requiredEntry();
    void everyEntryIsComplete();
    void codesAreUnique();
    void wouldBlockSharesAgain();
    void findUnknown();
    void errnoName();
    void sysErrorToString();
};

void TestErrnos::requiredEntry_data()
{
    QTest::addColumn<int>("code");
    // The tag is the expected name, so one table states both.
    const auto row = [](const char* name, int code) { QTest::newRow(name) << code; };
    row("EADDRINUSE", EADDRINUSE);
    row("EADDRNOTAVAIL", EADDRNOTAVAIL);
    row("EACCES", EACCES);
    row("ECONNREFUSED", ECONNREFUSED);
    row("ECONNRESET", ECONNRESET);
    row("EPIPE", EPIPE);
    row("ETIMEDOUT", ETIMEDOUT);
    row("EINPROGRESS", EINPROGRESS);
    row("EALREADY", EALREADY);
    row("EISCONN", EISCONN);
    row("ENOTCONN", ENOTCONN);
    row("EINVAL", EINVAL);
    row("EAFNOSUPPORT", EAFNOSUPPORT);
    row("EPROTONOSUPPORT", EPROTONOSUPPORT);
    row("EMFILE", EMFILE);
    row("ENFILE", ENFILE);
    row("ENOBUFS", ENOBUFS);
    row("EAGAIN", EAGAIN);
    row("EMSGSIZE", EMSGSIZE);
    row("ENOENT", ENOENT);
    row("ENAMETOOLONG", ENAMETOOLONG);
    row("EOPNOTSUPP", EOPNOTSUPP);
    row("EDESTADDRREQ", EDESTADDRREQ);
    row("EHOSTUNREACH", EHOSTUNREACH);
    row("ENETUNREACH", ENETUNREACH);
    row("EBADF", EBADF);
}

void TestErrnos::requiredEntry()
{
    QFETCH(int, code);
    const QByteArray expectedName = QTest::currentDataTag();

    const sks::ErrnoInfo* info = sks::findErrno(code);
    QVERIFY2(info != nullptr, expectedName.constData());
    QCOMPARE(info->code, code);
    QCOMPARE(bytes(info->name), expectedName);
    QVERIFY(!info->meaning.empty());
    QVERIFY(!info->hint.empty());
    QCOMPARE(QByteArray::fromStdString(sks::errnoName(code)), expectedName);
}

void TestErrnos::everyEntryIsComplete()
{
    QVERIFY(sks::errnoCatalogue().size() >= 26);
    for (const sks::ErrnoInfo& info : sks::errnoCatalogue()) {
        const QByteArray name = bytes(info.name);
        QVERIFY2(name.startsWith('E'), name.constData());
        QVERIFY2(!info.meaning.empty(), name.constData());
        QVERIFY2(!info.hint.empty(), name.constData());
        // Hints are one or two sentences for a status line, not essays.
        QVERIFY2(info.hint.size() < 240, name.constData());
        QVERIFY2(info.hint.find('\n') == std::string_view::npos, name.constData());
        QCOMPARE(sks::findErrno(info.code), &info);
    }
}

void TestErrnos::codesAreUnique()
{
    std::set<int> codes;
    std::set<std::string_view> names;
    for (const sks::ErrnoInfo& info : sks::errnoCatalogue()) {
        QVERIFY2(codes.insert(info.code).second, bytes(info.name).constData());
        QVERIFY2(names.insert(info.name).second, bytes(info.name).constData());
    }
}

void TestErrnos::wouldBlockSharesAgain()
{
    const sks::ErrnoInfo* info = sks::findErrno(EWOULDBLOCK);
    QVERIFY(info != nullptr);
    QCOMPARE(info, sks::findErrno(EAGAIN));
    QVERIFY(info->hint.find("EWOULDBLOCK") != std::string_view::npos);
}

void TestErrnos::findUnknown()
{
    QCOMPARE(sks::findErrno(0), nullptr);
    QCOMPARE(sks::findErrno(-1), nullptr);
    QCOMPARE(sks::findErrno(99999), nullptr);
}

void TestErrnos::errnoName()
{
    QVERIFY(sks::errnoName(0).empty());
    QCOMPARE(QByteArray::fromStdString(sks::errnoName(ECONNREFUSED)), QByteArray("ECONNREFUSED"));
    // Not catalogued, but the C library knows it.
    QCOMPARE(QByteArray::fromStdString(sks::errnoName(EXDEV)), QByteArray("EXDEV"));
    const QByteArray unknown = QByteArray::fromStdString(sks::errnoName(99999));
    QVERIFY(unknown.startsWith('E'));
    QCOMPARE(unknown, QByteArray("E99999"));
}

void TestErrnos::sysErrorToString()
{
    const QByteArray refused =
        QByteArray::fromStdString(sks::SysError{ECONNREFUSED, "connect"}.toString());
    QVERIFY2(refused.contains("connect"), refused.constData());
    QVERIFY2(refused.contains("ECONNREFUSED"), refused.constData());
    QCOMPARE(QByteArray::fromStdString(sks::SysError{EADDRINUSE, "bind"}.toString()),
             QByteArray("bind: EADDRINUSE (Address already in use)"));
    const QByteArray unknown = QByteArray::fromStdString(sks::SysError{99999, "send"}.toString());
    QVERIFY2(unknown.startsWith("send: E99999"), unknown.constData());
}

QTEST_APPLESS_MAIN(TestErrnos)
#include "tst_errnos.moc"
