// What a hosted registry keeps in its database (registry_db.h): the versions of every package
// (their index entries, channel and yanked flag), the owners of each package, the publish tokens
// (stored as SHA-256, never in the clear) and each owner's publisher keys. Artifacts are not in
// the database: they are files under ROOT/artifacts named by their SHA-256 (artifact_files.h).
//
// Every method is one transaction and returns an error value; a `generation` counter changes
// with every write, so a server (or several on one PostgreSQL) knows when its catalog is stale.
#pragma once

#include "hooks/packages/registry_index.h"
#include "hooks/registry/registry_db.h"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace locus::registry {

struct StoreResult {
  std::string error; // "" on success
  enum class Kind { ok, notFound, conflict, forbidden, failed } kind = Kind::ok;
  explicit operator bool() const { return kind == Kind::ok; }
};

struct OwnerKey {
  std::string keyId;     // as minisign prints it
  std::string publicKey; // the .pub file's base64 line
};

class RegistryStore {
public:
  // Creates the tables when missing. nullptr with `error` set on failure.
  static std::unique_ptr<RegistryStore> open(std::unique_ptr<RegistryDb> db, std::string* error);

  // Every package, sorted by name, versions ascending (what the catalog is built from).
  std::optional<std::vector<packages::IndexPackage>> loadAll(std::string* error);
  std::optional<long long> generation(std::string* error);

  // A new token for `owner` (shown once; only its hash is stored).
  std::optional<std::string> addToken(const std::string& owner, std::string* error);
  StoreResult addKey(const std::string& owner, const OwnerKey& key);
  // The owner a token belongs to; nullopt for an unknown token (or a database error, in `error`).
  std::optional<std::string> ownerOfToken(const std::string& token, std::string* error);
  std::optional<std::vector<OwnerKey>> keysOf(const std::string& owner, std::string* error);
  StoreResult addOwner(const std::string& package, const std::string& owner);

  // Inserts a version (the first publish of a name makes `owner`, unless "", its owner); conflict
  // when the version exists, forbidden when the name has owners and `owner` is not one (a name
  // reserved with addOwner before its first version included).
  StoreResult insertVersion(const std::string& package, const packages::IndexVersion& version,
                            const std::string& owner);
  // Moves a version forward (draft → beta → ga) and/or sets its yanked flag.
  StoreResult updateVersion(const std::string& package, const std::string& version,
                            const std::optional<std::string>& channel,
                            const std::optional<bool>& yanked, packages::IndexVersion* updated);

  const std::string& describe() const { return db_->describe(); }

private:
  explicit RegistryStore(std::unique_ptr<RegistryDb> db) : db_(std::move(db)) {}
  std::vector<std::string> ownersOf(const std::string& package);
  void bumpGeneration();
  template <typename F> StoreResult write(F&& body);

  std::unique_ptr<RegistryDb> db_;
  std::mutex mutex_; // one connection, one statement at a time
};

// SHA-256 (hex) of a token: what the tokens table holds.
std::string tokenHash(const std::string& token);
// "lrt_" and 64 hex digits of libsodium's randombytes.
std::string newToken();

} // namespace locus::registry
