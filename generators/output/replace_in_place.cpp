#include "generators/output/replace_in_place.h"

#include "generators/output/staging_files.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <filesystem>

namespace locus {

namespace fs = std::filesystem;

namespace {

bool sameBytes(const OutputState& current, const std::string& path, const std::string& text) {
  auto it = current.files.find(path);
  return it != current.files.end() && it->second == text;
}

// Replaces `path` with `text` in one rename; the temporary sibling of a killed build is reused.
void replaceFile(const fs::path& path, const std::string& text) {
  makeParentFolders(path);
  fs::path temp = path.parent_path() / ("." + path.filename().string() + ".locus-new");
  std::error_code ec;
  fs::remove(temp, ec);
  writeNewFile(temp, text);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int err = errno;
    fs::remove(temp, ec);
    throwStagingError(path, "cannot replace", err);
  }
}

// The new manifest's text with the previous build's entries that it no longer lists added, so a
// crash while the files change leaves none of them untracked.
std::string unionManifest(const std::string& next, const Manifest& previous) {
  nlohmann::ordered_json doc = nlohmann::ordered_json::parse(next, nullptr, false);
  if (!doc.is_object() || !doc["files"].is_array()) return next;
  Manifest listed;
  for (const auto& f : doc["files"]) listed[f.value("path", "")];
  for (const auto& [path, entry] : previous)
    if (!listed.count(path))
      doc["files"].push_back(
          {{"path", path}, {"generator", entry.generator}, {"sha256", entry.sha256}});
  return doc.dump(2) + "\n";
}

// Removes `file` and then each folder above it that is left empty, up to `root`.
void removeWithEmptyParents(const fs::path& root, const fs::path& file) {
  std::error_code ec;
  if (!fs::remove(file, ec) && ec) throwStagingError(file, "cannot remove", ec.value());
  for (fs::path dir = file.parent_path(); dir != root && dir.has_relative_path();
       dir = dir.parent_path())
    if (::rmdir(dir.c_str()) != 0) break; // not empty (or kept by someone): stop
}

} // namespace

void replaceChangedFiles(const GeneratedFiles& files, const OutputState& current,
                         WriteSummary& summary) {
  const fs::path root(current.dir);
  const std::string& manifestText = files.at(kManifestName);
  std::vector<std::string> gone;
  for (const auto& [path, entry] : *current.manifest)
    if (!files.count(path) && current.files.count(path)) gone.push_back(path);
  bool addsPaths = false;
  for (const auto& [path, text] : files)
    addsPaths = addsPaths || (path != kManifestName && !current.manifest->count(path));
  if (addsPaths) replaceFile(root / kManifestName, unionManifest(manifestText, *current.manifest));
  for (const auto& [path, text] : files) {
    if (path == kManifestName) continue;
    if (sameBytes(current, path, text)) {
      ++summary.unchanged;
      continue;
    }
    replaceFile(root / path, text);
    ++summary.written;
  }
  for (const std::string& path : gone) removeWithEmptyParents(root, root / path);
  summary.removed += gone.size();
  replaceFile(root / kManifestName, manifestText); // last: it vouches for every file above
  ++summary.written;
}

} // namespace locus
