#include "hooks/sandbox/cgroup_jail.h"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace locus::hooks {

namespace fs = std::filesystem;

namespace {
constexpr const char* kJailPrefix = "locus-plugin-";

struct CgroupMount {
  std::string dir;
  std::string ownPath; // our process's cgroup below the mount
};

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool writeFile(const std::string& path, const std::string& value) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = write(fd, value.data(), value.size()) == static_cast<ssize_t>(value.size());
  close(fd);
  return ok;
}

bool hasWord(const std::string& list, const std::string& word, char separator) {
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, separator);)
    if (item == word) return true;
  return false;
}

// Where `controller` (or the v2 hierarchy, controller "") is mounted and our place in it.
std::optional<CgroupMount> findMount(const std::string& controller) {
  std::string mountDir;
  std::ifstream mounts("/proc/self/mounts");
  for (std::string device, dir, type, options, rest; mounts >> device >> dir >> type >> options;) {
    std::getline(mounts, rest);
    if (controller.empty() ? type == "cgroup2"
                           : type == "cgroup" && hasWord(options, controller, ','))
      mountDir = dir;
  }
  if (mountDir.empty()) return std::nullopt;
  std::ifstream cgroups("/proc/self/cgroup");
  for (std::string line; std::getline(cgroups, line);) {
    std::size_t first = line.find(':'), second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    std::string controllers = line.substr(first + 1, second - first - 1);
    bool match =
        controller.empty() ? line.compare(0, 3, "0::") == 0 : hasWord(controllers, controller, ',');
    if (match) return CgroupMount{mountDir, line.substr(second + 1)};
  }
  return std::nullopt;
}

std::string ownDir(const CgroupMount& mount) {
  return mount.ownPath == "/" ? mount.dir : mount.dir + mount.ownPath;
}

std::string freshName() {
  static std::atomic<unsigned> sequence{0};
  return kJailPrefix + std::to_string(getpid()) + "-" + std::to_string(sequence++);
}

// Directories whose removal the kernel refused (their pids are released asynchronously, ~1.5 s
// after the sandbox exits); retried on every later create/release.
std::mutex pendingMutex;
std::vector<std::string> pendingRemoval;

void retryPendingRemovals() {
  std::lock_guard lock(pendingMutex);
  std::erase_if(pendingRemoval,
                [](const std::string& dir) { return rmdir(dir.c_str()) == 0 || errno == ENOENT; });
}

// Jails left behind by host processes that died (their pid no longer exists).
void removeStaleJails(const std::string& parent) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kJailPrefix, 0) != 0) continue;
    pid_t owner = std::atoi(name.c_str() + std::strlen(kJailPrefix));
    if (owner > 0 && kill(owner, 0) != 0 && errno == ESRCH) rmdir(entry.path().c_str());
  }
}

// Makes a child cgroup and sets `settings` (file → value); empty string on any failure.
std::string makeChild(const std::string& parent,
                      const std::vector<std::pair<std::string, std::string>>& settings) {
  removeStaleJails(parent);
  std::string dir = parent + "/" + freshName();
  if (mkdir(dir.c_str(), 0755) != 0) return "";
  for (const auto& [file, value] : settings) {
    if (!writeFile(dir + "/" + file, value)) {
      rmdir(dir.c_str());
      return "";
    }
  }
  return dir;
}

bool addToJail(CgroupJail& jail, const std::string& dir) {
  int fd = open((dir + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    rmdir(dir.c_str());
    return false;
  }
  jail.dirs.push_back(dir);
  jail.procsFds.push_back(fd);
  return true;
}

bool tryCgroupV2(CgroupJail& jail, const SandboxLimits& limits) {
  auto mount = findMount("");
  if (!mount) return false;
  std::string parent = ownDir(*mount);
  std::string controllers = readFile(parent + "/cgroup.controllers");
  if (!hasWord(controllers.substr(0, controllers.find('\n')), "pids", ' ')) return false;
  bool memory = hasWord(controllers.substr(0, controllers.find('\n')), "memory", ' ');
  // Controllers must be enabled for children; this fails when our cgroup is not delegated to us.
  writeFile(parent + "/cgroup.subtree_control", memory ? "+pids +memory" : "+pids");
  std::vector<std::pair<std::string, std::string>> settings{
      {"pids.max", std::to_string(limits.maxPids)}};
  if (memory)
    settings.emplace_back("memory.max",
                          std::to_string(static_cast<long long>(limits.memoryMb) << 20));
  std::string dir = makeChild(parent, settings);
  if (dir.empty() || !addToJail(jail, dir)) return false;
  jail.pids = PidsLimit::CgroupV2;
  jail.memory = memory;
  if (memory) jail.memoryDir = dir;
  jail.cpuDir = dir; // cpu.stat's usage_usec needs no controller
  jail.cpuV2 = true;
  return true;
}

void tryCgroupV1(CgroupJail& jail, const SandboxLimits& limits) {
  if (auto mount = findMount("pids")) {
    std::string dir = makeChild(ownDir(*mount), {{"pids.max", std::to_string(limits.maxPids)}});
    if (!dir.empty() && addToJail(jail, dir)) jail.pids = PidsLimit::CgroupV1;
  }
  if (auto mount = findMount("memory")) {
    std::string dir = makeChild(
        ownDir(*mount),
        {{"memory.limit_in_bytes", std::to_string(static_cast<long long>(limits.memoryMb) << 20)}});
    if (!dir.empty() && addToJail(jail, dir)) {
      jail.memory = true;
      jail.memoryDir = dir;
    }
  }
  // Accounting only: a child of our cpuacct cgroup counts the tree's CPU time.
  if (auto mount = findMount("cpuacct")) {
    std::string dir = makeChild(ownDir(*mount), {});
    if (!dir.empty() && addToJail(jail, dir)) jail.cpuDir = dir;
  }
}

long processesOfUser(uid_t uid) {
  long count = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    struct stat info;
    if (std::isdigit(static_cast<unsigned char>(entry.path().filename().string()[0])) &&
        stat(entry.path().c_str(), &info) == 0 && info.st_uid == uid)
      ++count;
  }
  return count;
}

