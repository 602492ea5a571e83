#include "hooks/worker/plugin_file_watcher.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace locus::hooks {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint32_t kWatchMask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR;

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

int waitReadable(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  int ms = static_cast<int>(std::max<long long>(0, timeout.count()));
  int r;
  do r = ::poll(&p, 1, ms);
  while (r < 0 && errno == EINTR);
  return r;
}

} // namespace

bool ignoredPluginPath(const fs::path& relative) {
  for (const fs::path& part : relative) {
    std::string name = part.string();
    if (name.empty() || name == ".") continue;
    if (name[0] == '.' || name == "__pycache__" || name == "4913") return true;
    if (endsWith(name, "~") || endsWith(name, ".swp") || endsWith(name, ".swx") ||
        endsWith(name, ".pyc"))
      return true;
  }
  return false;
}

PluginFileWatcher::PluginFileWatcher(std::chrono::milliseconds debounce)
    : debounce_(debounce), fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

PluginFileWatcher::~PluginFileWatcher() {
  stop();
  if (fd_ >= 0) close(fd_);
}

bool PluginFileWatcher::watch(PluginWorker& worker, const fs::path& dir, std::string& error) {
  if (fd_ < 0) {
    error = std::string("inotify is not available: ") + std::strerror(errno);
    return false;
  }
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root)) {
    error = "cannot watch '" + dir.string() + "': not a folder";
    return false;
  }
  return addTree(worker, root, root, error);
}

bool PluginFileWatcher::addTree(PluginWorker& worker, const fs::path& root, const fs::path& dir,
                                std::string& error) {
  int wd = inotify_add_watch(fd_, dir.c_str(), kWatchMask);
  if (wd < 0) {
    error = "cannot watch '" + dir.string() + "': " + std::strerror(errno) +
            (errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : "");
    return false;
  }
  watches_[wd] = Watch{&worker, root, dir};
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
    if (ignoredPluginPath(it->path().lexically_relative(root))) continue;
    if (!addTree(worker, root, it->path(), error)) return false;
  }
  return true;
}

// Drains the inotify queue; returns false when nothing was there.
bool PluginFileWatcher::readEvents(std::map<PluginWorker*, std::vector<std::string>>& changed) {
  alignas(inotify_event) char buffer[16 * 1024];
  bool any = false;
  for (;;) {
    ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n <= 0) return any;
    any = true;
    for (char* p = buffer; p < buffer + n;) {
      auto* event = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + event->len;
      auto w = watches_.find(event->wd);
      if (w == watches_.end()) continue;
      if (event->mask & IN_IGNORED) {
        watches_.erase(w);
        continue;
      }
      Watch watch = w->second;
      fs::path path = event->len ? watch.dir / event->name : watch.dir;
      fs::path relative = path.lexically_relative(watch.root);
      if (ignoredPluginPath(relative)) continue;
      if ((event->mask & (IN_CREATE | IN_MOVED_TO)) && (event->mask & IN_ISDIR)) {
        std::string ignored;
        addTree(*watch.worker, watch.root, path, ignored); // a new folder: watch it too
      }
      changed[watch.worker].push_back(relative.generic_string());
    }
  }
}

std::vector<PluginReload> PluginFileWatcher::poll(std::chrono::milliseconds timeout) {
  std::vector<PluginReload> reloads;
  if (fd_ < 0 || waitReadable(fd_, timeout) <= 0) return reloads;
  std::map<PluginWorker*, std::vector<std::string>> changed;
  readEvents(changed);
  // The rest of the burst: wait until the folder has been quiet for `debounce` (but not forever:
  // a folder that never settles still reloads, every kMaxBurst).
  constexpr auto kMaxBurst = std::chrono::seconds(2);
  auto burstEnd = Clock::now() + kMaxBurst;
  while (Clock::now() < burstEnd && waitReadable(fd_, debounce_) > 0) readEvents(changed);
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
