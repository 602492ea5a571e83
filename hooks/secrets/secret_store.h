// The project's secrets, encrypted at rest in `.locus/secrets.json` with libsodium's secretbox
// (XSalsa20-Poly1305, a fresh random nonce per value). The 32-byte key comes from
// LOCUS_SECRETS_KEY (64 hex digits) or the key file `.locus/secrets.key` (hex, which must be mode
// 0600; it is created so on the first `set` when neither exists). For development, names absent
// from the store are looked up in the project's `.env` (NAME=VALUE lines). Plugins read them only
// through the `secrets.get` host API, and only names their manifest asks for and the project
// grants; every value loaded is registered for redaction (redact.h).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

class SecretStore {
public:
  // Opens the project's store (an absent store is an empty one). `createKey`: make the key file
  // when there is no key yet (`secrets set`). On failure returns nullopt and says why.
  static std::optional<SecretStore> open(const std::filesystem::path& projectRoot, bool createKey,
                                         std::string& error);

  std::optional<std::string> get(const std::string& name) const;
  void set(const std::string& name, const std::string& value);
  bool remove(const std::string& name);
  std::vector<std::string> names() const;
  // Writes the encrypted store (atomically, mode 0600).
  bool save(std::string& error) const;
  std::string keySource() const { return keySource_; }

private:
  std::filesystem::path file_;
  std::string key_; // 32 raw bytes
  std::string keySource_;
  std::map<std::string, std::string> values_; // decrypted, in memory only
};

// The project's `.env` (development secrets): NAME=VALUE lines, `#` comments, optional quotes.
std::map<std::string, std::string> readDotEnv(const std::filesystem::path& projectRoot);

// A secret by name: the store first, then `.env`; both register their values for redaction.
// nullopt (with `error` set when the store cannot be read) when it is nowhere.
std::optional<std::string> lookupSecret(const std::filesystem::path& projectRoot,
                                        const std::string& name, std::string& error);

std::filesystem::path secretStorePath(const std::filesystem::path& projectRoot);
std::filesystem::path secretKeyPath(const std::filesystem::path& projectRoot);

} // namespace locus::hooks
