// The package manager's settings in Locus.toml:
//
//   [registries.main]                     # any name; "default" (or the only one) is the default
//   url = "file:///srv/locus-registry"    # or http://host:port
//   keys = ["RWQ…"]                        # trusted publisher keys (the .pub file's base64 line)
//
//   [packages]
//   minimumReleaseAge = "24h"              # cooldown: newer releases are not chosen (m, h, d)
//   channel = "ga"                         # lowest channel installed by default (draft, beta, ga)
#pragma once

#include "hooks/packages/minisign.h"

#include <filesystem>
#include <string>
#include <vector>

namespace locus::packages {

struct RegistryConfig {
  std::string name;
  std::string url;
  std::vector<PublicKey> keys;
};

struct PackagesConfig {
  std::vector<RegistryConfig> registries;
  long long minimumReleaseAgeSeconds = 0;
  std::string channel = "ga";
  std::vector<std::string> problems; // located: "Locus.toml:12:1: …"

  const RegistryConfig* byUrl(const std::string& url) const;
  const RegistryConfig* defaultRegistry() const;
};

PackagesConfig readPackagesConfig(const std::filesystem::path& projectRoot);
PackagesConfig parsePackagesConfig(std::string_view tomlText, const std::string& file);

// "30m", "24h", "7d" → seconds; nullopt when malformed.
std::optional<long long> parseDuration(const std::string& text);

} // namespace locus::packages
