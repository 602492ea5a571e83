// `locusc watch` end to end: the real binary runs in the background on a scratch project while the
// test edits files on disk and reads the binary's stderr lines with a deadline. Edits rebuild the
// output; a syntax error is reported and the previous output stays; a plugin edit restarts the
// plugin's sandboxed worker and the next build runs the new code; SIGTERM exits 0 and leaves no
// worker process behind.
#include "tests/e2e/e2e_fixture.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace locus::test;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

const std::string kLocusc = LOCUSC_PATH;
const std::string kSource = LOCUS_SOURCE_DIR;
constexpr auto kDeadline = 60s; // generous: the test machine is shared and slow

// Replaces the file (write to a temporary, then rename), as most editors save.
void save(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  fs::path temp = p.parent_path() / ("." + p.filename().string() + ".tmp");
  std::ofstream(temp, std::ios::binary) << text;
  fs::rename(temp, p);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "'" << from << "' not found";
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// Every generated file under `dir`, concatenated (the SQL lives in one of them).
std::string generated(const fs::path& dir) {
  std::string all;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file()) all += slurp(it->path());
  return all;
}

// `locusc watch ARGS` in `cwd`, stderr read through a pipe.
class WatchProcess {
public:
  WatchProcess(const fs::path& cwd, const std::vector<std::string>& args) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 2);
      int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0);
      ::dup2(null, 1);
      if (::chdir(cwd.c_str()) != 0) ::_exit(127);
      std::vector<char*> argv{const_cast<char*>(kLocusc.c_str()), const_cast<char*>("watch")};
      for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(kLocusc.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    fd_ = fds[0];
  }
  ~WatchProcess() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) ::close(fd_);
  }

  // Waits until stderr (from the last consumed position) holds `needle`; returns the text read up
  // to and including the line holding it, or "" on timeout (the test then prints `all()`).
  std::string waitFor(const std::string& needle, std::chrono::seconds timeout = kDeadline) {
    auto end = Clock::now() + timeout;
    for (;;) {
      std::size_t at = err_.find(needle, consumed_);
      if (at != std::string::npos) {
        std::size_t eol = err_.find('\n', at);
        if (eol != std::string::npos) {
          std::string text = err_.substr(consumed_, eol + 1 - consumed_);
          consumed_ = eol + 1;
          return text;
        }
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
      if (left.count() <= 0 || !readSome(left)) return "";
    }
  }

  // SIGTERM, then the exit status (-1 when it did not exit within the deadline).
  int terminate() {
    ::kill(pid_, SIGTERM);
    return waitExit();
  }

  // The exit status once the process ends by itself (-1 when it did not within the deadline).
  int waitExit() {
    auto end = Clock::now() + kDeadline;
    while (Clock::now() < end) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        while (readSome(10ms)) {
        }
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      readSome(50ms);
    }
    return -1;
  }

  const std::string& all() const { return err_; }

private:
  bool readSome(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buffer[4096];
    ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n <= 0) return false;
    err_.append(buffer, static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
  std::string err_;
  std::size_t consumed_ = 0;
};

// Processes whose command line mentions `text` (a sandboxed worker names its plugin folder).
std::vector<std::string> processesMentioning(const std::string& text) {
  std::vector<std::string> found;
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    std::string pid = it->path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmdline = slurp(it->path() / "cmdline");
    for (char& c : cmdline)
      if (c == '\0') c = ' ';
    if (cmdline.find(text) != std::string::npos && pid != std::to_string(::getpid()))
      found.push_back(pid + ": " + cmdline);
  }
  return found;
}

const char* kApp = R"(entity Product {
  name: String
  priceCents: Integer
}
)";

class PluginWatchE2E : public FolderTest {
protected:
  PluginWatchE2E() : FolderTest("watch") {}
  void SetUp() override {
    FolderTest::SetUp();
    save(dir_ / "app.locus", kApp);
  }

  // Copies examples/plugins/<name> (it ships its SDK copy) into <project>/plugins/<name>.
  fs::path addExamplePlugin(const std::string& name) {
    fs::path target = dir_ / "plugins" / name;
    fs::create_directories(target.parent_path());
    fs::copy(kSource + "/examples/plugins/" + name, target, fs::copy_options::recursive);
    save(dir_ / "Locus.toml", "[plugins]\npaths = [\"plugins/" + name + "\"]\n");
    return target;
  }

  std::unique_ptr<WatchProcess> watch() {
    return std::make_unique<WatchProcess>(
        dir_, std::vector<std::string>{".", "--generators", "sql", "--color", "never"});
  }
};

