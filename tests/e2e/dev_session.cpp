#include "tests/e2e/dev_session.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <regex>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace locus::test {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

DevSession::DevSession(const fs::path& project, const std::vector<std::string>& extra,
                       const std::map<std::string, std::string>& env)
    : log_(project / "dev.stderr") {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], 1);
    int err = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(err, 2);
    close(fds[0]);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<std::string> args = {LOCUS_PATH, "dev", project.string(), "--port", "0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  out_ = fds[0];
}

DevSession::~DevSession() {
  if (pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  close(out_);
}

std::string DevSession::line(std::chrono::seconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string l = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return l;
    }
    int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    if (left <= 0) return "";
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, left) <= 0) return "";
    char buf[4096];
    ssize_t n = read(out_, buf, sizeof buf);
    if (n <= 0) return "";
    buffer_.append(buf, static_cast<size_t>(n));
  }
}

int DevSession::waitExit(std::chrono::seconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return -1;
}

std::string DevSession::stderrText() const {
  std::ifstream in(log_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

DevReady waitReady(DevSession& dev) {
  std::string l = dev.line(std::chrono::seconds(240));
  std::smatch m;
  static const std::regex ready(
      R"(^locus dev: ready web=http://127\.0\.0\.1:(\d+) api=http://127\.0\.0\.1:(\d+)$)");
  EXPECT_TRUE(std::regex_match(l, m, ready)) << "first line: " << l << "\n" << dev.stderrText();
  if (m.empty()) return {};
  return {std::stoi(m[1]), std::stoi(m[2])};
}

fs::path copyExample(const std::string& name) {
  fs::path dir = fs::temp_directory_path() /
                 ("locus-dev-" + name + "-" + std::to_string(getpid()) + "-" +
                  std::to_string(Clock::now().time_since_epoch().count() % 100000));
  fs::remove_all(dir);
  // What a `locus dev` run in the source tree left there (.locus/, generated/) is not copied.
  fs::create_directories(dir / name);
  for (const auto& entry : fs::directory_iterator(fs::path(LOCUS_SOURCE_DIR) / "examples" / name))
    if (entry.path().filename() != ".locus" && entry.path().filename() != "generated")
      fs::copy(entry.path(), dir / name / entry.path().filename(), fs::copy_options::recursive);
  // As root the private cluster runs as `nobody`, which must reach the project folder.
  fs::permissions(dir, fs::perms::all & ~fs::perms::others_write & ~fs::perms::group_write);
  return dir / name;
}

pid_t processWithCwd(const fs::path& cwd) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::error_code ec;
    if (fs::read_symlink(entry.path() / "cwd", ec) == cwd)
      return std::stoi(entry.path().filename().string());
  }
  return 0;
}

// Processes whose working folder or command line lies in `dir`.
static std::vector<std::string> processesIn(const fs::path& dir) {
  std::vector<std::string> out;
  std::string d = dir.string();
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string pid = entry.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code ec;
    std::string cwd = fs::read_symlink(entry.path() / "cwd", ec).string();
    std::ifstream in(entry.path() / "cmdline");
    std::string cmd((std::istreambuf_iterator<char>(in)), {});
    for (char& c : cmd)
      if (c == '\0') c = ' ';
    if (cwd.rfind(d, 0) == 0 || cmd.find(d) != std::string::npos) out.push_back(pid + " " + cmd);
  }
  return out;
}

void expectNoProcessLeft(const fs::path& dir) {
  auto deadline = Clock::now() + std::chrono::seconds(5);
  std::vector<std::string> left;
  do {
    left = processesIn(dir);
    if (left.empty()) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  } while (Clock::now() < deadline);
  std::string listed;
  for (const std::string& p : left) listed += p + "\n";
  ADD_FAILURE() << "processes left behind:\n" << listed;
}

} // namespace locus::test
