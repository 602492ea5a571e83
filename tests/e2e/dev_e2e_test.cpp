// `locus dev` end to end, as a user runs it: the real binary on a copy of an example project,
// with its private PostgreSQL cluster, the runtime, the API (node) and, for crm, the web app
// (next dev). Waits for the one ready line, drives the API over HTTP (seed data present, a
// create starting its on:create workflow, whose effect is read back through the API), then
// SIGTERM: exit 0 and no process left whose working folder or command line is in the project.
// A part killed from outside makes `locus dev` report it and exit 1, again leaving nothing.
// Cost: about 25 s for crm (next dev compiles the first page) and 10 s for shop on 2 cores.
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <regex>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// A running `locus dev`: stdout read line by line, stderr into a file.
class Dev {
public:
  Dev(const fs::path& project, std::vector<std::string> extra) : log_(project / "dev.stderr") {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], 1);
      int err = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(err, 2);
      close(fds[0]);
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
  ~Dev() {
    if (pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    close(out_);
  }

  // The next stdout line, or "" after `timeout` or at the end of the output.
  std::string line(std::chrono::seconds timeout) {
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

  // Exit status after waiting up to `timeout`; -1 if it still runs.
  int waitExit(std::chrono::seconds timeout) {
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

  std::string stderrText() const {
    std::ifstream in(log_);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  pid_t pid() const { return pid_; }

private:
  fs::path log_;
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
};

struct Ready {
  int web = 0, api = 0;
};

// The ready line is the first line on stdout.
Ready waitReady(Dev& dev) {
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
  fs::copy(fs::path(LOCUS_SOURCE_DIR) / "examples" / name, dir / name,
           fs::copy_options::recursive);
  // As root the private cluster runs as `nobody`, which must reach the project folder.
  fs::permissions(dir, fs::perms::all & ~fs::perms::others_write & ~fs::perms::group_write);
  return dir / name;
}

// Processes whose working folder or command line lies in `dir` (what a clean stop leaves: none).
std::vector<std::string> processesIn(const fs::path& dir) {
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
  ADD_FAILURE() << "processes left behind:\n" << [&] {
    std::string s;
    for (const std::string& p : left) s += p + "\n";
    return s;
  }();
}

json getJson(int port, const std::string& path) {
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(std::chrono::seconds(60));
  auto r = c.Get(path);
  if (!r) return json();
  json j = json::parse(r->body, nullptr, false);
  return j.is_discarded() ? json(r->body) : j;
}

TEST(LocusDev, CrmRunsAsOneSystemAndStopsCleanly) {
  fs::path project = copyExample("crm");
  {
    Dev dev(project, {});
    Ready ready = waitReady(dev);
    ASSERT_GT(ready.api, 0);
    // Seed data (seed/01_team.json) is there, through the API and through the web app's proxy.
    json companies = getJson(ready.api, "/api/companies?name=Acme");
    ASSERT_EQ(companies["data"].size(), 1u) << companies.dump();
    json viaWeb = getJson(ready.web, "/api/companies?name=Acme");
    EXPECT_EQ(viaWeb["data"].size(), 1u) << viaWeb.dump();
    httplib::Client web("127.0.0.1", ready.web);
    web.set_read_timeout(std::chrono::seconds(60));
    auto home = web.Get("/");
    ASSERT_TRUE(home);
    EXPECT_EQ(home->status, 200);
    // Next's Pages Router does not serve the page components (web/src/pages).
    auto duplicate = web.Get("/Home");
    ASSERT_TRUE(duplicate);
    EXPECT_EQ(duplicate->status, 404);

    // A create through the API starts WelcomeContact (on:create(Contact)) once.
    httplib::Client api("127.0.0.1", ready.api);
    json contact = {{"firstName", "Grace"},
                    {"lastName", "Hopper"},
                    {"email", "grace@example.com"},
                    {"companyId", companies["data"][0]["id"]}};
    auto created = api.Post("/api/contacts", contact.dump(), "application/json");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    int id = json::parse(created->body)["id"];
    json activities;
    auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      activities = getJson(ready.api, "/api/activities?contactId=" + std::to_string(id));
      if (activities.contains("data") && !activities["data"].empty()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(activities["data"].size(), 1u) << activities.dump() << dev.stderrText();
    EXPECT_EQ(activities["data"][0]["kind"], "welcome");

    kill(dev.pid(), SIGTERM);
    EXPECT_EQ(dev.waitExit(std::chrono::seconds(30)), 0) << dev.stderrText();
  }
  expectNoProcessLeft(project.parent_path());
  fs::remove_all(project.parent_path());
}

TEST(LocusDev, ShopRunsAndAPartThatDiesStopsEverything) {
  fs::path project = copyExample("shop");
  {
    Dev dev(project, {"--no-web"});
    Ready ready = waitReady(dev);
    ASSERT_GT(ready.api, 0);
    json health = getJson(ready.api, "/health");
    EXPECT_TRUE(health.is_object()) << health.dump();
    // The API's node process, found by its working folder, is killed from outside.
    std::string server = (project / "generated" / "server").string();
    pid_t api = 0;
    for (const auto& entry : fs::directory_iterator("/proc")) {
      std::error_code ec;
      if (fs::read_symlink(entry.path() / "cwd", ec).string() == server)
        api = std::stoi(entry.path().filename().string());
    }
    ASSERT_GT(api, 0);
    kill(api, SIGKILL);
    EXPECT_EQ(dev.waitExit(std::chrono::seconds(30)), 1);
    EXPECT_NE(dev.stderrText().find("api stopped"), std::string::npos) << dev.stderrText();
  }
  expectNoProcessLeft(project.parent_path());
  fs::remove_all(project.parent_path());
}

} // namespace
