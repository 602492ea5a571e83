// The index document of one package in a registry: `GET /v1/plugins/NAME` on an HTTP registry,
// `index/NAME.json` in a directory (file://) registry. Same JSON in both:
//
//   {"name": "audit-fields", "owners": ["ada"], "versions": [
//     {"version": "1.1.0", "channel": "ga", "yanked": false, "published": "2026-12-07T01:02:03Z",
//      "sha256": "<of the .tgz>", "content": "<of its locus-package.json>", "key": "<key id>",
//      "requiresCore": "^0.1.0", "description": "…", "dependencies": {}, "optionalDependencies":
//      {}, "permissions": {"network": true}, "hooks": ["onPreGenerate"], "steps": [], "generators":
//      [], "provenance": {"sourceDigest": "…", "publisherKey": "…", "time": "…"}}]}
//
// Channels go draft → beta → ga; a yanked version is hidden from new resolutions but still
// installs for a lock that names it.
#pragma once

#include "hooks/lockfile/package_index.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace locus::packages {

struct IndexVersion {
  std::string version;
  std::string channel = "ga";
  bool yanked = false;
  std::string published; // RFC 3339, UTC
  std::string sha256;
  std::string content;
  std::string key;
  std::string requiresCore;
  std::string description;
  std::map<std::string, std::string> dependencies;
  std::map<std::string, std::string> optionalDependencies;
  nlohmann::json permissions = nlohmann::json::object();
  std::vector<std::string> hooks, steps, generators;
  nlohmann::json provenance = nlohmann::json::object();
};

struct IndexPackage {
  std::string name;
  std::vector<std::string> owners;
  std::vector<IndexVersion> versions; // ascending by version
  const IndexVersion* find(const std::string& version) const;
};

nlohmann::json toJson(const IndexVersion& v);
nlohmann::json toJson(const IndexPackage& p);
std::optional<IndexPackage> indexPackageFromJson(const nlohmann::json& doc, std::string* error);

// Channel order: draft (0) < beta (1) < ga (2); -1 for an unknown name.
int channelRank(const std::string& channel);

// An index entry for a verified package: what it declares, and where it came from.
IndexVersion indexVersionFor(const lockfile::PackageIndex& index, const std::string& indexText,
                             const std::string& sha256, const std::string& keyId,
                             const std::string& channel, const std::string& publishedAt);

// Fills `v`'s hooks, step kinds and generators from the package's locus-plugin.json text (what
// search filters on).
void addCapabilities(IndexVersion& v, const std::string& manifestText);

std::string utcNow(); // RFC 3339 UTC, seconds
// Seconds since the epoch for an RFC 3339 UTC time, nullopt when malformed.
std::optional<long long> parseUtc(const std::string& text);

} // namespace locus::packages
