// The checks a hosted registry runs on every publish before it stores anything, in order:
//   pack       the archive rules and every file's hash (packages/unpack.h, as an install)
//   manifest   locus-plugin.json against the manifest schema and its meaning checks
//   signature  the minisign signature, by one of the publishing owner's registered keys
//   fixtures   the plugin's own fixtures/<hook>.json run in the sandbox (`locusc plugin test`),
//              through a runner the caller provides (the registry library cannot start plugins)
// Each check is reported by name, so a refused publish says which one failed and why.
#pragma once

#include "hooks/packages/registry_index.h"
#include "hooks/packages/unpack.h"
#include "hooks/registry/registry_store.h"

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace locus::registry {

struct ValidationCheck {
  std::string name; // pack, manifest, signature, fixtures
  bool ok = false;
  std::string message;
};

struct FixtureOutcome {
  int ran = 0;       // fixtures run
  std::string error; // "" when every fixture passed (or there were none)
};
// Runs the fixtures of the plugin unpacked in `dir`.
using FixtureRunner = std::function<FixtureOutcome(const std::filesystem::path& dir)>;

struct Validation {
  std::vector<ValidationCheck> checks;
  packages::IndexVersion version; // the index entry to store, when every check passed
  bool ok() const;
  nlohmann::json toJson() const; // [{"check", "ok", "message"}]
};

// The archive alone (the first check): its contents, or the failed `pack` check in `failure`.
std::optional<packages::PackageContents> inspectPackage(const std::string& archive,
                                                        ValidationCheck* failure);

// The remaining checks on an inspected package; the entry records provenance (source digest,
// publisher key, owner, time, the checks passed).
Validation validatePackage(const packages::PackageContents& contents, const std::string& archive,
                           const std::string& signature, const std::vector<OwnerKey>& keys,
                           const std::string& owner, const std::string& channel,
                           const FixtureRunner& runFixtures);

} // namespace locus::registry
