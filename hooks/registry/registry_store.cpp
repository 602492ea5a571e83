#include "hooks/registry/registry_store.h"

#include "compiler/base/sha256.h"
#include "hooks/semver/version.h"

#include <sodium.h>

#include <algorithm>
#include <map>

namespace locus::registry {

using packages::IndexPackage;
using packages::IndexVersion;

namespace {

// Portable between SQLite and PostgreSQL: TEXT and INTEGER columns only.
constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS registry_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO registry_meta (key, value) VALUES ('generation', '0') ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS registry_tokens (
  hash TEXT PRIMARY KEY, owner TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS registry_keys (
  owner TEXT NOT NULL, key_id TEXT NOT NULL, public_key TEXT NOT NULL,
  PRIMARY KEY (owner, key_id));
CREATE TABLE IF NOT EXISTS registry_owners (
  package TEXT NOT NULL, owner TEXT NOT NULL, PRIMARY KEY (package, owner));
CREATE TABLE IF NOT EXISTS registry_versions (
  package TEXT NOT NULL, version TEXT NOT NULL, channel TEXT NOT NULL, yanked INTEGER NOT NULL,
  entry TEXT NOT NULL, PRIMARY KEY (package, version));
)";

StoreResult failed(const std::string& error) {
  return {error, StoreResult::Kind::failed};
}

} // namespace

std::string tokenHash(const std::string& token) {
  return locus::sha256Hex(token);
}

std::string newToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return std::string("lrt_") + hex;
}

std::unique_ptr<RegistryStore> RegistryStore::open(std::unique_ptr<RegistryDb> db,
                                                   std::string* error) {
  if (sodium_init() < 0) {
    if (error) *error = "libsodium failed to start";
    return nullptr;
  }
  try {
    db->script(kSchema);
  } catch (const DbError& e) {
    if (error) *error = std::string("creating the registry tables: ") + e.what();
    return nullptr;
  }
  return std::unique_ptr<RegistryStore>(new RegistryStore(std::move(db)));
}

template <typename F> StoreResult RegistryStore::write(F&& body) {
  std::lock_guard<std::mutex> hold(mutex_);
  try {
    db_->begin();
    StoreResult r = body();
    if (r) {
      bumpGeneration();
      db_->commit();
    } else {
      db_->rollback();
    }
    return r;
  } catch (const DbError& e) {
    try {
      db_->rollback();
    } catch (const DbError&) { // the connection itself failed; the next query reopens it
    }
    return failed(e.what());
  }
}

void RegistryStore::bumpGeneration() {
  db_->query("UPDATE registry_meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) "
             "WHERE key = 'generation'");
}

