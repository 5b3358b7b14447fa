// Who stands in the way of a bind(): the answer behind an EADDRINUSE message.
#include "core/inspect/socketinventory.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstring>

namespace sks::inspect {
namespace {

// An IP address in one comparable shape: IPv4 as ::ffff:a.b.c.d.
struct IpKey {
    bool ipv6 = false;
    bool wildcard = false;
    std::array<unsigned char, 16> bytes{};
};

IpKey ipKey(const Endpoint& endpoint)
{
    IpKey key;
    key.wildcard = endpoint.isWildcard();
    if (endpoint.family() == Family::IPv4) {
        const auto& sin = *reinterpret_cast<const sockaddr_in*>(endpoint.sockaddrPtr());
        key.bytes[10] = key.bytes[11] = 0xff;
        std::memcpy(key.bytes.data() + 12, &sin.sin_addr, 4);
    } else {
        key.ipv6 = true;
        const auto& sin6 = *reinterpret_cast<const sockaddr_in6*>(endpoint.sockaddrPtr());
        std::memcpy(key.bytes.data(), &sin6.sin6_addr, 16);
    }
    return key;
}

// Whether binding `wanted` would collide with `bound` (same port assumed). The socket's
// IPV6_V6ONLY is not in the inventory, so an IPv6 wildcard is taken to cover IPv4 too,
// as it does under Linux's default net.ipv6.bindv6only=0.
bool addressesCollide(const IpKey& wanted, const IpKey& bound)
{
    if (wanted.wildcard && bound.wildcard)
        return true;
    if (wanted.wildcard)
        return wanted.ipv6 || !bound.ipv6;
    if (bound.wildcard)
        return bound.ipv6 || !wanted.ipv6;
    return wanted.bytes == bound.bytes;
}

enum class Match { None, Wildcard, Exact };

Match matchHolder(const Endpoint& wanted, const SystemSocket& socket)
{
    if (wanted.isUnix())
        return socket.family == Family::Unix && !wanted.isUnnamedUnix() && socket.local == wanted ? Match::Exact
                                                                                                  : Match::None;
    if (socket.family == Family::Unix || wanted.port() == 0 || socket.local.port() != wanted.port())
        return Match::None;
    const IpKey a = ipKey(wanted);
    const IpKey b = ipKey(socket.local);
    if (!addressesCollide(a, b))
        return Match::None;
    return a.bytes == b.bytes && a.ipv6 == b.ipv6 ? Match::Exact : Match::Wildcard;
}

// Higher is a better answer to "who holds it": an exact address, then a socket that waits
// for peers (the one a user means), then one whose process is known.
int holderRank(Match match, const SystemSocket& socket)
{
    const bool waiting = socket.stateCode == kStateListen || socket.stateCode == kStateClose;
    return (match == Match::Exact ? 8 : 0) + (waiting ? 4 : 0) + (socket.owner ? 2 : 0) + (socket.inode != 0 ? 1 : 0);
}

} // namespace

InventoryResult<std::optional<SystemSocket>> findAddressHolder(const Endpoint& address, int socketType)
{
    SnapshotOptions options;
    options.owners = true;
    options.filter.unixDomain = address.isUnix();
    options.filter.udp = !address.isUnix() && socketType == SOCK_DGRAM;
    options.filter.tcp = !address.isUnix() && socketType != SOCK_DGRAM;
    options.filter.boundInactive = true;
    auto snapshot = takeSocketSnapshot(options);
    if (!snapshot)
        return std::unexpected(snapshot.error());
    const SystemSocket* best = nullptr;
    int bestRank = -1;
    for (const SystemSocket& socket : snapshot->sockets) {
        const Match match = matchHolder(address, socket);
        if (match == Match::None)
            continue;
        if (const int rank = holderRank(match, socket); rank > bestRank) {
            best = &socket;
            bestRank = rank;
        }
    }
    if (best == nullptr)
        return std::optional<SystemSocket>();
    return std::optional<SystemSocket>(*best);
}

std::string describeAddressHolder(const Endpoint& address, const SystemSocket& holder)
{
    std::string text = address.toString() + " is held by ";
    if (holder.owner) {
        text += "pid " + std::to_string(holder.owner->pid) + " (" + holder.owner->process + "), fd "
            + std::to_string(holder.owner->fd);
    } else if (holder.stateCode == kStateTimeWait) {
        text += "a closed connection in TIME-WAIT (to " + holder.peer.toString()
            + "); no process owns it, the kernel frees it within a minute, and SO_REUSEADDR lets a new bind through";
    } else if (holder.uid) {
        text += "a socket of uid " + std::to_string(*holder.uid) + " (inode " + std::to_string(holder.inode)
            + ") whose process is not visible (another user's: run as root to see it)";
    } else {
        text += "a socket (inode " + std::to_string(holder.inode) + ") whose process could not be found";
    }
    if (!(holder.local == address) && !holder.local.isEmpty())
        text += "; it is bound to " + holder.local.toString();
    return text;
}

} // namespace sks::inspect
