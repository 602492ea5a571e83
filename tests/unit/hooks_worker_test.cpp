// The worker's failure handling with tiny shell "plugins": every failure is a value naming the
// plugin and the method, never a hang. (Hostile plugins: tests/e2e/plugin_hostile_test.cpp.)
#include "tests/unit/hooks_worker_fixture.h"

#include "hooks/protocol/framing.h"

#include <gtest/gtest.h>
#include <thread>

using namespace locus::hooks;
using locus::test::in;
using locus::test::ScratchPlugin;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
// A shell plugin that ignores its input and prints `reply` as one frame (answering request 1).
std::vector<std::string> shellAnswering(const std::string& body) {
  std::string frame = encodeFrame(body);
  std::string escaped;
  for (char c : frame)
    escaped += c == '\r' ? std::string("\\r") : c == '\n' ? std::string("\\n") : std::string(1, c);
  return {"sh", "-c", "printf '" + escaped + "'; sleep 5"};
}
} // namespace

TEST(HooksWorker, EntryThatCannotRunIsAHandshakeFailureWithStderr) {
  ScratchPlugin plugin("echo-python", "broken");
  PluginWorker worker(plugin.options("broken", {"./no-such-binary"}));
  CallOutcome outcome = worker.call("onPostValidate", json::object(), in(5s));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::HandshakeFailed);
  EXPECT_EQ(outcome.failure->plugin, "broken");
  EXPECT_EQ(outcome.failure->method, "onPostValidate (starting the worker)");
  EXPECT_NE(outcome.failure->stderrTail.find("no-such-binary"), std::string::npos)
      << outcome.failure->describe();
  EXPECT_FALSE(worker.running());
}

TEST(HooksWorker, HandshakeFromTheWrongPluginIsRefused) {
  ScratchPlugin plugin("echo-python", "expected");
  PluginWorker worker(plugin.options(
      "expected",
      shellAnswering(R"({"jsonrpc":"2.0","id":1,"result":{"name":"other","version":"1"}})")));
  CallOutcome outcome = worker.start();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::HandshakeFailed);
  EXPECT_NE(outcome.failure->message.find("calls itself 'other'"), std::string::npos)
      << outcome.failure->describe();
  EXPECT_FALSE(worker.running());
}

TEST(HooksWorker, HandshakeWithAnotherProtocolVersionIsRefused) {
  ScratchPlugin plugin("echo-python", "future");
  PluginWorker worker(plugin.options(
      "future",
      shellAnswering(
          R"({"jsonrpc":"2.0","id":1,"result":{"name":"future","version":"1","protocol":2}})")));
  CallOutcome outcome = worker.start();
  ASSERT_FALSE(outcome.ok());
  EXPECT_NE(outcome.failure->message.find("protocol 2"), std::string::npos)
      << outcome.failure->describe();
}

TEST(HooksWorker, SilentPluginTimesOutTheHandshakeQuickly) {
  ScratchPlugin plugin("echo-python", "silent");
  WorkerOptions options = plugin.options("silent", {"sleep", "100"});
  options.startTimeout = 300ms;
  PluginWorker worker(options);
  auto started = std::chrono::steady_clock::now();
  CallOutcome outcome = worker.start();
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::HandshakeFailed);
  EXPECT_NE(outcome.failure->message.find("no answer within"), std::string::npos);
  EXPECT_LT(took, 3s);
}

TEST(HooksWorker, WorkspaceThatIsASymlinkIsRefused) {
  ScratchPlugin plugin("echo-python", "linked");
  std::filesystem::create_directories(plugin.workspaceDir.parent_path());
  std::filesystem::create_directory_symlink("/", plugin.workspaceDir);
  PluginWorker worker(plugin.options("linked", {"python3", "main.py"}));
  CallOutcome outcome = worker.start();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::StartFailed);
  EXPECT_NE(outcome.failure->message.find("not a directory"), std::string::npos);
}

TEST(HooksWorker, MissingBwrapIsAStartFailure) {
  ScratchPlugin plugin("echo-python", "nobwrap");
  WorkerOptions options = plugin.options("nobwrap", {"python3", "main.py"});
  options.policy.bwrapPath = "/nonexistent/bwrap";
  PluginWorker worker(options);
  CallOutcome outcome = worker.call("onPreParse", json::object(), in(1s));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::StartFailed);
  EXPECT_NE(outcome.failure->describe().find("plugin 'nobwrap' failed in onPreParse"),
            std::string::npos);
}

TEST(HooksWorker, RestartGivesAFreshProcessAndTheCallableWorks) {
  ScratchPlugin plugin("echo-python", "echo-python", {locus::test::sdkFile("locus_plugin.py")});
  PluginWorker worker(plugin.options("echo-python", {"python3", "main.py"}));
  PluginCall call = worker.asCall();
  ASSERT_TRUE(call("onPreParse", {{"source", "a"}}, in(10s)).ok());
  ASSERT_TRUE(worker.restart().ok());
  CallOutcome outcome = call("onPreParse", {{"source", "b"}}, in(10s));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.result["source"], "B");
  EXPECT_GT(outcome.elapsed.count(), 0);
  EXPECT_EQ(worker.stats().starts, 2);
  EXPECT_EQ(worker.stats().calls, 2);
}

TEST(HooksWorker, WorkerOutlivesTheThreadThatStartedIt) {
  // bwrap's --die-with-parent follows the *thread* that forked it; a worker started from a pool
  // thread that then exits must keep running.
  ScratchPlugin plugin("echo-python", "echo-python", {locus::test::sdkFile("locus_plugin.py")});
  PluginWorker worker(plugin.options("echo-python", {"python3", "main.py"}));
  std::thread([&] { ASSERT_TRUE(worker.start().ok()); }).join();
  std::this_thread::sleep_for(200ms);
  CallOutcome outcome = worker.call("onPreParse", {{"source", "t"}}, in(10s));
  ASSERT_TRUE(outcome.ok()) << outcome.failure->describe();
  EXPECT_EQ(worker.stats().starts, 1);
}
