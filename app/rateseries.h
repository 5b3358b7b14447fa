#pragma once

#include <QList>
#include <QMetaType>

// A short rate history for one socket, as SocketsModel::RateHistoryRole hands it to the
// sparkline delegate: bytes per second, oldest first, one value per sample (10 a second).
// Empty lists: the socket has not moved a byte within the window.
struct RateSeries {
    QList<float> in;
    QList<float> out;

    bool isEmpty() const noexcept { return in.isEmpty(); }
    float latestIn() const noexcept { return in.isEmpty() ? 0.0f : in.constLast(); }
    float latestOut() const noexcept { return out.isEmpty() ? 0.0f : out.constLast(); }
};

Q_DECLARE_METATYPE(RateSeries)
