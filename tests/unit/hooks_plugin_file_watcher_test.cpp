// Hot reload (hooks/worker/plugin_file_watcher.h): a real plugin in the real sandbox, its source
// edited on disk, and the watcher restarting its worker so the next call runs the new code.
#include "hooks/worker/plugin_file_watcher.h"
#include "tests/unit/hooks_worker_fixture.h"

#include <atomic>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <thread>

using namespace locus::hooks;
using locus::test::in;
using locus::test::ScratchPlugin;
using locus::test::sdkFile;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

std::string readFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeFile(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

// echo-python's onPreParse upper-cases; the edit makes it reverse the text instead.
void editPreParse(const std::filesystem::path& mainPy) {
  std::string source = readFile(mainPy);
  const std::string before = R"(return {"source": params["source"].upper()})";
  std::size_t at = source.find(before);
  ASSERT_NE(at, std::string::npos) << "the fixture changed: " << mainPy;
  source.replace(at, before.size(), R"(return {"source": params["source"][::-1]})");
  writeFile(mainPy, source);
}

class PluginFileWatcherTest : public testing::Test {
protected:
  void SetUp() override {
    plugin = std::make_unique<ScratchPlugin>("echo-python", "echo-python",
                                             std::vector<std::string>{sdkFile("locus_plugin.py")});
    WorkerOptions options = plugin->options("echo-python", {"python3", "main.py"});
    options.policy.limits.timeoutMs = 10000;
    worker = std::make_unique<PluginWorker>(options);
  }

  std::string preParse(const std::string& text) {
    CallOutcome outcome = worker->call("onPreParse", {{"source", text}}, in(10s));
    EXPECT_TRUE(outcome.ok()) << (outcome.failure ? outcome.failure->describe() : "");
    return outcome.ok() ? outcome.result.value("source", "") : "";
  }

  std::unique_ptr<ScratchPlugin> plugin;
  std::unique_ptr<PluginWorker> worker;
};

} // namespace

TEST_F(PluginFileWatcherTest, EditingThePluginRestartsItsWorkerWithTheNewCode) {
  PluginFileWatcher watcher(50ms);
  std::string error;
  ASSERT_TRUE(watcher.watch(*worker, plugin->pluginDir, error)) << error;
  EXPECT_EQ(preParse("abc"), "ABC");
  EXPECT_TRUE(watcher.poll(100ms).empty()) << "nothing changed yet";

  editPreParse(plugin->pluginDir / "main.py");
  std::vector<PluginReload> reloads = watcher.poll(5s);
  ASSERT_EQ(reloads.size(), 1u);
  EXPECT_EQ(reloads[0].plugin, "echo-python");
  EXPECT_EQ(reloads[0].changed, std::vector<std::string>{"main.py"});
  EXPECT_TRUE(reloads[0].restarted);
  EXPECT_TRUE(reloads[0].outcome.ok())
      << (reloads[0].outcome.failure ? reloads[0].outcome.failure->describe() : "");
  EXPECT_EQ(worker->stats().starts, 2);
  EXPECT_EQ(preParse("abc"), "cba") << "the restarted worker runs the edited main.py";
}

