#include "runtime/dev/child_process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace locus::dev {

namespace {

constexpr size_t kKeptLines = 30;

// The child's environment: ours, with the spec's entries replacing or adding.
std::vector<std::string> environmentOf(const ChildSpec& spec) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    std::string key = entry.substr(0, entry.find('='));
    if (!spec.env.count(key)) out.push_back(entry);
  }
  for (const auto& [key, value] : spec.env) out.push_back(key + "=" + value);
  return out;
}

std::vector<char*> pointersTo(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

} // namespace

void LogSink::line(const std::string& part, const std::string& text) {
  std::string out = part + " | " + text + "\n";
  std::lock_guard lock(mutex_);
  if (holding_) {
    if (held_.size() < 2000) held_.push_back(std::move(out));
    return;
  }
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
}

void LogSink::hold(bool holding) {
  std::lock_guard lock(mutex_);
  holding_ = holding;
  if (holding) return;
  for (const std::string& s : held_) std::fputs(s.c_str(), stdout);
  held_.clear();
  std::fflush(stdout);
}

Child::Child(ChildSpec spec, LogSink& sink) : spec_(std::move(spec)), sink_(sink) {}

Child::~Child() {
  stop(2000);
}

bool Child::start(std::string& error) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    error = std::string("cannot make a pipe: ") + std::strerror(errno);
    return false;
  }
  std::vector<std::string> envStrings = environmentOf(spec_), argvStrings = spec_.argv;
  std::vector<char*> envp = pointersTo(envStrings), argv = pointersTo(argvStrings);
  uid_t uid = 0;
  gid_t gid = 0;
  bool drop = spec_.asNobody && getuid() == 0;
  if (drop) {
    const passwd* nobody = getpwnam("nobody");
    if (!nobody) {
      error = "there is no user `nobody` to run " + spec_.name + " as";
      return false;
    }
    uid = nobody->pw_uid;
    gid = nobody->pw_gid;
  }
  pid_t parent = getpid();
  sigset_t none;
  sigemptyset(&none);
  pid_t pid = fork();
  if (pid < 0) {
    error = std::string("cannot fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) { // only async-signal-safe calls from here to exec
    setpgid(0, 0);
    sigprocmask(SIG_SETMASK, &none, nullptr); // exec keeps the mask; the part needs its signals
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    int devNull = open("/dev/null", O_RDONLY);
    if (devNull >= 0) dup2(devNull, 0);
    if (drop && (setgroups(0, nullptr) != 0 || setgid(gid) != 0 || setuid(uid) != 0)) _exit(126);
    // A `locus dev` killed without a chance to clean up still takes its parts with it.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent) _exit(125);
    if (!spec_.cwd.empty() && chdir(spec_.cwd.c_str()) != 0) _exit(124);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  setpgid(pid, pid); // also here: no race with a stop() right after start()
  close(fds[1]);
  pid_ = pid;
  exited_ = false;
  reader_ = std::thread([this, fd = fds[0]] { readOutput(fd); });
  return true;
}

void Child::readOutput(int fd) {
  std::string pending;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      sink_.line(spec_.name, line);
      std::lock_guard lock(linesMutex_);
      lines_.push_back(std::move(line));
      if (lines_.size() > kKeptLines) lines_.pop_front();
    }
  }
  if (!pending.empty()) {
    sink_.line(spec_.name, pending);
    std::lock_guard lock(linesMutex_);
    lines_.push_back(pending);
  }
  close(fd);
}

bool Child::running() {
  if (pid_ < 0 || exited_) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  exited_ = true;
  status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return false;
}

void Child::stop(int graceMs) {
  if (pid_ < 0) return;
  if (running()) {
    kill(-pid_, spec_.stopSignal);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
    while (running() && std::chrono::steady_clock::now() < deadline) usleep(20 * 1000);
  }
  // Whatever the group still holds (a grandchild that ignored the signal) goes too.
  kill(-pid_, SIGKILL);
  if (!exited_) {
    int status = 0;
    waitpid(pid_, &status, 0);
    exited_ = true;
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  if (reader_.joinable()) reader_.join();
  pid_ = -1;
}

std::vector<std::string> Child::lastLines() const {
  std::lock_guard lock(linesMutex_);
  return {lines_.begin(), lines_.end()};
}

int runToEnd(const ChildSpec& spec, LogSink& sink, std::string& error,
             std::vector<std::string>* lastLines, const std::function<bool()>& cancelled) {
  Child child(spec, sink);
  if (!child.start(error)) return -1;
  while (child.running()) {
    if (cancelled && cancelled()) {
      child.stop();
      error = "stopped";
      return -1;
    }
    usleep(20 * 1000);
  }
  int status = child.exitStatus();
  child.stop(0);
  if (lastLines) *lastLines = child.lastLines();
  return status;
}

} // namespace locus::dev
