// The file list inside every package, `locus-package.json`: what the package is (name, version,
// requiresCore, dependencies), what it may do (the manifest's declared permissions) and every
// file with its SHA-256. Its own SHA-256 is the package's content digest, which the lock records
// and every plugin start checks the installed files against.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace locus::lockfile {

inline constexpr const char* kPackageIndexFile = "locus-package.json";

struct PackedFile {
  std::string path; // relative, '/'-separated, no "." or ".." parts
  std::string sha256;
  std::uint64_t size = 0;
  bool executable = false;
};

struct PackageIndex {
  std::string name;
  std::string version;
  std::string requiresCore;
  std::string description;
  std::map<std::string, std::string> dependencies;         // name → npm range
  std::map<std::string, std::string> optionalDependencies; // name → npm range
  nlohmann::json permissions = nlohmann::json::object();   // as declared in the manifest
  std::vector<PackedFile> files;                           // sorted by path
};

std::string formatPackageIndex(const PackageIndex& index); // deterministic text
std::optional<PackageIndex> parsePackageIndex(std::string_view text, std::string* error);

// A package's permissions as comparable strings: "network", "env:NAME", "fs.read:GLOB",
// "fs.write:GLOB"; sorted.
std::vector<std::string> permissionList(const nlohmann::json& permissions);
// What `after` may do that `before` may not.
std::vector<std::string> widenedPermissions(const nlohmann::json& before,
                                            const nlohmann::json& after);

} // namespace locus::lockfile
