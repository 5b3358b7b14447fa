#include "app/endpointtargets.h"

#include "app/socketsmodel.h"

#include <QComboBox>
#include <QCoreApplication>

#include <algorithm>

namespace endpointtargets {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("endpointtargets", text);
}

// Connecting to 0.0.0.0 works on Linux but teaches the wrong habit: offer loopback.
sks::Endpoint reachableAddress(const sks::Endpoint& local)
{
    if (!local.isWildcard())
        return local;
    return local.family() == sks::Family::IPv6 ? sks::Endpoint::ipv6Loopback(local.port())
                                               : sks::Endpoint::ipv4Loopback(local.port());
}

bool hasAddress(const sks::SocketInfo& s)
{
    return !s.local.isEmpty() && !s.local.isUnnamedUnix() && s.state != sks::SocketState::Closed;
}

Target targetFor(const sks::SocketInfo& s, const QString& what)
{
    return {QString::fromStdString(reachableAddress(s.local).toString()), s.id, what.arg(s.id)};
}

} // namespace

std::vector<Target> connectTargets(const SocketsModel& model, const sks::SocketInfo* self)
{
    std::vector<Target> targets;
    const auto all = model.allSockets();
    for (auto it = all.rbegin(); it != all.rend(); ++it) { // newest first
        const sks::SocketInfo& s = **it;
        if (!hasAddress(s) || (self && s.id == self->id))
            continue;
        const bool datagram = self && self->type == sks::SockType::Datagram;
        if (datagram ? s.type != sks::SockType::Datagram : s.state != sks::SocketState::Listening)
            continue;
        if (self && self->family != sks::Family::Unspecified
            && (s.family != self->family || s.type != self->type))
            continue;
        targets.push_back(targetFor(s, datagram ? tr("Datagram socket #%1") : tr("Listening socket #%1")));
    }
    return targets;
}

std::vector<Target> sendToTargets(const SocketsModel& model, const sks::SocketInfo* self)
{
    std::vector<Target> targets;
    const auto all = model.allSockets();
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        const sks::SocketInfo& s = **it;
        if (!hasAddress(s) || s.type != sks::SockType::Datagram || (self && s.family != self->family))
            continue;
        if (!self || s.id != self->id)
            targets.push_back(targetFor(s, tr("Datagram socket #%1")));
    }
    if (self && hasAddress(*self) && self->type == sks::SockType::Datagram)
        targets.push_back(targetFor(*self, tr("Socket #%1 itself")));
    return targets;
}

void fillCombo(QComboBox* combo, std::vector<Target>& shown, std::vector<Target> next)
{
    if (next == shown)
        return;
    const QString typed = combo->currentText();
    const bool typedByUser = !typed.isEmpty()
        && std::ranges::none_of(shown, [&typed](const Target& t) { return t.address == typed; });
    shown = std::move(next);
    combo->clear();
    for (const Target& t : shown) {
        combo->addItem(t.address, QVariant::fromValue(t.id));
        combo->setItemData(combo->count() - 1, t.toolTip, Qt::ToolTipRole);
    }
    if (typedByUser)
        combo->setEditText(typed);
    else if (!shown.empty())
        combo->setCurrentIndex(0);
}

} // namespace endpointtargets
