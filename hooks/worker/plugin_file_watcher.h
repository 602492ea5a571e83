// Hot reload for plugin authors (`locusc watch`): watches each plugin's folder with inotify
// (compiler/base/tree_watcher.h: recursively, including folders created later) and restarts the
// plugin's worker when its files change, so the next hook call runs the new code. Changes are
// debounced — an editor's save is several events (temp file, rename, chmod) — and each plugin
// restarts once per burst. Editor droppings (hidden files, `*~`, `*.swp`, vim's `4913`,
// `__pycache__/`) are ignored. A worker that is not running is left alone: it starts from the new
// files on its next call.
#pragma once

#include "compiler/base/tree_watcher.h"
#include "hooks/worker/plugin_worker.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace locus::hooks {

struct PluginReload {
  std::string plugin;
  std::vector<std::string> changed; // paths relative to the plugin folder, sorted, unique
  bool restarted = false;           // false: the worker was not running (nothing to restart)
  CallOutcome outcome;              // the restart's outcome (the handshake or a failure)
};

class PluginFileWatcher {
public:
  explicit PluginFileWatcher(std::chrono::milliseconds debounce = std::chrono::milliseconds(100));
  ~PluginFileWatcher();
  PluginFileWatcher(const PluginFileWatcher&) = delete;
  PluginFileWatcher& operator=(const PluginFileWatcher&) = delete;

  // Watches `dir` and everything below it for `worker`'s plugin. False with `error` set when
  // inotify is unavailable or the folder cannot be watched (limits: fs.inotify.max_user_watches).
  bool watch(PluginWorker& worker, const std::filesystem::path& dir, std::string& error);

  // Waits up to `timeout` for a change; when one comes, collects the rest of the burst (until
  // `debounce` passes without events), then restarts the affected running workers.
  std::vector<PluginReload> poll(std::chrono::milliseconds timeout);

  // Polls on a thread of its own and reports every reload to `onReload` (from that thread).
  void start(std::function<void(const PluginReload&)> onReload);
  void stop();

private:
  struct Watched {
    PluginWorker* worker;
    std::filesystem::path root; // the plugin folder
  };

  std::chrono::milliseconds debounce_;
  TreeWatcher tree_;
  std::vector<Watched> watched_; // by the tree watcher's root index
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

} // namespace locus::hooks