TEST_F(PluginWatchE2E, EditRebuildsAndNewFilesArePickedUp) {
  auto w = watch();
  ASSERT_NE(w->waitFor("locusc watch: build 1 ok"), "") << w->all();
  EXPECT_EQ(generated(dir_ / "generated").find("stock"), std::string::npos);

  save(dir_ / "app.locus",
       replaced(kApp, "priceCents: Integer", "priceCents: Integer\n  stock: Integer?"));
  std::string line = w->waitFor("locusc watch: build 2");
  ASSERT_NE(line, "") << w->all();
  EXPECT_NE(line.find("build 2 ok in "), std::string::npos) << line;
  EXPECT_NE(line.find("app.locus changed"), std::string::npos) << line;
  EXPECT_NE(generated(dir_ / "generated").find("stock"), std::string::npos);

  // A new file in a new folder of the project joins the program.
  save(dir_ / "more" / "order.locus", "entity Order {\n  total: Integer?\n}\n");
  ASSERT_NE(w->waitFor("locusc watch: build 3 ok"), "") << w->all();
  EXPECT_NE(generated(dir_ / "generated").find("total"), std::string::npos);

  // Neither the output folder, `.locus/` nor editor droppings rebuild.
  save(dir_ / "generated" / "notes.txt", "mine");
  save(dir_ / ".locus" / "scratch.locus", "x");
  save(dir_ / "app.locus~", "backup");
  save(dir_ / ".app.locus.swp", "swap");
  EXPECT_EQ(w->waitFor("locusc watch: build 4", 2s), "") << w->all();
  EXPECT_EQ(w->terminate(), 0) << w->all();
}

TEST_F(PluginWatchE2E, SyntaxErrorKeepsThePreviousOutputAndTheFixRebuilds) {
  auto w = watch();
  ASSERT_NE(w->waitFor("locusc watch: build 1 ok"), "") << w->all();
  std::string before = generated(dir_ / "generated");
  ASSERT_NE(before.find("price"), std::string::npos);

  save(dir_ / "app.locus", replaced(kApp, "entity Product {", "entity Product {{"));
  std::string text = w->waitFor("locusc watch: build 2");
  ASSERT_NE(text, "") << w->all();
  EXPECT_NE(text.find("app.locus:1:17: error[E0001]"), std::string::npos) << text;
  EXPECT_NE(text.find("build 2 failed in "), std::string::npos) << text;
  EXPECT_NE(text.find("the previous output is kept"), std::string::npos) << text;
  EXPECT_EQ(generated(dir_ / "generated"), before) << "a failed build touched the output";

  save(dir_ / "app.locus", replaced(kApp, "name: String", "name: String\n  title: String?"));
  ASSERT_NE(w->waitFor("locusc watch: build 3 ok"), "") << w->all();
  EXPECT_NE(generated(dir_ / "generated").find("title"), std::string::npos);
  EXPECT_EQ(w->terminate(), 0) << w->all();
}

TEST_F(PluginWatchE2E, PluginEditRestartsItsWorkerAndTheNextBuildRunsTheNewCode) {
  fs::path plugin = addExamplePlugin("naming-lint");
  save(dir_ / "app.locus", replaced(kApp, "priceCents", "price_cents"));
  auto w = watch();
  std::string first = w->waitFor("locusc watch: build 1 ok");
  ASSERT_NE(first, "") << w->all();
  EXPECT_NE(first.find("NAMING002: field 'Product.price_cents' is not camelCase"),
            std::string::npos)
      << first;

  save(plugin / "main.py",
       replaced(slurp(plugin / "main.py"), "is not camelCase;", "breaks the house style;"));
  std::string reload = w->waitFor("locusc watch: plugin naming-lint changed (main.py)");
  ASSERT_NE(reload, "") << w->all();
  EXPECT_NE(reload.find("worker restarted"), std::string::npos) << reload;
  std::string second = w->waitFor("locusc watch: build 2 ok");
  ASSERT_NE(second, "") << w->all();
  EXPECT_NE(second.find("plugin changed"), std::string::npos) << second;
  EXPECT_NE(second.find("NAMING002: field 'Product.price_cents' breaks the house style"),
            std::string::npos)
      << second;
  // One rebuild per save: the plugin folder is not also a project change.
  EXPECT_EQ(w->waitFor("locusc watch: build 3", 2s), "") << w->all();

  EXPECT_EQ(w->terminate(), 0) << w->all();
  EXPECT_NE(w->all().find("locusc watch: stopped"), std::string::npos) << w->all();
  std::string audit = slurp(dir_ / ".locus" / "audit.log");
  EXPECT_NE(audit.find("\"plugin.reload\""), std::string::npos);
  EXPECT_NE(audit.find("\"plugin.stop\""), std::string::npos);
}

