// Reading an untrusted package (.tgz bytes) into memory, checking everything before a single
// byte reaches the disk: only plain files with relative paths (no absolute paths, "..", links,
// devices, duplicates), sizes counted as they are decompressed (a decompression bomb stops at the
// limit), a locus-package.json whose file list matches the entries exactly, hash for hash, and
// whose name and version match the manifest inside.
#pragma once

#include "hooks/lockfile/package_index.h"
#include "hooks/packages/package_limits.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace locus::packages {

using lockfile::PackageIndex;
using lockfile::PackedFile;

struct PackageContents {
  PackageIndex index;
  std::string indexText;                   // locus-package.json as stored
  std::map<std::string, std::string> data; // path → bytes, every file of the index
};

struct UnpackResult {
  std::optional<PackageContents> contents;
  std::string error; // set when contents is not
};

UnpackResult readPackage(std::string_view archive, const PackageLimits& limits = {});

// Writes the (already verified) files under `dir`, which must not exist yet. Error text or "".
std::string writePackageFiles(const PackageContents& contents, const std::filesystem::path& dir);

} // namespace locus::packages
