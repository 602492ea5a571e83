#include "compiler/driver/watch_project_watcher.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace locus {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint32_t kWatchMask = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR;

} // namespace

int waitReadable(const std::vector<int>& fds, std::chrono::milliseconds timeout) {
  std::vector<pollfd> polled;
  for (int fd : fds)
    if (fd >= 0) polled.push_back(pollfd{fd, POLLIN, 0});
  int ms = timeout.count() < 0 ? -1 : static_cast<int>(timeout.count());
  int r = ::poll(polled.data(), polled.size(), ms);
  return r < 0 ? 0 : r; // EINTR: a signal, which the caller checks for
}

ProjectWatcher::ProjectWatcher(WatchScope scope)
    : scope_(std::move(scope)), fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

ProjectWatcher::~ProjectWatcher() {
  if (fd_ >= 0) close(fd_);
}

bool ProjectWatcher::start(std::string& error) {
  if (fd_ < 0) {
    error = std::string("inotify is not available: ") + std::strerror(errno);
    return false;
  }
  if (!addTree(scope_.root, error)) return false;
  std::error_code ec;
  fs::path relative = scope_.templatesDir.lexically_relative(scope_.root);
  bool templatesOutside = relative.empty() || *relative.begin() == "..";
  if (templatesOutside && fs::is_directory(scope_.templatesDir, ec))
    return addTree(scope_.templatesDir, error);
  return true;
}

bool ProjectWatcher::addTree(const fs::path& dir, std::string& error) {
  int wd = inotify_add_watch(fd_, dir.c_str(), kWatchMask);
  if (wd < 0) {
    error = "cannot watch '" + dir.string() + "': " + std::strerror(errno) +
            (errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : "");
    return false;
  }
  folders_[wd] = dir;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
    if (skippedWatchFolder(scope_, it->path())) continue;
    if (!addTree(it->path(), error)) return false;
  }
  return true;
}

std::vector<std::string> ProjectWatcher::drain() {
  std::vector<std::string> changed;
  alignas(inotify_event) char buffer[16 * 1024];
  for (;;) {
    ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    for (char* p = buffer; p < buffer + n;) {
      auto* event = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + event->len;
      auto folder = folders_.find(event->wd);
      if (folder == folders_.end()) continue;
      if (event->mask & IN_IGNORED) {
        folders_.erase(folder);
        continue;
      }
      if (!event->len) continue; // the watched folder itself; its parent reports it
      fs::path path = folder->second / event->name;
      bool isFolder = event->mask & IN_ISDIR;
      if (isFolder && (event->mask & (IN_CREATE | IN_MOVED_TO)) &&
          !skippedWatchFolder(scope_, path)) {
        std::string ignored; // a folder that vanished again meanwhile: nothing to watch
        addTree(path, ignored);
      }
      if (!triggersRebuild(scope_, path, isFolder)) continue;
      fs::path relative = path.lexically_relative(scope_.root);
      bool outside = relative.empty() || relative.begin()->string() == "..";
      changed.push_back(outside ? path.string() : relative.generic_string());
    }
  }
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

std::vector<std::string> ProjectWatcher::poll(std::chrono::milliseconds timeout,
                                              std::chrono::milliseconds quiet) {
  std::vector<std::string> changed;
  auto end = Clock::now() + timeout;
  while (changed.empty() && Clock::now() < end) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
    if (waitReadable({fd_}, left) <= 0) continue;
    changed = drain();
  }
  if (changed.empty()) return changed;
  // A folder that never settles still rebuilds, every two seconds.
  auto burstEnd = Clock::now() + std::chrono::seconds(2);
  while (Clock::now() < burstEnd && waitReadable({fd_}, quiet) > 0)
    for (std::string& path : drain()) changed.push_back(std::move(path));
  std::sort(changed.begin(), changed.end());
  changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
  return changed;
}

} // namespace locus
