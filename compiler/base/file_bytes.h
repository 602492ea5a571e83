// Reading a whole file as bytes, for the places that need its exact contents (the build record's
// input digest, the previous output, template overrides).
#pragma once

#include <optional>
#include <string>

namespace locus {

// The file's bytes, or nullopt when it cannot be opened.
std::optional<std::string> readFileBytes(const std::string& path);

} // namespace locus
