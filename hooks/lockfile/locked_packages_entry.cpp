#include "hooks/lockfile/locked_packages_entry.h"

#include "hooks/lockfile/lockfile.h"

namespace locus::lockfile {

std::optional<nlohmann::json> lockedPackagesEntry(const std::filesystem::path& projectRoot,
                                                  const std::string& event) {
  std::error_code ec;
  std::filesystem::path file = projectRoot / kLockFileName;
  if (!std::filesystem::exists(file, ec)) return std::nullopt;
  LockRead read = readLockfile(file);
  if (!read.lock || read.lock->plugins.empty()) return std::nullopt;
  nlohmann::json packages = nlohmann::json::array();
  for (const LockedPlugin& p : read.lock->plugins)
    packages.push_back({{"name", p.name},
                        {"version", p.version},
                        {"sha256", p.sha256},
                        {"content", p.content},
                        {"key", p.key},
                        {"source", p.source}});
  return nlohmann::json{{"event", event}, {"packages", std::move(packages)}};
}

} // namespace locus::lockfile
