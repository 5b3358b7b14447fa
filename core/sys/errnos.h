#pragma once

#include <span>
#include <string>
#include <string_view>

namespace sks {

// One entry of the errno catalogue: what the error is called, what it means in one line,
// and what usually causes it for a socket call.
struct ErrnoInfo {
    int code;
    std::string_view name;    // "EADDRINUSE"
    std::string_view meaning; // "Address already in use"
    std::string_view hint;    // "Another socket is bound to this address and port ..."
};

// Every catalogued errno, in a stable order. Covers at least the errnos sockets produce:
// EADDRINUSE EADDRNOTAVAIL EACCES ECONNREFUSED ECONNRESET EPIPE ETIMEDOUT EINPROGRESS
// EALREADY EISCONN ENOTCONN EINVAL EAFNOSUPPORT EPROTONOSUPPORT EMFILE ENFILE ENOBUFS
// EAGAIN EMSGSIZE ENOENT ENAMETOOLONG EOPNOTSUPP EDESTADDRREQ EHOSTUNREACH ENETUNREACH EBADF.
std::span<const ErrnoInfo> errnoCatalogue() noexcept;

// The catalogue entry for `code`, or nullptr when it is not catalogued.
const ErrnoInfo* findErrno(int code) noexcept;

// The symbolic name ("ECONNREFUSED") of any errno, catalogued or not; "E<number>" when
// the C library does not know it either. Empty for 0.
std::string errnoName(int code);

} // namespace sks
