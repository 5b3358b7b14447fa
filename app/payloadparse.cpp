#include "app/payloadparse.h"

#include "app/callhelp.h"

#include <QCoreApplication>

namespace payload {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("payload", text);
}

int hexDigit(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

QString notHexMessage(QChar c, qsizetype index)
{
    const QString where = tr("column %1: ").arg(index + 1);
    if (c == u'x' || c == u'X')
        return where + tr("“%1” is not a hex digit. Write bytes as pairs of digits 0–9 and a–f, "
                          "without a 0x prefix: 0x41 is written 41.").arg(c);
    return where + tr("“%1” is not a hex digit. Write bytes as pairs of digits 0–9 and a–f, "
                      "like de ad be ef.").arg(c);
}

} // namespace

std::expected<std::string, QString> parseHex(const QString& text)
{
    std::string bytes;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text[i].isSpace()) {
            ++i;
            continue;
        }
        const qsizetype start = i;
        while (i < text.size() && !text[i].isSpace()) {
            if (hexDigit(text[i]) < 0)
                return std::unexpected(notHexMessage(text[i], i));
            ++i;
        }
        const qsizetype digits = i - start;
        if (digits % 2 != 0)
            return std::unexpected(tr("column %1: “%2” has %3 hex digits, but every byte takes two. "
                                      "Add a leading 0 to the byte you meant, as in 0a.")
                                       .arg(start + 1).arg(text.mid(start, digits)).arg(digits));
        for (qsizetype k = start; k < i; k += 2)
            bytes += static_cast<char>(hexDigit(text[k]) * 16 + hexDigit(text[k + 1]));
    }
    if (bytes.empty())
        return std::unexpected(tr("No bytes to send: type hex digits such as de ad be ef."));
    return bytes;
}

std::expected<std::string, QString> parse(Format format, const QString& text)
{
    if (format == Format::Hex)
        return parseHex(text);
    auto bytes = callhelp::parseEscapedBytes(text);
    if (!bytes)
        return std::unexpected(tr("column %1: %2").arg(bytes.error().column).arg(bytes.error().message));
    return std::move(*bytes);
}

QString preview(const std::string& bytes, std::size_t shown)
{
    QString hex;
    for (std::size_t i = 0; i < bytes.size() && i < shown; ++i)
        hex += QStringLiteral("%1 ").arg(static_cast<unsigned char>(bytes[i]), 2, 16, QLatin1Char('0'));
    hex = hex.trimmed();
    if (bytes.size() > shown)
        hex += QStringLiteral(" …");
    const QString count = bytes.size() == 1 ? tr("1 byte") : tr("%1 bytes").arg(bytes.size());
    return bytes.empty() ? count : count + QStringLiteral(": ") + hex;
}

} // namespace payload
