// What a previous build left in the output folder: its manifest and the current contents of the
// files the manifest lists. The writer compares against it, `--check` reports against it, and
// generators get their own previous files from it (e.g. the sql generator's migrations).
#pragma once

#include "generators/output/build_manifest.h"

#include <optional>
#include <string>
#include <vector>

namespace locus {

struct OutputState {
  std::string dir;
  bool exists = false;
  bool isDirectory = false;
  bool hasForeignContent = false; // non-empty folder without a BUILD_MANIFEST.json
  std::optional<Manifest> manifest;
  GeneratedFiles files; // manifest paths that exist on disk → their current bytes
};

OutputState readOutputState(const std::string& dir);

// The files of `state` that the previous manifest attributes to `generator`.
GeneratedFiles previousFilesOf(const OutputState& state, const std::string& generator);

struct StaleFile {
  std::string path;
  std::string reason; // "differs", "missing", "would be removed"
};

// How the folder differs from `files` (what the build would write, manifest included).
std::vector<StaleFile> findStaleFiles(const GeneratedFiles& files, const OutputState& state);

} // namespace locus
