#include "app/byteunits.h"

#include <QCoreApplication>
#include <QSpinBox>
#include <QLocale>

namespace byteunits {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("byteunits", text);
}

} // namespace

QString grouped(std::uint64_t bytes)
{
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale.toString(static_cast<qulonglong>(bytes));
}

QString human(std::uint64_t bytes)
{
    if (bytes < 1024)
        return tr("%1 B").arg(bytes);
    return QLocale().formattedDataSize(static_cast<qint64>(bytes), 1, QLocale::DataSizeIecFormat);
}

QString exactAndHuman(std::uint64_t bytes)
{
    if (bytes < 1024)
        return tr("%1 B").arg(bytes);
    return tr("%1 B (%2)").arg(grouped(bytes), human(bytes));
}

RateUnit rateUnitFor(double bytesPerSecond)
{
    if (bytesPerSecond >= 1e9)
        return {1e9, tr("GB/s")};
    if (bytesPerSecond >= 1e6)
        return {1e6, tr("MB/s")};
    if (bytesPerSecond >= 1e3)
        return {1e3, tr("kB/s")};
    return {1, tr("B/s")};
}

QString rate(double bytesPerSecond)
{
    const RateUnit unit = rateUnitFor(bytesPerSecond);
    const double value = bytesPerSecond / unit.scale;
    const int decimals = unit.scale == 1 ? 0 : value < 10 ? 2 : value < 100 ? 1 : 0;
    return QStringLiteral("%1 %2").arg(QLocale().toString(value, 'f', decimals), unit.name);
}

namespace {
constexpr char kAfterProperty[] = "byteunits_after";
}

void useByteSuffix(QSpinBox& spin, const QString& after)
{
    spin.setProperty(kAfterProperty, after);
    updateByteSuffix(spin);
    QObject::connect(&spin, &QSpinBox::valueChanged, &spin, [&spin] { updateByteSuffix(spin); });
}

void updateByteSuffix(QSpinBox& spin)
{
    const QString after = spin.property(kAfterProperty).toString();
    spin.setSuffix((spin.value() == 1 ? QSpinBox::tr(" byte") : QSpinBox::tr(" bytes")) + after);
}

} // namespace byteunits