void chooseFallback(CgroupJail& jail, const SandboxLimits& limits) {
  if (getuid() == 0) {
    jail.pids = PidsLimit::None;
    jail.explanation = "no writable pids cgroup and the host runs as root (the kernel ignores "
                       "RLIMIT_NPROC for root): a fork bomb is stopped only by the wall-clock "
                       "timeout and the pid namespace; run as a non-root user or give the host a "
                       "writable pids cgroup";
    return;
  }
  // RLIMIT_NPROC counts every process of our uid, so the bound is what we already run + maxPids.
  jail.pids = PidsLimit::RlimitNproc;
  jail.nprocLimit = processesOfUser(getuid()) + limits.maxPids;
  jail.explanation = "no writable pids cgroup: RLIMIT_NPROC=" + std::to_string(jail.nprocLimit) +
                     " (processes of uid " + std::to_string(getuid()) +
                     " plus maxPids=" + std::to_string(limits.maxPids) +
                     "); run the host under a dedicated user "
                     "so the limit is the plugin's alone";
}
} // namespace

CgroupJail createCgroupJail(const SandboxLimits& limits) {
  retryPendingRemovals();
  CgroupJail jail;
  if (!tryCgroupV2(jail, limits)) tryCgroupV1(jail, limits);
  if (jail.pids == PidsLimit::CgroupV1 || jail.pids == PidsLimit::CgroupV2)
    jail.explanation = std::string("pids.max=") + std::to_string(limits.maxPids) + " in a " +
                       pidsLimitName(jail.pids);
  else
    chooseFallback(jail, limits);
  return jail;
}

void enterCgroupJail(const CgroupJail& jail) {
  for (int fd : jail.procsFds) {
    ssize_t ignored = write(fd, "0", 1);
    (void)ignored;
  }
}

void killCgroupJail(const CgroupJail& jail) {
  for (const std::string& dir : jail.dirs) {
    if (writeFile(dir + "/cgroup.kill", "1")) continue; // cgroup v2 kills atomically
    std::ifstream procs(dir + "/cgroup.procs");
    for (pid_t pid; procs >> pid;) kill(pid, SIGKILL);
  }
}

namespace {
// A small cgroup file in one read (no stream: this runs twice per plugin call).
std::string readSmall(const std::string& path) {
  char buffer[512];
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  ssize_t got = read(fd, buffer, sizeof buffer - 1);
  close(fd);
  return got > 0 ? std::string(buffer, static_cast<std::size_t>(got)) : "";
}
} // namespace

std::optional<double> readCgroupCpuSeconds(const CgroupJail& jail) {
  if (jail.cpuDir.empty()) return std::nullopt;
  if (!jail.cpuV2) {
    std::string text = readSmall(jail.cpuDir + "/cpuacct.usage"); // nanoseconds
    if (text.empty()) return std::nullopt;
    return std::strtoll(text.c_str(), nullptr, 10) / 1e9;
  }
  std::string text = readSmall(jail.cpuDir + "/cpu.stat"); // "usage_usec N" comes first
  std::size_t at = text.find("usage_usec ");
  if (at == std::string::npos) return std::nullopt;
  return std::strtoll(text.c_str() + at + 11, nullptr, 10) / 1e6;
}

CgroupUsage readCgroupUsage(const CgroupJail& jail) {
  CgroupUsage usage;
  usage.cpuSeconds = readCgroupCpuSeconds(jail);
  if (!jail.memoryDir.empty()) {
    for (const char* file : {"/memory.peak", "/memory.max_usage_in_bytes"}) {
      std::string text = readSmall(jail.memoryDir + file);
      if (text.empty()) continue;
      usage.peakMemoryKb = static_cast<long>(std::strtoll(text.c_str(), nullptr, 10) / 1024);
      break;
    }
  }
  return usage;
}

bool cgroupJailOomKilled(const CgroupJail& jail) {
  if (jail.memoryDir.empty()) return false;
  for (const char* file : {"/memory.events", "/memory.oom_control"}) {
    std::stringstream in(readFile(jail.memoryDir + file));
    for (std::string key; in >> key;) {
      long value = 0;
      in >> value;
      if (key == "oom_kill" && value > 0) return true;
    }
  }
  return false;
}

void releaseCgroupJail(CgroupJail& jail) {
  for (int fd : jail.procsFds) close(fd);
  jail.procsFds.clear();
  std::lock_guard lock(pendingMutex);
  for (const std::string& dir : jail.dirs)
    if (rmdir(dir.c_str()) != 0 && errno == EBUSY) pendingRemoval.push_back(dir);
  jail.dirs.clear();
}

const char* pidsLimitName(PidsLimit pids) {
  switch (pids) {
  case PidsLimit::CgroupV2:
    return "cgroup v2";
  case PidsLimit::CgroupV1:
    return "cgroup v1";
  case PidsLimit::RlimitNproc:
    return "RLIMIT_NPROC";
  case PidsLimit::None:
    return "none";
  }
  return "none";
}

} // namespace locus::hooks
