#include "hooks/sandbox/userns_check.h"

#include "hooks/sandbox/sandboxed_process.h"

#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace locus::hooks {

namespace {
std::string readSysctl(const std::string& sysctlDir, const std::string& name) {
  std::ifstream in(sysctlDir + "/" + name);
  std::string value;
  in >> value;
  return value;
}

// Reads stderr until EOF or 5 s, so a wedged bwrap cannot hang start-up.
std::string drain(int fd) {
  std::string text;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    struct pollfd p {
      fd, POLLIN, 0
    };
    if (poll(&p, 1, 100) <= 0) continue;
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got <= 0) break;
    if (text.size() < 4096) text.append(buffer, got);
  }
  return text;
}

UsernsCheck runCheck(const std::string& bwrapPath) {
  SandboxPolicy policy;
  policy.bwrapPath = bwrapPath;
  char scratch[] = "/tmp/locus-userns-check-XXXXXX";
  if (!mkdtemp(scratch))
    return {false, "cannot create a scratch folder in /tmp for the sandbox check"};
  policy.pluginDir = scratch;
  policy.workspaceDir = scratch;
  policy.entry = {"/usr/bin/true"};
  policy.limits.maxPids = 16;
  SpawnOutcome spawn = spawnSandboxed(policy);
  UsernsCheck check;
  if (!spawn.error.empty()) {
    rmdir(scratch);
    check.message = "the plugin sandbox cannot start: " + spawn.error;
    return check;
  }
  close(spawn.process.stdinFd);
  spawn.process.stdinFd = -1;
  std::string err = drain(spawn.process.stderrFd);
  killSandboxed(spawn.process);
  ExitInfo exit = reapSandboxed(spawn.process);
  rmdir(scratch);
  if (WIFEXITED(exit.status) && WEXITSTATUS(exit.status) == 0) {
    check.ok = true;
    return check;
  }
  check.message = "the plugin sandbox (bubblewrap) does not work on this machine: bwrap " +
                  describeExit(exit.status) + (err.empty() ? "" : ": " + err) +
                  usernsFixAdvice(err);
  return check;
}
} // namespace

std::string usernsFixAdvice(const std::string& bwrapStderr, const std::string& sysctlDir) {
  std::string advice;
  if (readSysctl(sysctlDir, "kernel/apparmor_restrict_unprivileged_userns") == "1")
    advice += "\n  fix: AppArmor restricts unprivileged user namespaces (Ubuntu >= 23.10). Either "
              "run 'sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0' (persist it in "
              "/etc/sysctl.d/), or install an AppArmor profile that allows userns for "
              "/usr/bin/bwrap";
  if (readSysctl(sysctlDir, "user/max_user_namespaces") == "0")
    advice +=
        "\n  fix: user namespaces are disabled: 'sudo sysctl -w user.max_user_namespaces=15000'";
  if (readSysctl(sysctlDir, "kernel/unprivileged_userns_clone") == "0")
    advice += "\n  fix: unprivileged user namespaces are off: 'sudo sysctl -w "
              "kernel.unprivileged_userns_clone=1'";
  if (advice.empty() && bwrapStderr.find("Permission denied") != std::string::npos)
    advice += "\n  fix: the kernel refused a namespace; check that unprivileged user namespaces "
              "are allowed (sysctls user.max_user_namespaces, "
              "kernel.apparmor_restrict_unprivileged_userns) or that a container runtime's "
              "seccomp profile does not block clone(CLONE_NEWUSER)";
  if (advice.empty())
    advice = "\n  fix: run 'bwrap --unshare-all --ro-bind /usr /usr -- /usr/bin/true' to see the "
             "failure; plugins cannot run until it succeeds";
  return advice;
}

UsernsCheck checkUserNamespaces(const std::string& bwrapPath) {
  static std::mutex mutex;
  static std::map<std::string, UsernsCheck> cache;
  std::lock_guard lock(mutex);
  auto found = cache.find(bwrapPath);
  if (found != cache.end()) return found->second;
  return cache[bwrapPath] = runCheck(bwrapPath);
}

} // namespace locus::hooks
