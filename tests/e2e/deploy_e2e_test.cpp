// `locusc deploy` and `locusc rollback` as users run them (docs/deploy.md), on a small project
// with a SQLite database: releases, the atomic `current` link, migrations, the health gate with its
// automatic rollback, rollback by hand, pruning to `keep`, the lock, located errors for a broken
// [deploy.ENV] table, and the example plugin examples/plugins/compose-deploy end to end in the
// real sandbox. Builds run only the `sql` generator, so each deploy takes a fraction of a second.
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace locus::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kLocusc = LOCUSC_PATH;
const std::string kSource = LOCUS_SOURCE_DIR;

class DeployE2E : public FolderTest {
protected:
  DeployE2E() : FolderTest("deploy") {}
  void SetUp() override {
    FolderTest::SetUp();
    write(dir_ / "app.locus", "entity Product {\n  name: String\n}\n");
  }

  fs::path target() const { return dir_ / "out/staging"; }

  // Locus.toml with [deploy.staging], healthy while the file `unhealthy` does not exist; `extra`
  // adds lines to the table, `before` tables in front of it.
  void config(const std::string& extra = "", const std::string& before = "",
              std::string health = "") {
    if (health.empty()) health = "test ! -e " + (dir_ / "unhealthy").string();
    write(dir_ / "Locus.toml",
          before +
              "[build]\ngenerators = [\"sql\"]\n\n[database]\nprovider = \"sqlite\"\n\n"
              "[deploy.staging]\npath = \"out/staging\"\ndatabase = \"state.db\"\n"
              "health = \"" +
              health + "\"\nhealth_timeout = 1\n" + extra);
  }

  ProcessResult locusc(const std::string& args) {
    return runProcess(kLocusc + " " + args + " --color never", dir_.string());
  }

  std::string current() const {
    std::error_code ec;
    return fs::read_symlink(target() / "current", ec).filename().string();
  }