TEST_F(PluginFileWatcherTest, ABurstOfChangesRestartsOnce) {
  PluginFileWatcher watcher(100ms);
  std::string error;
  ASSERT_TRUE(watcher.watch(*worker, plugin->pluginDir, error)) << error;
  ASSERT_TRUE(worker->start().ok());
  // An editor's save: a temporary file, the real file written twice, a chmod.
  writeFile(plugin->pluginDir / "main.py.tmp1", "x");
  std::filesystem::remove(plugin->pluginDir / "main.py.tmp1");
  editPreParse(plugin->pluginDir / "main.py");
  writeFile(plugin->pluginDir / "helper.py", "VALUE = 1\n");
  std::filesystem::permissions(plugin->pluginDir / "helper.py", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  std::vector<PluginReload> reloads = watcher.poll(5s);
  ASSERT_EQ(reloads.size(), 1u);
  EXPECT_EQ(reloads[0].changed, (std::vector<std::string>{"helper.py", "main.py", "main.py.tmp1"}));
  EXPECT_EQ(worker->stats().starts, 2) << "one restart for the whole burst";
}

TEST_F(PluginFileWatcherTest, EditorDroppingsAreIgnored) {
  PluginFileWatcher watcher(50ms);
  std::string error;
  ASSERT_TRUE(watcher.watch(*worker, plugin->pluginDir, error)) << error;
  ASSERT_TRUE(worker->start().ok());
  writeFile(plugin->pluginDir / ".main.py.swp", "swap");
  writeFile(plugin->pluginDir / "main.py~", "backup");
  writeFile(plugin->pluginDir / "4913", "");
  std::filesystem::create_directories(plugin->pluginDir / "__pycache__");
  writeFile(plugin->pluginDir / "__pycache__" / "main.cpython-311.pyc", "bytecode");
  EXPECT_TRUE(watcher.poll(300ms).empty());
  EXPECT_EQ(worker->stats().starts, 1);
}

TEST_F(PluginFileWatcherTest, FilesInNewFoldersAreWatchedToo) {
  PluginFileWatcher watcher(50ms);
  std::string error;
  ASSERT_TRUE(watcher.watch(*worker, plugin->pluginDir, error)) << error;
  ASSERT_TRUE(worker->start().ok());
  std::filesystem::create_directories(plugin->pluginDir / "lib");
  ASSERT_EQ(watcher.poll(5s).size(), 1u) << "creating a folder is a change";
  writeFile(plugin->pluginDir / "lib" / "util.py", "X = 1\n");
  std::vector<PluginReload> reloads = watcher.poll(5s);
  ASSERT_EQ(reloads.size(), 1u);
  EXPECT_EQ(reloads[0].changed, std::vector<std::string>{"lib/util.py"});
}

TEST_F(PluginFileWatcherTest, AStoppedWorkerIsNotStartedByAChange) {
  PluginFileWatcher watcher(50ms);
  std::string error;
  ASSERT_TRUE(watcher.watch(*worker, plugin->pluginDir, error)) << error;
  editPreParse(plugin->pluginDir / "main.py");
  std::vector<PluginReload> reloads = watcher.poll(5s);
  ASSERT_EQ(reloads.size(), 1u);
  EXPECT_FALSE(reloads[0].restarted);
  EXPECT_FALSE(worker->running()) << "the next call starts it from the new files";
  EXPECT_EQ(preParse("abc"), "cba");
}

TEST_F(PluginFileWatcherTest, BackgroundThreadReportsReloads) {
  PluginFileWatcher watcher(50ms);
  std::string error;
  ASSERT_TRUE(watcher.watch(*worker, plugin->pluginDir, error)) << error;
  ASSERT_TRUE(worker->start().ok());
  std::atomic<int> reloads{0};
  watcher.start([&](const PluginReload& r) {
    if (r.restarted && r.outcome.ok()) ++reloads;
  });
  editPreParse(plugin->pluginDir / "main.py");
  for (int i = 0; i < 100 && reloads == 0; ++i) std::this_thread::sleep_for(50ms);
  watcher.stop();
  EXPECT_EQ(reloads.load(), 1);
  EXPECT_EQ(preParse("abc"), "cba");
}

TEST(PluginFileWatcher, AMissingFolderIsAClearError) {
  PluginFileWatcher watcher;
  PluginWorker worker(WorkerOptions{});
  std::string error;
  EXPECT_FALSE(watcher.watch(worker, "/nonexistent/plugin", error));
  EXPECT_NE(error.find("/nonexistent/plugin"), std::string::npos) << error;
}

TEST(PluginFileWatcher, EditorDroppingsAreIgnoredPaths) {
  EXPECT_TRUE(locus::isEditorDropping(".git/config"));
  EXPECT_TRUE(locus::isEditorDropping("main.py~"));
  EXPECT_TRUE(locus::isEditorDropping("lib/.util.py.swp"));
  EXPECT_TRUE(locus::isEditorDropping("__pycache__/main.cpython-311.pyc"));
  EXPECT_FALSE(locus::isEditorDropping("main.py"));
  EXPECT_FALSE(locus::isEditorDropping("lib/util.js"));
}
