#include "runtime/plugins/plugin_digests.h"

#include "compiler/base/file_bytes.h"
#include "compiler/base/sha256.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <vector>

namespace locus::rt::plugins {

namespace {

namespace fs = std::filesystem;

bool skippedFolder(const fs::path& name) {
  static const std::set<std::string> skipped = {"node_modules", ".git", "__pycache__", ".venv",
                                                "target"};
  return skipped.count(name.string()) != 0;
}

std::string folderDigest(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (it->is_directory(ec) && skippedFolder(it->path().filename())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec)) files.push_back(it->path().lexically_relative(dir).string());
  }
  std::sort(files.begin(), files.end());
  std::string listing;
  for (const std::string& f : files) {
    std::optional<std::string> bytes = readFileBytes((dir / f).string());
    listing += f + '\0' + (bytes ? sha256Hex(*bytes) : "unreadable") + '\n';
  }
  return sha256Hex(listing);
}

} // namespace

nlohmann::json pluginDigests(const hooks::PluginSet& set) {
  nlohmann::json out = nlohmann::json::object();
  for (const hooks::LoadedPlugin& p : set.plugins)
    out[p.manifest.name] = p.manifest.version + " sha256:" + folderDigest(p.manifest.dir);
  return out;
}

} // namespace locus::rt::plugins
