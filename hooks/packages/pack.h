// `locusc plugin pack`: a plugin folder → a deterministic NAME-VERSION.tgz (pax tar, gzip without
// a timestamp). Entries are sorted by path with fixed mtime, owner and mode (0644, or 0755 for
// executables); the first entry is locus-package.json (package_index.h). The same folder gives
// the same bytes on every machine.
//
// Refused: a folder without a valid locus-plugin.json; symlinks that leave the folder (a symlink
// to a file inside is stored as that file); devices, FIFOs and sockets; sizes above the limits.
// Skipped: .git/, __pycache__/, .locus/ and *.tgz (earlier packs).
#pragma once

#include "hooks/lockfile/package_index.h"
#include "hooks/packages/package_limits.h"

#include <filesystem>
#include <string>
#include <vector>

namespace locus::packages {

using lockfile::PackageIndex;
using lockfile::PackedFile;

struct PackResult {
  std::vector<std::string> errors; // each names the file and the rule
  PackageIndex index;
  std::string archive; // the .tgz bytes
  std::string fileName() const { return index.name + "-" + index.version + ".tgz"; }
};

PackResult packPlugin(const std::filesystem::path& dir, const PackageLimits& limits = {});

} // namespace locus::packages
