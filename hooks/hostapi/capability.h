// Per-worker capability tokens for host-API calls (a plugin asking the host for a secret, its
// state, an event): at each worker start the host issues a token — an HMAC (libsodium
// crypto_auth, HMAC-SHA-512-256) under a key that never leaves the host process, over the plugin's
// name, a digest of its granted permissions and a random instance id — and sends it in
// `initialize`. Every host-API request carries `capability: {token, nonce}` with a nonce that must
// grow by at least one per call. A forged token, one issued to another plugin or to an earlier
// instance, or a replayed nonce is refused.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace locus::hooks {

class CapabilityGuard {
public:
  CapabilityGuard() = default;
  // A fresh instance id; the returned token goes into `initialize` (params.capability.token).
  std::string issue(const std::string& plugin, const nlohmann::json& grantedPermissions);
  // Checks `capability` ({token, nonce}) of one request; on refusal says why in `error`.
  bool admit(const nlohmann::json& capability, std::string& error);

private:
  std::string plugin_;
  std::string grantsDigest_; // SHA-256 of the granted permissions' JSON
  std::string instance_;     // random, per worker start (raw bytes)
  std::uint64_t lastNonce_ = 0;
  bool issued_ = false;
};

} // namespace locus::hooks
