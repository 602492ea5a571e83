// SHA-256 (OpenSSL EVP, SHA-NI when the CPU has it) as lowercase hex, for BUILD_MANIFEST.json.
#pragma once

#include <string>
#include <string_view>

namespace locus {
std::string sha256Hex(std::string_view data);
} // namespace locus
