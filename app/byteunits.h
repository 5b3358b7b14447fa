#pragma once

#include <QString>

#include <cstdint>

class QSpinBox;

// How the live panels write byte counts and rates: exact counts with thousands separators
// (the numbers the engine counted, digit for digit) and short human units beside them.
namespace byteunits {

// "1,073,741,824" — grouped even in the C locale, which omits separators by default.
QString grouped(std::uint64_t bytes);

// "512 B", "1.5 KiB", "1.0 GiB": binary units, as the status bar writes sizes.
QString human(std::uint64_t bytes);

// "1,073,741,824 B (1.0 GiB)"; just "12 B" below 1 KiB, where the units add nothing.
QString exactAndHuman(std::uint64_t bytes);

// "0 B/s", "830 kB/s", "1.25 GB/s": decimal units, as network rates are usually written.
QString rate(double bytesPerSecond);

// The decimal unit that suits `bytesPerSecond` for an axis: 1, 1e3, 1e6 or 1e9 and its
// name ("B/s", "kB/s", "MB/s", "GB/s").
struct RateUnit {
    double scale = 1;
    QString name;
};
RateUnit rateUnitFor(double bytesPerSecond);

// Gives `spin` the suffix " byte" at 1 and " bytes" otherwise (prefix `before`, suffix
// `after` around the unit: "up to 1 byte + a descriptor"), now and as the value changes.
void useByteSuffix(QSpinBox& spin, const QString& after = QString());
// The same suffix again, for a value set while the spin box's signals were blocked.
void updateByteSuffix(QSpinBox& spin);

} // namespace byteunits
