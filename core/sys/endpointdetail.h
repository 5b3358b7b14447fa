#pragma once

// Shared by endpoint.cpp (sockaddr handling, printing) and endpointparse.cpp (parsing);
// not part of Endpoint's interface.
#include <sys/socket.h>
#include <sys/un.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace sks::endpointdetail {

inline constexpr socklen_t kUnixPathOffset = offsetof(sockaddr_un, sun_path);

// Two lowercase hex digits.
std::string hexByte(unsigned char byte);

// Abstract names are raw bytes: escaping keeps the printed form one line of ASCII (valid
// UTF-8 for the GUI) and parse() decodes the escapes again, so the round-trip holds.
// Messages that quote the user's text use it too, for the same one-line reason.
std::string escapeBytes(std::string_view bytes);

} // namespace sks::endpointdetail
