#include "hooks/sandbox/sandboxed_process.h"

#include "hooks/sandbox/bwrap_argv.h"
#include "hooks/sandbox/resource_limits.h"
#include "hooks/sandbox/spawner_thread.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace locus::hooks {

namespace {
struct Pipe {
  int read = -1, write = -1;
};

bool makePipe(Pipe& pipe) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  pipe = {fds[0], fds[1]};
  return true;
}

void closeFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// In the child: report errno on the status pipe and exit. Async-signal-safe.
[[noreturn]] void failInChild(int statusFd, int step) {
  int report[2] = {step, errno};
  ssize_t ignored = write(statusFd, report, sizeof report);
  (void)ignored;
  _exit(127);
}

[[noreturn]] void runChild(const std::vector<char*>& argv, const Pipe& in, const Pipe& out,
                           const Pipe& err, int statusFd, const SandboxLimits& limits,
                           const CgroupJail& jail) {
  setpgid(0, 0);
  if (dup2(in.read, 0) < 0 || dup2(out.write, 1) < 0 || dup2(err.write, 2) < 0)
    failInChild(statusFd, 1);
  enterCgroupJail(jail);
  // Descriptors the host opened without O_CLOEXEC (libraries do) would hand the plugin host
  // files; everything above stdio closes at exec (the status pipe stays usable until then).
  if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) failInChild(statusFd, 1);
  if (!applyResourceLimits(limits, jail)) failInChild(statusFd, 2);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  // bwrap runs as pid 1 in the sandbox, where the plugin can read /proc/1/environ: it must not
  // inherit the host's environment (secrets). --clearenv only clears the plugin's.
  char* const minimalEnvironment[] = {const_cast<char*>("PATH=/usr/bin:/bin"), nullptr};
  execve(argv[0], argv.data(), minimalEnvironment);
  failInChild(statusFd, 3);
}

std::string childFailure(int step, int error) {
  const char* what = step == 1   ? "could not set up the plugin's stdio"
                     : step == 2 ? "could not apply resource limits"
                                 : "could not execute bwrap";
  return std::string(what) + ": " + std::strerror(error);
}
} // namespace

// Forks from the calling thread; spawnSandboxed calls it on the spawner thread.
static SpawnOutcome spawnFromThisThread(const SandboxPolicy& policy);

SpawnOutcome spawnSandboxed(const SandboxPolicy& policy) {
  SpawnOutcome outcome;
  runOnSpawnerThread([&] { outcome = spawnFromThisThread(policy); });
  return outcome;
}

std::string findExecutable(const std::string& program) {
  if (program.find('/') != std::string::npos)
    return access(program.c_str(), X_OK) == 0 ? program : "";
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (end > start && access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

static SpawnOutcome spawnFromThisThread(const SandboxPolicy& policy) {
  SpawnOutcome outcome;
  std::vector<std::string> args = buildBwrapArgv(policy);
  args[0] = findExecutable(policy.bwrapPath);
  if (args[0].empty()) {
    outcome.error = "bubblewrap ('" + policy.bwrapPath +
                    "') was not found; install it with "
                    "'apt-get install bubblewrap'";
    return outcome;
  }
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  Pipe in, out, err, status;
  if (!makePipe(in) || !makePipe(out) || !makePipe(err) || !makePipe(status)) {
    outcome.error = std::string("pipe: ") + std::strerror(errno);
    for (Pipe* p : {&in, &out, &err, &status}) closeFd(p->read), closeFd(p->write);
    return outcome;
  }
  CgroupJail jail = createCgroupJail(policy.limits);
  pid_t pid = fork();
  if (pid == 0) runChild(argv, in, out, err, status.write, policy.limits, jail);
  int forkErrno = errno;
  closeFd(in.read), closeFd(out.write), closeFd(err.write), closeFd(status.write);
  if (pid < 0) {
    outcome.error = std::string("fork: ") + std::strerror(forkErrno);
    closeFd(in.write), closeFd(out.read), closeFd(err.read), closeFd(status.read);
    releaseCgroupJail(jail);
    return outcome;
  }
  setpgid(pid, pid); // also in the parent, so killing the group cannot race the child's setpgid
  int report[2] = {0, 0};
  ssize_t got;
  do got = read(status.read, report, sizeof report);
  while (got < 0 && errno == EINTR);
  closeFd(status.read);
  outcome.process = {pid, in.write, out.read, err.read, std::move(jail)};
  if (got == static_cast<ssize_t>(sizeof report)) { // exec failed: reap the child, report why
    outcome.error = childFailure(report[0], report[1]);
    reapSandboxed(outcome.process);
    return outcome;
  }
  for (int fd : {in.write, out.read, err.read}) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return outcome;
}

void killSandboxed(const SandboxedProcess& process) {
  if (process.pid <= 0) return;
  kill(-process.pid, SIGKILL);
  killCgroupJail(process.jail);
}

ExitInfo reapSandboxed(SandboxedProcess& process) {
  ExitInfo info;
  if (process.pid > 0) {
    // Wait without reaping, so the group id cannot be recycled while we kill stragglers that
    // are still in the group or the cgroup; the pid namespace takes the rest down with bwrap.
    siginfo_t exited{};
    while (waitid(P_PID, process.pid, &exited, WEXITED | WNOWAIT) < 0 && errno == EINTR) {
    }
    kill(-process.pid, SIGKILL);
    killCgroupJail(process.jail);
    while (wait4(process.pid, &info.status, 0, &info.usage) < 0 && errno == EINTR) {
    }
    info.oomKilled = cgroupJailOomKilled(process.jail);
    info.tree = readCgroupUsage(process.jail);
  }
  closeFd(process.stdinFd), closeFd(process.stdoutFd), closeFd(process.stderrFd);
  releaseCgroupJail(process.jail);
  process.pid = -1;
  return info;
}

std::string describeExit(int status) {
  auto signalText = [](int signal) {
    return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  };
  if (WIFSIGNALED(status)) return signalText(WTERMSIG(status));
  int code = WEXITSTATUS(status);
  // bwrap exits with 128+N when the sandboxed process was killed by signal N.
  if (code > 128 && code < 128 + 65) return signalText(code - 128);
  return "exited with status " + std::to_string(code);
}

} // namespace locus::hooks
