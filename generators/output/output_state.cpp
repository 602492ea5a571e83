#include "generators/output/output_state.h"

#include "compiler/base/file_bytes.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace locus {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> readBytes(const fs::path& path) {
  return readFileBytes(path.string());
}

} // namespace

OutputState readOutputState(const std::string& dir) {
  OutputState state;
  state.dir = dir;
  std::error_code ec;
  fs::file_status status = fs::symlink_status(dir, ec);
  state.exists = !ec && fs::exists(status);
  state.isDirectory = fs::is_directory(fs::status(dir, ec));
  if (!state.isDirectory) return state;
  state.manifest = readManifest(dir);
  if (!state.manifest) {
    state.hasForeignContent = !fs::is_empty(dir, ec) || ec;
    return state;
  }
  for (const auto& [path, entry] : *state.manifest)
    if (std::optional<std::string> bytes = readBytes(fs::path(dir) / path))
      state.files.emplace(path, std::move(*bytes));
  if (std::optional<std::string> bytes = readBytes(fs::path(dir) / kManifestName))
    state.files.emplace(kManifestName, std::move(*bytes));
  return state;
}

GeneratedFiles previousFilesOf(const OutputState& state, const std::string& generator) {
  GeneratedFiles files;
  if (!state.manifest) return files;
  for (const auto& [path, entry] : *state.manifest)
    if (entry.generator == generator)
      if (auto it = state.files.find(path); it != state.files.end())
        files.emplace(path, it->second);
  return files;
}

std::vector<StaleFile> findStaleFiles(const GeneratedFiles& files, const OutputState& state) {
  std::vector<StaleFile> stale;
  for (const auto& [path, text] : files) {
    auto it = state.files.find(path);
    std::optional<std::string> onDisk;
    if (it != state.files.end())
      onDisk = it->second;
    else if (state.isDirectory)
      onDisk = readBytes(fs::path(state.dir) / path);
    if (!onDisk)
      stale.push_back({path, "missing"});
    else if (*onDisk != text)
      stale.push_back({path, "differs"});
  }
  if (state.manifest)
    for (const auto& [path, entry] : *state.manifest)
      if (!files.count(path) && state.files.count(path))
        stale.push_back({path, "would be removed"});
  return stale;
}

} // namespace locus
