#include "compiler/driver/registry_fixture_runner.h"

#include "compiler/base/file_bytes.h"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace locus {

namespace fs = std::filesystem;

namespace {

int countFixtures(const fs::path& dir) {
  int n = 0;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir / "fixtures", ec))
    if (e.path().extension() == ".json" && !e.path().stem().string().ends_with(".expected")) ++n;
  return n;
}

// The last lines of the test's output: what failed.
std::string tail(const std::string& text) {
  constexpr std::size_t kKeep = 1500;
  return text.size() <= kKeep ? text : "…" + text.substr(text.size() - kKeep);
}

registry::FixtureOutcome run(const fs::path& dir, int timeoutSeconds) {
  int fixtures = countFixtures(dir);
  if (fixtures == 0) return {0, ""};
  fs::path log = dir.parent_path() / "plugin-test.log";
  int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0) return {0, "cannot write " + log.string()};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::close_range(3, ~0U, 0); // not the server's sockets
    ::setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr); // the server blocks SIGTERM for its waiter thread
    ::execl("/proc/self/exe", "locusc", "plugin", "test", dir.c_str(), "--untrusted",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out);
  if (pid < 0) return {0, "cannot start `locusc plugin test` (fork failed)"};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return {fixtures, "the fixtures ran longer than " + std::to_string(timeoutSeconds) + " s"};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {fixtures, ""};
  return {fixtures, "`locusc plugin test` failed:\n" +
                        tail(readFileBytes(log.string()).value_or("(no output)"))};
}

} // namespace

registry::FixtureRunner pluginTestRunner(int timeoutSeconds) {
  return [timeoutSeconds](const fs::path& dir) { return run(dir, timeoutSeconds); };
}

} // namespace locus
