// Recursive inotify watching of folder trees, shared by `locusc watch` (the project, see
// compiler/driver/watch_project_watcher.h) and plugin hot reload
// (hooks/worker/plugin_file_watcher.h). Each root is watched with everything below it, folders
// created later included; a root's `skipFolder` keeps folders (output, caches, editor droppings)
// from being entered.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace locus {

struct TreeChange {
  std::size_t root;           // index of the root (the order of addRoot calls)
  std::filesystem::path path; // absolute; a watched folder itself for events about that folder
  bool isFolder = false;      // the change is a folder appearing or going away
  bool watchedFolder = false; // the event is about a watched folder itself (no name)
};

class TreeWatcher {
public:
  // Given an absolute folder path below a root: true when it must not be entered.
  using SkipFolder = std::function<bool(const std::filesystem::path&)>;

  TreeWatcher();
  ~TreeWatcher();
  TreeWatcher(const TreeWatcher&) = delete;
  TreeWatcher& operator=(const TreeWatcher&) = delete;

  // Watches `root` and every folder below it that `skipFolder` lets in. The error says what
  // failed: inotify unavailable, or a folder that cannot be watched (fs.inotify.max_user_watches).
  std::optional<std::string> addRoot(const std::filesystem::path& root, SkipFolder skipFolder);
  // Readable when events are pending (for poll(2) together with other descriptors).
  int fd() const { return fd_; }
  // Reads every pending event without waiting; new folders are watched as they appear.
  std::vector<TreeChange> drain();
  // Waits up to `timeout` for a change that `wanted` accepts, then gathers the rest of the burst
  // until `quiet` passes without events (an editor's save is several events), at most 2 s.
  std::vector<TreeChange> waitForBurst(std::chrono::milliseconds timeout,
                                       std::chrono::milliseconds quiet,
                                       const std::function<bool(const TreeChange&)>& wanted);

private:
  struct Root {
    std::filesystem::path path;
    SkipFolder skipFolder;
  };
  struct Watch {
    std::size_t root;
    std::filesystem::path folder;
  };
  std::optional<std::string> addTree(std::size_t root, const std::filesystem::path& folder);

  int fd_ = -1;
  std::vector<Root> roots_;
  std::map<int, Watch> watches_; // by watch descriptor
};

// poll(2) on `fds` for reading; > 0 when one is readable, 0 on timeout or a signal (the caller
// checks its flags). A negative timeout waits until an event or a signal.
int waitReadable(const std::vector<int>& fds, std::chrono::milliseconds timeout);

// True for paths no build or plugin reads: hidden files and folders, editor backups and swap
// files (`*~`, `*.swp`, `*.swx`, vim's `4913`), Python bytecode caches. `relative` is relative
// to the watched root; every part of it is checked.
bool isEditorDropping(const std::filesystem::path& relative);

} // namespace locus