TEST_F(PluginWatchE2E, ABrokenPluginEditFailsTheBuildWithItsTracebackAndTheFixRecovers) {
  fs::path plugin = addExamplePlugin("naming-lint");
  std::string good = slurp(plugin / "main.py");
  auto w = watch();
  ASSERT_NE(w->waitFor("locusc watch: build 1 ok"), "") << w->all();
  std::string output = generated(dir_ / "generated");

  save(plugin / "main.py", good + "this is not python(\n");
  std::string broken = w->waitFor("locusc watch: build 2");
  ASSERT_NE(broken, "") << w->all();
  EXPECT_NE(broken.find("restart failed"), std::string::npos) << broken;
  EXPECT_NE(broken.find("error[E0902]: [plugin naming-lint, onPostValidate]"), std::string::npos)
      << broken;
  EXPECT_NE(broken.find("SyntaxError"), std::string::npos) << "the author must see the traceback\n"
                                                           << broken;
  EXPECT_NE(broken.find("build 2 failed"), std::string::npos) << broken;
  EXPECT_EQ(generated(dir_ / "generated"), output) << "a failed build touched the output";

  save(plugin / "main.py", good);
  ASSERT_NE(w->waitFor("locusc watch: build 3 ok"), "") << w->all();
  EXPECT_EQ(w->terminate(), 0) << w->all();
}

TEST_F(PluginWatchE2E, APluginAddedToLocusTomlIsLoadedWithoutRestartingWatch) {
  addExamplePlugin("naming-lint");
  save(dir_ / "Locus.toml", "");
  save(dir_ / "app.locus", replaced(kApp, "priceCents", "price_cents"));
  auto w = watch();
  std::string first = w->waitFor("locusc watch: build 1 ok");
  ASSERT_NE(first, "") << w->all();
  EXPECT_EQ(first.find("NAMING002"), std::string::npos) << first;

  save(dir_ / "Locus.toml", "[plugins]\npaths = [\"plugins/naming-lint\"]\n");
  std::string second = w->waitFor("locusc watch: build 2 ok");
  ASSERT_NE(second, "") << w->all();
  EXPECT_NE(second.find("locusc watch: plugins loaded again (1)"), std::string::npos) << second;
  EXPECT_NE(second.find("NAMING002: field 'Product.price_cents' is not camelCase"),
            std::string::npos)
      << second;

  // And the new plugin hot-reloads like one loaded at the start.
  fs::path plugin = dir_ / "plugins" / "naming-lint";
  save(plugin / "main.py",
       replaced(slurp(plugin / "main.py"), "is not camelCase;", "breaks the house style;"));
  std::string third = w->waitFor("locusc watch: build 3 ok");
  ASSERT_NE(third, "") << w->all();
  EXPECT_NE(third.find("breaks the house style"), std::string::npos) << third;
  EXPECT_EQ(w->terminate(), 0) << w->all();
}

// A plugin with only a step kind makes no call in a build; its summary line must not abort watch
// (it did: exit 134, nlohmann type_error.306 on the missing latency figures).
TEST_F(PluginWatchE2E, APluginThatMadeNoCallInABuildDoesNotStopWatch) {
  addExamplePlugin("notify-step");
  auto w = watch();
  std::string first = w->waitFor("locusc watch: build 1");
  ASSERT_NE(first, "") << w->all();
  EXPECT_NE(first.find("build 1 ok"), std::string::npos) << w->all();
  save(dir_ / "app.locus",
       replaced(kApp, "priceCents: Integer", "priceCents: Integer\n  sku: String?"));
  ASSERT_NE(w->waitFor("locusc watch: build 2 ok"), "") << w->all();
  EXPECT_EQ(w->terminate(), 0) << w->all();
}

TEST_F(PluginWatchE2E, SigtermStopsCleanlyWithNoWorkerLeft) {
  addExamplePlugin("naming-lint");
  auto w = watch();
  ASSERT_NE(w->waitFor("locusc watch: build 1 ok"), "") << w->all();
  EXPECT_FALSE(processesMentioning(dir_.string() + "/plugins/naming-lint").empty())
      << "the worker should be warm between builds";
  EXPECT_EQ(w->terminate(), 0) << w->all();
  EXPECT_EQ(processesMentioning(dir_.string() + "/plugins/naming-lint"),
            std::vector<std::string>{});
}

TEST_F(PluginWatchE2E, MissingInputIsAClearErrorNotAHang) {
  auto w = std::make_unique<WatchProcess>(
      dir_, std::vector<std::string>{"no-such-dir/app.locus", "--color", "never"});
  EXPECT_NE(w->waitFor("'no-such-dir/app.locus' does not exist; give a .locus file or a project "
                       "folder"),
            "")
      << w->all();
  EXPECT_EQ(w->waitExit(), 2) << w->all();
}

} // namespace
