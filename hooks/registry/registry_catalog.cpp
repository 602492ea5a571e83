#include "hooks/registry/registry_catalog.h"

namespace locus::registry {

const packages::IndexPackage* Catalog::find(const std::string& name) const {
  auto it = byName.find(name);
  return it == byName.end() ? nullptr : &packages[it->second];
}

std::shared_ptr<const Catalog> CatalogCache::reload(std::string* error) {
  std::optional<long long> generation = store_.generation(error);
  if (!generation) return nullptr;
  std::optional<std::vector<packages::IndexPackage>> all = store_.loadAll(error);
  if (!all) return nullptr;
  auto next = std::make_shared<Catalog>();
  next->generation = *generation;
  next->packages = std::move(*all);
  for (std::size_t i = 0; i < next->packages.size(); ++i) {
    const packages::IndexPackage& p = next->packages[i];
    next->byName[p.name] = i;
    next->documents[p.name] = packages::toJson(p).dump();
  }
  std::lock_guard<std::mutex> hold(mutex_);
  if (!catalog_ || catalog_->generation <= next->generation) catalog_ = next;
  checked_ = std::chrono::steady_clock::now();
  return catalog_;
}

std::shared_ptr<const Catalog> CatalogCache::current(std::string* error) {
  std::shared_ptr<const Catalog> mine;
  {
    std::lock_guard<std::mutex> hold(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (catalog_ && now - checked_ < std::chrono::seconds(1)) return catalog_;
    checked_ = now; // this request checks; the others meanwhile answer from the current catalog
    mine = catalog_;
  }
  if (mine) {
    std::string ignored;
    std::optional<long long> generation = store_.generation(&ignored);
    // Unchanged, or the database is briefly unreachable: the catalog in memory still answers.
    if (!generation || *generation == mine->generation) return mine;
  }
  return reload(error);
}

} // namespace locus::registry
