// SHA-256 chain hashing of the audit log (libsodium's crypto_hash_sha256).
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace locus::hooks::audit {

using Digest = std::array<unsigned char, 32>;

Digest zeroHead();
Digest leafHash(std::string_view entryBytes);                 // SHA-256(0x00 || entry)
Digest chainHead(const Digest& previous, const Digest& leaf); // SHA-256(0x01 || prev || leaf)
std::string toHex(const Digest& d);

} // namespace locus::hooks::audit
