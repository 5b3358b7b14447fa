#pragma once
// Internal to core/script: the fixed helper code each generated program starts with.

#include <string_view>

namespace sks::script {

// C helpers (after the includes and the `errnames` table the generator writes).
extern const std::string_view kCRuntime;
// Python helpers (after the imports and the ERRNAMES table the generator writes).
extern const std::string_view kPythonRuntime;

} // namespace sks::script