  std::vector<std::string> releases() const {
    std::vector<std::string> out;
    for (const fs::directory_entry& e : fs::directory_iterator(target() / "releases"))
      out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  // The migrations the database has recorded, read with Python's sqlite3.
  std::string appliedMigrations() {
    return runProcess("python3 -c \"import sqlite3; print(','.join(r[0] for r in "
                      "sqlite3.connect('state.db').execute('select name from locus_migrations "
                      "order by name')))\"",
                      dir_.string())
        .out;
  }

  // One more field, so the next release has a new migration.
  void changeApp(const std::string& field) {
    std::string app = slurp(dir_ / "app.locus");
    write(dir_ / "app.locus", app.insert(app.rfind('}'), "  " + field + ": Integer?\n"));
  }
};

TEST_F(DeployE2E, DeployAgainThenAFailedHealthCheckRollsBackAutomatically) {
  config();
  ProcessResult first = locusc("deploy staging");
  ASSERT_EQ(first.exitCode, 0) << first.err;
  std::string one = current();
  ASSERT_FALSE(one.empty());
  EXPECT_TRUE(fs::exists(target() / "current" / "db/sqlite/migrations"));
  EXPECT_NE(first.err.find("deployed staging: release " + one + " is live"), std::string::npos)
      << first.err;
  EXPECT_NE(appliedMigrations().find("0001_"), std::string::npos) << appliedMigrations();

  changeApp("stock");
  ProcessResult second = locusc("deploy staging");
  ASSERT_EQ(second.exitCode, 0) << second.err;
  std::string two = current();
  EXPECT_GT(two, one);
  EXPECT_NE(second.err.find("(previous: " + one + ")"), std::string::npos) << second.err;
  std::string applied = appliedMigrations();
  EXPECT_NE(applied.find("0002_"), std::string::npos) << "the second release's migration\n"
                                                      << applied << second.err;

  changeApp("price");
  write(dir_ / "unhealthy", "");
  ProcessResult third = locusc("deploy staging");
  EXPECT_EQ(third.exitCode, 1) << third.err;
  EXPECT_EQ(current(), two) << "`current` points back at the release before";
  EXPECT_NE(
      third.err.find("failed its health check (exit status 1); rolled back to release " + two),
      std::string::npos)
      << third.err;
  std::vector<std::string> all = releases();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_NE(all[2].find(".failed"), std::string::npos) << all[2];
}

TEST_F(DeployE2E, RollbackByHandGoesBackOneReleaseAtATime) {
  config();
  ASSERT_EQ(locusc("deploy staging").exitCode, 0);
  std::string one = current();
  changeApp("stock");
  ASSERT_EQ(locusc("deploy staging").exitCode, 0);
  std::string two = current();

  ProcessResult back = locusc("rollback staging");
  EXPECT_EQ(back.exitCode, 0) << back.err;
  EXPECT_EQ(current(), one);
  EXPECT_NE(back.err.find("release " + one + " is live again"), std::string::npos) << back.err;
  EXPECT_TRUE(fs::is_directory(target() / "releases" / (two + ".rolled-back")));

  ProcessResult again = locusc("rollback staging");
  EXPECT_EQ(again.exitCode, 1) << again.err;
  EXPECT_NE(again.err.find("locusc: rollback staging: release " + one +
                           " is the oldest kept; nothing to go back to"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(current(), one);

  // The next deploy's previous release is the live one, not the one rolled back from.
  ProcessResult next = locusc("deploy staging");
  ASSERT_EQ(next.exitCode, 0) << next.err;
  ASSERT_EQ(locusc("rollback staging").exitCode, 0);
  EXPECT_EQ(current(), one);
}

TEST_F(DeployE2E, KeepPrunesTheOldestReleases) {
  config("keep = 2\n");
  std::vector<std::string> live;
  for (const char* field : {"a", "b", "c"}) {
    changeApp(field);
    ProcessResult r = locusc("deploy staging");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    live.push_back(current());
  }
  EXPECT_EQ(releases(), (std::vector<std::string>{live[1], live[2]}));
}

TEST_F(DeployE2E, TheHealthGateWaitsForAUrl) {
  httplib::Server server;
  std::atomic<int> calls{0};
  server.Get("/health", [&](const httplib::Request&, httplib::Response& res) {
    res.status = ++calls < 3 ? 503 : 200;
  });
  int port = server.bind_to_any_port("127.0.0.1");
  std::thread thread([&] { server.listen_after_bind(); });
  config("", "", "http://127.0.0.1:" + std::to_string(port) + "/health");
  ProcessResult r = locusc("deploy staging");
  server.stop();
  thread.join();
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("healthy after 3 checks"), std::string::npos) << r.err;
}

TEST_F(DeployE2E, ADeployIsRefusedWhileTheLockIsHeld) {
  config();
  fs::create_directories(target());
  int fd = ::open((target() / ".deploy.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX), 0);
  ProcessResult r = locusc("deploy staging");
  ::close(fd);
  EXPECT_EQ(r.exitCode, 2) << r.err;
  EXPECT_NE(r.err.find("another deploy or rollback holds"), std::string::npos) << r.err;
  EXPECT_TRUE(current().empty());
}

TEST_F(DeployE2E, ABrokenDeployTableIsALocatedError) {
  write(dir_ / "Locus.toml", "[deploy.prod]\nkeep = \"many\"\nhelth = \"true\"\n\n"
                             "[deploy.test]\npath = \"t\"\nhealth_timeout = 0\n");
  for (const char* command : {"deploy prod", "build ."}) {
    ProcessResult r = locusc(command);
    EXPECT_NE(r.exitCode, 0) << command;
    EXPECT_NE(r.err.find("Locus.toml:1:1: error[E0806]: [deploy.prod] needs 'path'"),
              std::string::npos)
        << command << "\n"
        << r.err;
    EXPECT_NE(r.err.find("Locus.toml:2:8: error[E0806]: 'keep' in [deploy.prod] must be an "
                         "integer from 1 to 1000"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("Locus.toml:3:9: error[E0806]: unknown key 'helth' in [deploy.prod]; "
                         "did you mean 'health'?"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("Locus.toml:7:18: error[E0806]: 'health_timeout' in [deploy.test] must "
                         "be an integer from 1 to 3600"),
              std::string::npos)
        << r.err;
  }
  write(dir_ / "Locus.toml", "[deploy.prod]\npath = \"p\"\n");
  ProcessResult r = locusc("deploy prd");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_NE(r.err.find("no [deploy.prd] in"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'prod'?"), std::string::npos) << r.err;
}

class ComposeDeployE2E : public DeployE2E {
protected:
  void SetUp() override {
    DeployE2E::SetUp();
    fs::create_directories(dir_ / "plugins");
    fs::copy(kSource + "/examples/plugins/compose-deploy", dir_ / "plugins/compose-deploy",
             fs::copy_options::recursive);
  }
  void composeConfig(const std::string& options) {
    config("\n[deploy.staging.options]\n" + options,
           "[plugins]\npaths = [\"plugins/compose-deploy\"]\n\n");
  }
  std::vector<json> log() {
    std::vector<json> out;
    std::istringstream in(slurp(dir_ / ".locus/workspaces/compose-deploy/deploys.log"));
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
  }
};

TEST_F(ComposeDeployE2E, EachReleaseGetsItsComposeFileAndTheLogSeesTheRollback) {
  composeConfig("port = 9090\nservice = \"shop\"\n");
  ProcessResult first = locusc("deploy staging");
  ASSERT_EQ(first.exitCode, 0) << first.err;
  std::string one = current();
  std::string compose = slurp(target() / "current/docker-compose.yml");
  EXPECT_NE(compose.find("release " + one + " of staging"), std::string::npos) << compose;
  EXPECT_NE(compose.find("name: \"shop\""), std::string::npos) << compose;
  EXPECT_NE(compose.find("\"9090:9090\""), std::string::npos) << compose;
  EXPECT_NE(compose.find((target() / "releases" / one).string() + ":/app:ro"), std::string::npos)
      << compose;

  changeApp("stock");
  write(dir_ / "unhealthy", "");
  ProcessResult second = locusc("deploy staging");
  EXPECT_EQ(second.exitCode, 1) << second.err;
  EXPECT_EQ(current(), one);
  std::vector<json> entries = log();
  ASSERT_EQ(entries.size(), 2u) << slurp(dir_ / ".locus/workspaces/compose-deploy/deploys.log");
  EXPECT_EQ(entries[0]["event"], "live");
  EXPECT_EQ(entries[0]["release"], one);
  EXPECT_EQ(entries[1]["event"], "rollback-automatic");
  EXPECT_EQ(entries[1]["release"], one);
  EXPECT_EQ(entries[1]["reason"], "exit status 1");
}

TEST_F(ComposeDeployE2E, APluginErrorStopsTheDeployBeforeAnythingChanges) {
  composeConfig("port = 0\n");
  ProcessResult r = locusc("deploy staging");
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("[plugin compose-deploy, onDeploy] COMPOSE001: options.port must be a TCP "
                       "port, not 0"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("a plugin stopped the deploy at onDeploy (prepare); nothing changed"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(current().empty());
  EXPECT_TRUE(releases().empty());
  EXPECT_FALSE(fs::exists(dir_ / "state.db")) << "migrations ran before the plugins agreed";
}

} // namespace
} // namespace locus::test
