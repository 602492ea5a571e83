#include "hooks/audit/audit_hash.h"

#include <sodium.h>

namespace locus::hooks::audit {

namespace {
void ensureSodium() {
  static const int ready = sodium_init(); // thread-safe, idempotent; < 0 only without entropy
  (void)ready;
}
} // namespace

Digest zeroHead() {
  return Digest{};
}

Digest leafHash(std::string_view entryBytes) {
  ensureSodium();
  Digest out;
  crypto_hash_sha256_state state;
  const unsigned char prefix = 0x00;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, &prefix, 1);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(entryBytes.data()),
                            entryBytes.size());
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

Digest chainHead(const Digest& previous, const Digest& leaf) {
  ensureSodium();
  Digest out;
  crypto_hash_sha256_state state;
  const unsigned char prefix = 0x01;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, &prefix, 1);
  crypto_hash_sha256_update(&state, previous.data(), previous.size());
  crypto_hash_sha256_update(&state, leaf.data(), leaf.size());
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

std::string toHex(const Digest& d) {
  std::string out(d.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), d.data(), d.size());
  out.pop_back();
  return out;
}

} // namespace locus::hooks::audit
