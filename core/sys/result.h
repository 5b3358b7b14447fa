#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace sks {

// A failed system call: the errno captured right after the call, and the call's name.
// `call` always points at a string literal, so SysError is cheap to copy.
struct SysError {
    int code = 0;
    std::string_view call;

    // "bind: EADDRINUSE (Address already in use)"
    std::string toString() const;
};

template <class T>
using SysResult = std::expected<T, SysError>;

} // namespace sks
