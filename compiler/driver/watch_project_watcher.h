// The inotify side of `locusc watch` for the project itself (plugin folders have
// hooks/worker/plugin_file_watcher.h): watches the project folder recursively — folders created
// later included, skipped folders (output, `.locus/`, plugins) never entered — plus the templates
// folder when it lies outside the project, and reports the changes that must rebuild.
#pragma once

#include "compiler/driver/watch_scope.h"

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace locus {

class ProjectWatcher {
public:
  explicit ProjectWatcher(WatchScope scope);
  ~ProjectWatcher();
  ProjectWatcher(const ProjectWatcher&) = delete;
  ProjectWatcher& operator=(const ProjectWatcher&) = delete;

  // Adds the watches. False with `error` set when inotify is unavailable or a folder cannot be
  // watched (e.g. fs.inotify.max_user_watches reached).
  bool start(std::string& error);
  // Readable when events are pending (for poll(2) together with other descriptors).
  int fd() const { return fd_; }
  // Reads every pending event without waiting; returns the paths that must rebuild, relative to
  // the project folder where possible, sorted and unique.
  std::vector<std::string> drain();
  // Waits up to `timeout` for a change, then gathers the rest of the burst (until `quiet` passes
  // without events: an editor's save is several events).
  std::vector<std::string> poll(std::chrono::milliseconds timeout, std::chrono::milliseconds quiet);
  const WatchScope& scope() const { return scope_; }

private:
  bool addTree(const std::filesystem::path& dir, std::string& error);

  WatchScope scope_;
  int fd_ = -1;
  std::map<int, std::filesystem::path> folders_; // watch descriptor → folder
};

// poll(2) on `fds` for reading, retrying on EINTR only while `timeout` is not over; > 0 when one
// is readable, 0 on timeout. A negative timeout waits forever (until a signal).
int waitReadable(const std::vector<int>& fds, std::chrono::milliseconds timeout);

} // namespace locus
