// BUILD_MANIFEST.json: every output file with its SHA-256, size and the generator that made it.
// It marks a folder as locusc output (the writer refuses to replace a folder without one) and
// tells the next build which files it owns.
#pragma once

#include "generators/generator.h"

#include <map>
#include <optional>
#include <string>

namespace locus {

inline constexpr const char* kManifestName = "BUILD_MANIFEST.json";

struct ManifestEntry {
  std::string generator;
  std::string sha256;
};

using Manifest = std::map<std::string, ManifestEntry>; // path → entry

// The manifest's text for `files` (whose owners are in `owner`); deterministic, no timestamps.
// Files listed in `knownHashes` (path → SHA-256, e.g. computed while writing) are not hashed
// again.
std::string renderManifest(const GeneratedFiles& files,
                           const std::map<std::string, std::string>& owner,
                           const std::string& coreVersion, int irVersion,
                           const std::map<std::string, std::string>* knownHashes = nullptr);

// Reads <dir>/BUILD_MANIFEST.json; nullopt when it is missing or unreadable.
std::optional<Manifest> readManifest(const std::string& dir);

} // namespace locus
