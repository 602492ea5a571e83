#include "hooks/worker/plugin_file_watcher.h"

#include <algorithm>
#include <map>

namespace locus::hooks {

namespace fs = std::filesystem;

PluginFileWatcher::PluginFileWatcher(std::chrono::milliseconds debounce) : debounce_(debounce) {}

PluginFileWatcher::~PluginFileWatcher() {
  stop();
}

bool PluginFileWatcher::watch(PluginWorker& worker, const fs::path& dir, std::string& error) {
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root)) {
    error = "cannot watch '" + dir.string() + "': not a folder";
    return false;
  }
  watched_.push_back(Watched{&worker, root});
  auto skip = [root](const fs::path& folder) {
    return isEditorDropping(folder.lexically_relative(root));
  };
  if (auto failed = tree_.addRoot(root, skip)) {
    error = *failed;
    return false;
  }
  return true;
}

std::vector<PluginReload> PluginFileWatcher::poll(std::chrono::milliseconds timeout) {
  auto relevant = [this](const TreeChange& change) {
    return !isEditorDropping(change.path.lexically_relative(watched_[change.root].root));
  };
  std::map<PluginWorker*, std::vector<std::string>> changed;
  for (const TreeChange& change : tree_.waitForBurst(timeout, debounce_, relevant)) {
    const Watched& w = watched_[change.root];
    changed[w.worker].push_back(change.path.lexically_relative(w.root).generic_string());
  }
  std::vector<PluginReload> reloads;
  for (auto& [worker, paths] : changed) {
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    PluginReload reload{worker->name(), paths, false, {}};
    if (worker->running()) {
      reload.outcome = worker->restart();
      reload.restarted = true;
    }
    reloads.push_back(std::move(reload));
  }
  return reloads;
}

void PluginFileWatcher::start(std::function<void(const PluginReload&)> onReload) {
  stop();
  stopping_ = false;
  thread_ = std::thread([this, onReload = std::move(onReload)] {
    while (!stopping_)
      for (const PluginReload& r : poll(std::chrono::milliseconds(100)))
        if (onReload) onReload(r);
  });
}

void PluginFileWatcher::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

} // namespace locus::hooks
