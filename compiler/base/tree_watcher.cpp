#include "compiler/base/tree_watcher.h"

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

bool endsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

int waitReadable(const std::vector<int>& fds, std::chrono::milliseconds timeout) {
  std::vector<pollfd> polled;
  for (int fd : fds)
    if (fd >= 0) polled.push_back(pollfd{fd, POLLIN, 0});
  int ms = timeout.count() < 0 ? -1 : static_cast<int>(timeout.count());
  int r = ::poll(polled.data(), polled.size(), ms);
  return r < 0 ? 0 : r; // EINTR: a signal, which the caller checks for
}

bool isEditorDropping(const fs::path& relative) {
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

TreeWatcher::TreeWatcher() : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {}

TreeWatcher::~TreeWatcher() {
  if (fd_ >= 0) close(fd_);
}

std::optional<std::string> TreeWatcher::addRoot(const fs::path& root, SkipFolder skipFolder) {
  roots_.push_back(Root{root, std::move(skipFolder)}); // indices stay aligned even on failure
  if (fd_ < 0) return std::string("inotify is not available: ") + std::strerror(errno);
  return addTree(roots_.size() - 1, root);
}

std::optional<std::string> TreeWatcher::addTree(std::size_t root, const fs::path& folder) {
  int wd = inotify_add_watch(fd_, folder.c_str(), kWatchMask);
  if (wd < 0)
    return "cannot watch '" + folder.string() + "': " + std::strerror(errno) +
           (errno == ENOSPC ? " (raise fs.inotify.max_user_watches)" : "");
  watches_[wd] = Watch{root, folder};
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
    if (roots_[root].skipFolder && roots_[root].skipFolder(it->path())) continue;
    if (auto error = addTree(root, it->path())) return error;
  }
  return std::nullopt;
}

std::vector<TreeChange> TreeWatcher::drain() {
  std::vector<TreeChange> changes;
  alignas(inotify_event) char buffer[16 * 1024];
  for (;;) {
    ssize_t n = read(fd_, buffer, sizeof buffer);
    if (n <= 0) break;
    for (char* p = buffer; p < buffer + n;) {
      auto* event = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + event->len;
      auto w = watches_.find(event->wd);
      if (w == watches_.end()) continue;
      if (event->mask & IN_IGNORED) {
        watches_.erase(w);
        continue;
      }
      Watch watch = w->second; // a copy: addTree below adds to watches_
      TreeChange change{watch.root, event->len ? watch.folder / event->name : watch.folder,
                        (event->mask & IN_ISDIR) != 0, event->len == 0};
      const Root& root = roots_[watch.root];
      if (change.isFolder && (event->mask & (IN_CREATE | IN_MOVED_TO)) &&
          !(root.skipFolder && root.skipFolder(change.path)))
        addTree(watch.root, change.path); // a folder that vanished again meanwhile: nothing to do
      changes.push_back(std::move(change));
    }
  }
  return changes;
}

std::vector<TreeChange>
TreeWatcher::waitForBurst(std::chrono::milliseconds timeout, std::chrono::milliseconds quiet,
                          const std::function<bool(const TreeChange&)>& wanted) {
  std::vector<TreeChange> changes;
  auto take = [&] {
    for (TreeChange& change : drain())
      if (wanted(change)) changes.push_back(std::move(change));
  };
  auto end = Clock::now() + timeout;
  while (changes.empty() && Clock::now() < end) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
    if (waitReadable({fd_}, left) > 0) take();
  }
  if (changes.empty()) return changes;
  // A folder that never settles still reports, every two seconds.
  auto burstEnd = Clock::now() + std::chrono::seconds(2);
  while (Clock::now() < burstEnd && waitReadable({fd_}, quiet) > 0) take();
  return changes;
}

} // namespace locus
