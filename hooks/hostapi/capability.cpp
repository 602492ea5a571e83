#include "hooks/hostapi/capability.h"

#include <sodium.h>

#include <array>

namespace locus::hooks {

namespace {

// The host's MAC key: random per process, so a token is worthless outside this host process.
const std::array<unsigned char, crypto_auth_KEYBYTES>& hostKey() {
  static const std::array<unsigned char, crypto_auth_KEYBYTES> key = [] {
    std::array<unsigned char, crypto_auth_KEYBYTES> k{};
    if (sodium_init() < 0) std::abort(); // no entropy source: nothing safe can be issued
    crypto_auth_keygen(k.data());
    return k;
  }();
  return key;
}

std::string hex(const unsigned char* bytes, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, size);
  out.pop_back();
  return out;
}

std::string macInput(const std::string& plugin, const std::string& digest,
                     const std::string& instance) {
  return plugin + '\0' + digest + '\0' + instance;
}

} // namespace

std::string CapabilityGuard::issue(const std::string& plugin, const nlohmann::json& granted) {
  plugin_ = plugin;
  std::string grants = granted.dump();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(grants.data()), grants.size());
  grantsDigest_.assign(reinterpret_cast<const char*>(digest), sizeof digest);
  instance_.resize(16);
  randombytes_buf(instance_.data(), instance_.size());
  lastNonce_ = 0;
  issued_ = true;
  std::string input = macInput(plugin_, grantsDigest_, instance_);
  unsigned char mac[crypto_auth_BYTES];
  crypto_auth(mac, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
              hostKey().data());
  return hex(reinterpret_cast<const unsigned char*>(instance_.data()), instance_.size()) + "." +
         hex(mac, sizeof mac);
}

bool CapabilityGuard::admit(const nlohmann::json& capability, std::string& error) {
  if (!issued_) return error = "no capability was issued to this worker", false;
  if (!capability.is_object() || !capability.value("token", nlohmann::json()).is_string() ||
      !capability.value("nonce", nlohmann::json()).is_number_integer() ||
      capability["nonce"].get<std::int64_t>() < 1)
    return error = "the request carries no `capability: {token, nonce}`", false;
  const std::string& token = capability["token"].get_ref<const std::string&>();
  unsigned char instance[16], mac[crypto_auth_BYTES];
  std::size_t instanceSize = 0, macSize = 0;
  const char* end = nullptr;
  std::size_t dot = token.find('.');
  if (dot == std::string::npos ||
      sodium_hex2bin(instance, sizeof instance, token.data(), dot, nullptr, &instanceSize, &end) !=
          0 ||
      instanceSize != sizeof instance ||
      sodium_hex2bin(mac, sizeof mac, token.data() + dot + 1, token.size() - dot - 1, nullptr,
                     &macSize, &end) != 0 ||
      macSize != sizeof mac)
    return error = "the capability token is malformed", false;
  // Bound to this plugin, its grants and this worker instance: recompute over ours, in constant
  // time; a token of another plugin or an earlier instance does not verify.
  std::string input =
      macInput(plugin_, grantsDigest_,
               std::string(reinterpret_cast<const char*>(instance), sizeof instance));
  if (crypto_auth_verify(mac, reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                         hostKey().data()) != 0 ||
      sodium_memcmp(instance, instance_.data(), sizeof instance) != 0)
    return error = "the capability token was not issued to this worker of plugin '" + plugin_ + "'",
           false;
  auto nonce = static_cast<std::uint64_t>(capability["nonce"].get<std::int64_t>());
  if (nonce <= lastNonce_)
    return error = "nonce " + std::to_string(nonce) + " was already used (last " +
                   std::to_string(lastNonce_) + "): a replayed call",
           false;
  lastNonce_ = nonce;
  return true;
}

} // namespace locus::hooks
