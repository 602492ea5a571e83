// The one worker pool of compiler and runtime (hooks/worker/worker_pool.h): real Python plugins in
// the real sandbox, discovered from a scratch project's `.locus/plugins/`. Lazy start, restart
// after a crash, many workers started in parallel, shutdown — each checked on the processes and the
// audit log, not on the pool's own bookkeeping alone.
#include "hooks/worker/worker_pool.h"

#include <chrono>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

using namespace locus::hooks;
using nlohmann::json;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// A plugin whose `crash` hook kills its own process and whose `pid` hook tells which process
// answered (the host-visible pid is not available inside the sandbox; a random token is).
const char* kPluginSource = R"(import os
from locus_plugin import Plugin

plugin = Plugin("%NAME%", "1.0.0")
token = os.urandom(8).hex()


@plugin.hook("token")
def token_hook(params):
    return {"token": token}


@plugin.hook("crash")
def crash(params):
    os._exit(3)


@plugin.hook("onPreParse")  # what the manifest declares: the handshake checks it is implemented
def pre_parse(params):
    return {"source": params["source"]}


plugin.run()
)";

struct Project {
  fs::path root;
  Project() {
    std::string pattern = (fs::temp_directory_path() / "locus-pool-test-XXXXXX").string();
    root = mkdtemp(pattern.data());
  }
  ~Project() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void addPlugin(const std::string& name) const {
    fs::path dir = root / ".locus" / "plugins" / name;
    fs::create_directories(dir);
    json manifest = {{"name", name},
                     {"version", "1.0.0"},
                     {"requiresCore", "^0.1.0"},
                     {"protocol", 1},
                     {"entry", {"python3", "main.py"}},
                     {"hooks", {{"onPreParse", json::object()}}}};
    std::ofstream(dir / "locus-plugin.json") << manifest.dump(2);
    std::string source = kPluginSource;
    source.replace(source.find("%NAME%"), 6, name);
    std::ofstream(dir / "main.py") << source;
    fs::copy_file(fs::path(LOCUS_SOURCE_DIR) / "hooks/sdk/locus_plugin.py",
                  dir / "locus_plugin.py");
  }
  std::string audit() const {
    std::ifstream in(root / ".locus" / "audit.log");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
};

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

std::string tokenOf(WorkerPool& pool, const std::string& plugin) {
  HookCallResult r = pool.call(plugin, "token", json::object());
  EXPECT_TRUE(r.result.has_value()) << (r.failure ? r.failure->message : "");
  return r.result ? r.result->value("token", "") : "";
}

PluginSet discovered(const Project& project) {
  PluginSet set = discoverPlugins(project.root);
  for (const LoadProblem& p : set.problems) ADD_FAILURE() << p.str();
  return set;
}

} // namespace

TEST(WorkerPool, StartsAWorkerOnlyOnItsFirstCallAndKeepsItWarm) {
  Project project;
  project.addPlugin("lazy");
  WorkerPool pool(project.root, discovered(project));
  ASSERT_NE(pool.worker("lazy"), nullptr);
  EXPECT_FALSE(pool.worker("lazy")->running()) << "created must not mean started";
  EXPECT_EQ(count(project.audit(), "\"plugin.start\""), 0u);

  std::string first = tokenOf(pool, "lazy");
  EXPECT_TRUE(pool.worker("lazy")->running());
  EXPECT_EQ(tokenOf(pool, "lazy"), first) << "the second call must reach the same process";
  EXPECT_EQ(pool.workerStats().at("lazy").starts, 1);
  EXPECT_EQ(count(project.audit(), "\"plugin.start\""), 1u);
  EXPECT_EQ(pool.metrics().plugins.at("lazy").starts, 1u);
}

TEST(WorkerPool, UnknownPluginIsAStartFailureNotACrash) {
  Project project;
  WorkerPool pool(project.root, discovered(project));
  HookCallResult r = pool.call("nope", "token", json::object());
  ASSERT_TRUE(r.failure.has_value());
  EXPECT_EQ(r.failure->kind, HookFailureKind::StartFailed);
  EXPECT_NE(r.failure->message.find("'nope' is not loaded"), std::string::npos);
  EXPECT_EQ(pool.worker("nope"), nullptr);
  EXPECT_EQ(pool.startAll({"nope"}).count("nope"), 1u);
}

TEST(WorkerPool, RestartsAFreshWorkerAfterACrash) {
  Project project;
  project.addPlugin("crashy");
  WorkerPool pool(project.root, discovered(project));
  std::string before = tokenOf(pool, "crashy");

  HookCallResult crashed = pool.call("crashy", "crash", json::object());
  ASSERT_TRUE(crashed.failure.has_value());
  EXPECT_EQ(crashed.failure->kind, HookFailureKind::Crash) << crashed.failure->message;
  EXPECT_FALSE(pool.worker("crashy")->running());

  std::string after = tokenOf(pool, "crashy");
  EXPECT_FALSE(after.empty());
  EXPECT_NE(after, before) << "the call after a crash must run in a new process";
  EXPECT_EQ(pool.workerStats().at("crashy").starts, 2);
  EXPECT_EQ(count(project.audit(), "\"plugin.start\""), 2u);
}

TEST(WorkerPool, StartsManyWorkersInParallel) {
  Project project;
  const int n = 8;
  std::vector<std::string> names;
  for (int i = 0; i < n; ++i) {
    names.push_back("par-" + std::to_string(i));
    project.addPlugin(names.back());
  }
  WorkerPool pool(project.root, discovered(project));
  ASSERT_EQ(pool.set().plugins.size(), static_cast<std::size_t>(n));

  auto begin = Clock::now();
  std::map<std::string, CallFailure> failures = pool.startAll();
  double wallMs = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
  for (const auto& [name, f] : failures) ADD_FAILURE() << name << ": " << f.describe();

  double summedMs = 0;
  for (const std::string& name : names) {
    EXPECT_TRUE(pool.worker(name)->running()) << name;
    summedMs += pool.metrics().plugins.at(name).startMs;
  }
  EXPECT_EQ(count(project.audit(), "\"plugin.start\""), static_cast<std::size_t>(n));
  // Serial starts would make the wall time the sum of the start times; overlapping ones make it
  // clearly less (even on two cores: each start waits on process creation and I/O).
  EXPECT_LT(wallMs, 0.8 * summedMs) << "wall " << wallMs << " ms, summed starts " << summedMs;
  // Already running: a second startAll starts nothing.
  EXPECT_TRUE(pool.startAll().empty());
  EXPECT_EQ(count(project.audit(), "\"plugin.start\""), static_cast<std::size_t>(n));
}

TEST(WorkerPool, ShutdownStopsEveryWorkerAndAuditsIt) {
  Project project;
  project.addPlugin("one");
  project.addPlugin("two");
  {
    WorkerPool pool(project.root, discovered(project));
    tokenOf(pool, "one");
    tokenOf(pool, "two");
    pool.shutdownAll();
    EXPECT_FALSE(pool.worker("one")->running());
    EXPECT_FALSE(pool.worker("two")->running());
    EXPECT_EQ(count(project.audit(), "\"plugin.stop\""), 2u);
    // A call after shutdown starts the worker again (a watch-mode rebuild after a stop).
    EXPECT_FALSE(tokenOf(pool, "one").empty());
  } // the destructor stops what runs
  EXPECT_EQ(count(project.audit(), "\"plugin.stop\""), 3u);
  EXPECT_EQ(count(project.audit(), "\"plugin.start\""), 3u);
}
