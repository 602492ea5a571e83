// The audit log's hash chain (SHA-256 from compiler/base/sha256.h): a leaf per entry, a head
// that commits to every entry before it.
#pragma once

#include "compiler/base/sha256.h"

#include <string>
#include <string_view>

namespace locus::hooks::audit {

using Digest = Sha256Digest;

Digest zeroHead();
Digest leafHash(std::string_view entryBytes);                 // SHA-256(0x00 || entry)
Digest chainHead(const Digest& previous, const Digest& leaf); // SHA-256(0x01 || prev || leaf)
std::string toHex(const Digest& d);

} // namespace locus::hooks::audit