std::optional<long long> RegistryStore::generation(std::string* error) {
  std::lock_guard<std::mutex> hold(mutex_);
  try {
    std::vector<DbRow> rows =
        db_->query("SELECT value FROM registry_meta WHERE key = 'generation'");
    return rows.empty() ? 0 : std::stoll(rows[0][0]);
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::optional<std::vector<IndexPackage>> RegistryStore::loadAll(std::string* error) {
  std::lock_guard<std::mutex> hold(mutex_);
  try {
    std::map<std::string, IndexPackage> byName;
    for (const DbRow& row : db_->query("SELECT package, owner FROM registry_owners")) {
      byName[row[0]].name = row[0];
      byName[row[0]].owners.push_back(row[1]);
    }
    for (const DbRow& row :
         db_->query("SELECT package, channel, yanked, entry FROM registry_versions")) {
      std::string entryError;
      nlohmann::json doc = {
          {"name", row[0]},
          {"versions", nlohmann::json::array({nlohmann::json::parse(row[3], nullptr, false)})}};
      std::optional<IndexPackage> one = packages::indexPackageFromJson(doc, &entryError);
      if (!one) throw DbError(row[0] + ": " + entryError);
      IndexVersion v = std::move(one->versions[0]);
      v.channel = row[1]; // the columns are authoritative: promote and yank change only them
      v.yanked = row[2] == "1";
      byName[row[0]].name = row[0];
      byName[row[0]].versions.push_back(std::move(v));
    }
    std::vector<IndexPackage> out;
    for (auto& [name, p] : byName) {
      if (p.versions.empty()) continue;
      std::sort(p.owners.begin(), p.owners.end());
      std::sort(p.versions.begin(), p.versions.end(), [](const auto& a, const auto& b) {
        return *semver::parseVersion(a.version) < *semver::parseVersion(b.version);
      });
      out.push_back(std::move(p));
    }
    return out;
  } catch (const DbError& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::optional<std::string> RegistryStore::addToken(const std::string& owner, std::string* error) {
  std::string token = newToken();
  StoreResult r = write([&] {
    db_->query("INSERT INTO registry_tokens (hash, owner, created) VALUES ($1, $2, $3)",
               {tokenHash(token), owner, packages::utcNow()});
    return StoreResult{};
  });
  if (!r) {
    if (error) *error = r.error;
    return std::nullopt;
  }
  return token;
}

StoreResult RegistryStore::addKey(const std::string& owner, const OwnerKey& key) {
  return write([&] {
    db_->query("INSERT INTO registry_keys (owner, key_id, public_key) VALUES ($1, $2, $3) "
               "ON CONFLICT DO NOTHING",
               {owner, key.keyId, key.publicKey});
    return StoreResult{};
  });
}

std::optional<std::string> RegistryStore::ownerOfToken(const std::string& token,
                                                       std::string* error) {
  std::lock_guard<std::mutex> hold(mutex_);
  try {
    std::vector<DbRow> rows =
        db_->query("SELECT owner FROM registry_tokens WHERE hash = $1", {tokenHash(token)});
    if (rows.empty()) return std::nullopt;
    return rows[0][0];
  } catch (const DbError& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::optional<std::vector<OwnerKey>> RegistryStore::keysOf(const std::string& owner,
                                                           std::string* error) {
  std::lock_guard<std::mutex> hold(mutex_);
  try {
    std::vector<OwnerKey> out;
    for (const DbRow& row :
         db_->query("SELECT key_id, public_key FROM registry_keys WHERE owner = $1 ORDER BY "
                    "key_id",
                    {owner}))
      out.push_back({row[0], row[1]});
    return out;
  } catch (const DbError& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

std::vector<std::string> RegistryStore::ownersOf(const std::string& package) {
  std::vector<std::string> out;
  for (const DbRow& row :
       db_->query("SELECT owner FROM registry_owners WHERE package = $1 ORDER BY owner", {package}))
    out.push_back(row[0]);
  return out;
}

StoreResult RegistryStore::addOwner(const std::string& package, const std::string& owner) {
  return write([&] {
    db_->query("INSERT INTO registry_owners (package, owner) VALUES ($1, $2) "
               "ON CONFLICT DO NOTHING",
               {package, owner});
    return StoreResult{};
  });
}

StoreResult RegistryStore::insertVersion(const std::string& package, const IndexVersion& version,
                                         const std::string& owner) {
  return write([&] {
    std::vector<DbRow> existing =
        db_->query("SELECT 1 FROM registry_versions WHERE package = $1 AND version = $2",
                   {package, version.version});
    if (!existing.empty())
      return StoreResult{package + " " + version.version +
                             " is already published; versions are immutable, publish a new "
                             "version",
                         StoreResult::Kind::conflict};
    std::vector<std::string> owners = ownersOf(package);
    if (!owner.empty() && !owners.empty() &&
        std::find(owners.begin(), owners.end(), owner) == owners.end())
      return StoreResult{"'" + owner + "' is not an owner of " + package,
                         StoreResult::Kind::forbidden};
    if (!owner.empty() && owners.empty())
      db_->query("INSERT INTO registry_owners (package, owner) VALUES ($1, $2)", {package, owner});
    db_->query("INSERT INTO registry_versions (package, version, channel, yanked, entry) "
               "VALUES ($1, $2, $3, $4, $5)",
               {package, version.version, version.channel, version.yanked ? "1" : "0",
                packages::toJson(version).dump()});
    return StoreResult{};
  });
}

StoreResult RegistryStore::updateVersion(const std::string& package, const std::string& version,
                                         const std::optional<std::string>& channel,
                                         const std::optional<bool>& yanked, IndexVersion* updated) {
  return write([&] {
    std::vector<DbRow> rows = db_->query("SELECT channel, yanked, entry FROM registry_versions "
                                         "WHERE package = $1 AND version = $2",
                                         {package, version});
    if (rows.empty())
      return StoreResult{"no version " + version + " of " + package, StoreResult::Kind::notFound};
    std::string now = rows[0][0];
    if (channel && packages::channelRank(*channel) < packages::channelRank(now))
      return StoreResult{package + " " + version + " is in " + now +
                             "; channels only move forward (draft → beta → ga)",
                         StoreResult::Kind::conflict};
    std::string newChannel = channel.value_or(now);
    bool newYanked = yanked.value_or(rows[0][1] == "1");
    db_->query("UPDATE registry_versions SET channel = $3, yanked = $4 WHERE package = $1 AND "
               "version = $2",
               {package, version, newChannel, newYanked ? "1" : "0"});
    if (updated) {
      std::string error;
      nlohmann::json doc = {
          {"name", package},
          {"versions", nlohmann::json::array({nlohmann::json::parse(rows[0][2], nullptr, false)})}};
      std::optional<IndexPackage> one = packages::indexPackageFromJson(doc, &error);
      if (!one) return failed(error);
      *updated = std::move(one->versions[0]);
      updated->channel = newChannel;
      updated->yanked = newYanked;
    }
    return StoreResult{};
  });
}

} // namespace locus::registry
