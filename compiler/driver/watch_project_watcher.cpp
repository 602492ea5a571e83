#include "compiler/driver/watch_project_watcher.h"

#include <algorithm>

namespace locus {

namespace fs = std::filesystem;

ProjectWatcher::ProjectWatcher(WatchScope scope) : scope_(std::move(scope)) {}

bool ProjectWatcher::start(std::string& error) {
  auto skip = [this](const fs::path& folder) { return skippedWatchFolder(scope_, folder); };
  if (auto failed = tree_.addRoot(scope_.root, skip)) {
    error = *failed;
    return false;
  }
  std::error_code ec;
  fs::path relative = scope_.templatesDir.lexically_relative(scope_.root);
  bool templatesOutside = relative.empty() || *relative.begin() == "..";
  if (templatesOutside && fs::is_directory(scope_.templatesDir, ec))
    if (auto failed = tree_.addRoot(scope_.templatesDir, skip)) {
      error = *failed;
      return false;
    }
  return true;
}

bool ProjectWatcher::rebuilds(const TreeChange& change) const {
  // An event about a watched folder itself: its parent reports it.
  return !change.watchedFolder && triggersRebuild(scope_, change.path, change.isFolder);
}

std::vector<std::string> ProjectWatcher::pathsOf(const std::vector<TreeChange>& changes) const {
  std::vector<std::string> changed;
  for (const TreeChange& change : changes) {
    if (!rebuilds(change)) continue;
    fs::path relative = change.path.lexically_relative(scope_.root);
    bool outside = relative.empty() || relative.begin()->string() == "..";
    changed.push_back(outside ? change.path.string() : relative.generic_string());
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

std::vector<std::string> ProjectWatcher::drain() {
  return pathsOf(tree_.drain());
}

std::vector<std::string> ProjectWatcher::poll(std::chrono::milliseconds timeout,
                                              std::chrono::milliseconds quiet) {
  return pathsOf(tree_.waitForBurst(timeout, quiet,
                                    [this](const TreeChange& change) { return rebuilds(change); }));
}

} // namespace locus
