#pragma once

#include "core/engine/socketstate.h"

#include <QString>

#include <vector>

class QComboBox;
class SocketsModel;

// The addresses the actions panel offers in its editable endpoint boxes: the app's own
// sockets that a call on the selected socket can reach. Pure over the sockets model.
namespace endpointtargets {

struct Target {
    QString address; // as Endpoint::parse reads it back
    sks::SocketId id = 0;
    QString toolTip;
    friend bool operator==(const Target&, const Target&) = default;
};

// For connect(): listening sockets of the same family and type (stream, seqpacket), or
// bound datagram sockets (a UDP connect() names a default peer). Newest first.
// `self` may be null: then every listening socket.
std::vector<Target> connectTargets(const SocketsModel& model, const sks::SocketInfo* self);

// For sendto(): datagram sockets of the same family with an address, newest first, the
// selected socket itself last (sending to yourself works, but is rarely meant).
std::vector<Target> sendToTargets(const SocketsModel& model, const sks::SocketInfo* self);

// Replaces the combo's items with `next` unless they equal `shown`; text the user typed
// (not one of the offered addresses) stays in the edit field.
void fillCombo(QComboBox* combo, std::vector<Target>& shown, std::vector<Target> next);

} // namespace endpointtargets
