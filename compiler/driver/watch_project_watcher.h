// The project side of `locusc watch` (plugin folders have hooks/worker/plugin_file_watcher.h):
// watches the project folder recursively — skipped folders (output, `.locus/`, plugins) never
// entered — plus the templates folder when it lies outside the project, and reports the changes
// that must rebuild. The inotify work is compiler/base/tree_watcher.h.
#pragma once

#include "compiler/base/tree_watcher.h"
#include "compiler/driver/watch_scope.h"

#include <chrono>
#include <string>
#include <vector>

namespace locus {

class ProjectWatcher {
public:
  explicit ProjectWatcher(WatchScope scope);

  // Adds the watches. False with `error` set when inotify is unavailable or a folder cannot be
  // watched (e.g. fs.inotify.max_user_watches reached).
  bool start(std::string& error);
  // Readable when events are pending (for poll(2) together with other descriptors).
  int fd() const { return tree_.fd(); }
  // Reads every pending event without waiting; returns the paths that must rebuild, relative to
  // the project folder where possible, sorted and unique.
  std::vector<std::string> drain();
  // Waits up to `timeout` for a change, then gathers the rest of the burst (until `quiet` passes
  // without events: an editor's save is several events).
  std::vector<std::string> poll(std::chrono::milliseconds timeout, std::chrono::milliseconds quiet);
  const WatchScope& scope() const { return scope_; }

private:
  bool rebuilds(const TreeChange& change) const;
  std::vector<std::string> pathsOf(const std::vector<TreeChange>& changes) const;

  WatchScope scope_;
  TreeWatcher tree_;
};

} // namespace locus
