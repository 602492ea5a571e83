// SHA-256 on OpenSSL's EVP (SHA-NI when the CPU has it): the one hash of the project, for
// BUILD_MANIFEST.json, the build cache, the plugin audit log's hash chain and webhook checks.
#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>

namespace locus {

using Sha256Digest = std::array<unsigned char, 32>;

// The digest of the concatenation of `pieces` (hashed in order, without copying them together).
Sha256Digest sha256(std::initializer_list<std::string_view> pieces);

// Lowercase hex of a digest.
std::string hexOf(const Sha256Digest& digest);

// SHA-256 of `data` as lowercase hex.
std::string sha256Hex(std::string_view data);

} // namespace locus
