// Reading a locus-plugin.json: JSON syntax, schema shape, then conversion to PluginManifest.
// Meaning (semver, hook names, …) is checked separately by checkManifest (manifest_checks.h).
#pragma once

#include "hooks/manifest/manifest.h"

#include <filesystem>
#include <string>
#include <vector>

namespace locus::hooks {

struct ManifestRead {
  std::optional<PluginManifest> manifest; // set when the JSON and its shape are right
  std::vector<ManifestError> errors;
};

// `file` names the document in errors; `dir` becomes PluginManifest::dir.
ManifestRead parseManifest(std::string_view text, const std::string& file,
                           const std::filesystem::path& dir);

// Reads `<dir>/locus-plugin.json`.
ManifestRead readManifest(const std::filesystem::path& dir);

} // namespace locus::hooks
