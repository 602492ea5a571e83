// The server's in-memory view of the registry: every package with its index document already
// serialised, so a read request costs a map lookup and no database round trip. It is rebuilt
// after each write and whenever the database's generation moved (another server on the same
// PostgreSQL wrote), checked at most once a second.
#pragma once

#include "hooks/packages/registry_index.h"
#include "hooks/registry/registry_store.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace locus::registry {

struct Catalog {
  long long generation = -1;
  std::vector<packages::IndexPackage> packages;           // sorted by name
  std::unordered_map<std::string, std::size_t> byName;    // → packages[i]
  std::unordered_map<std::string, std::string> documents; // name → index document JSON
  const packages::IndexPackage* find(const std::string& name) const;
};

class CatalogCache {
public:
  explicit CatalogCache(RegistryStore& store) : store_(store) {}
  // The current catalog; nullptr with `error` set when the database cannot be read.
  std::shared_ptr<const Catalog> current(std::string* error);
  // Rebuilds now (after this server wrote).
  std::shared_ptr<const Catalog> reload(std::string* error);

private:
  RegistryStore& store_;
  std::mutex mutex_;
  std::shared_ptr<const Catalog> catalog_;
  std::chrono::steady_clock::time_point checked_{};
};

} // namespace locus::registry
