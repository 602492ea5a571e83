#include "hooks/audit/audit_hash.h"

namespace locus::hooks::audit {

namespace {
std::string_view bytesOf(const Digest& d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}
} // namespace

Digest zeroHead() {
  return Digest{};
}

Digest leafHash(std::string_view entryBytes) {
  return sha256({std::string_view("\x00", 1), entryBytes});
}

Digest chainHead(const Digest& previous, const Digest& leaf) {
  return sha256({std::string_view("\x01", 1), bytesOf(previous), bytesOf(leaf)});
}

std::string toHex(const Digest& d) {
  return hexOf(d);
}

} // namespace locus::hooks::audit
