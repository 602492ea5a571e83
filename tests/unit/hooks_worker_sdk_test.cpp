// The three SDKs speak the same protocol: one contract (tests/fixtures/plugins/echo-*), run
// through the real worker and the real sandbox for each language.
#include "tests/unit/hooks_worker_fixture.h"

#include <fstream>
#include <gtest/gtest.h>

using namespace locus::hooks;
using locus::test::in;
using locus::test::ScratchPlugin;
using locus::test::sdkFile;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {
struct Sdk {
  std::string language;
  std::string fixture;
  std::vector<std::string> extraFiles;
  std::vector<std::string> entry;
};

void PrintTo(const Sdk& sdk, std::ostream* out) {
  *out << sdk.language;
}

std::vector<Sdk> sdks() {
  return {{"python", "echo-python", {sdkFile("locus_plugin.py")}, {"python3", "main.py"}},
          {"node", "echo-node", {sdkFile("locus_plugin.js")}, {"node", "main.js"}},
          {"cpp", "echo-cpp", {LOCUS_ECHO_CPP_PLUGIN}, {"./echo_cpp_plugin"}}};
}

class HooksWorkerSdk : public testing::TestWithParam<Sdk> {
protected:
  void SetUp() override {
    const Sdk& sdk = GetParam();
    name = "echo-" + sdk.language;
    plugin = std::make_unique<ScratchPlugin>(sdk.fixture, name, sdk.extraFiles);
    WorkerOptions options = plugin->options(name, sdk.entry);
    options.policy.limits.timeoutMs = 10000;
    options.onStderrLine = [this](const std::string& from, const std::string& line) {
      logged.push_back(from + ": " + line);
    };
    worker = std::make_unique<PluginWorker>(options);
  }

  json call(const std::string& method, const json& params) {
    CallOutcome outcome = worker->call(method, params, in(10s));
    EXPECT_TRUE(outcome.ok()) << (outcome.failure ? outcome.failure->describe() : "");
    return outcome.result;
  }

  std::string name;
  std::unique_ptr<ScratchPlugin> plugin;
  std::unique_ptr<PluginWorker> worker;
  std::vector<std::string> logged;
};
} // namespace

TEST_P(HooksWorkerSdk, HandshakeAnnouncesWhatThePluginRegistered) {
  ASSERT_TRUE(worker->start().ok());
  json handshake = worker->handshake();
  EXPECT_EQ(handshake["name"], name);
  EXPECT_EQ(handshake["version"], "1.0.0");
  EXPECT_EQ(handshake["protocol"], 1);
  EXPECT_EQ(handshake["hooks"],
            json::array({"failWith", "onPostValidate", "onPreParse", "whoami", "writeWorkspace"}));
  EXPECT_EQ(handshake["steps"], json::array({"upper"}));
  EXPECT_EQ(handshake["generators"], json::array({"readme"}));
}

TEST_P(HooksWorkerSdk, TransformDiagnosticsStepsAndGenerators) {
  EXPECT_EQ(call("onPreParse", {{"source", "entity a"}}), json({{"source", "ENTITY A"}}));
  json diagnostics = call("onPostValidate", {{"entities", {"User", "Post"}}})["diagnostics"];
  ASSERT_EQ(diagnostics.size(), 2u);
  EXPECT_EQ(diagnostics[1]["message"], "entity Post has no description");
  EXPECT_EQ(diagnostics[1]["span"],
            json({{"file", "app.locus"}, {"line", 2}, {"col", 1}, {"length", 4}}));
  EXPECT_EQ(call("executeStep", {{"kind", "upper"},
                                 {"params", {{"text", "hi"}}},
                                 {"runId", "r1"},
                                 {"stepId", "s1"},
                                 {"attempt", 2}}),
            json({{"output", {{"text", "HI"}, {"attempt", 2}}}}));
  EXPECT_EQ(call("generate",
                 {{"generator", "readme"}, {"ir", {{"app", "Shop"}}}, {"options", json::object()}}),
            json({{"files", {{"README.md", "# Shop\n"}}}}));
  EXPECT_EQ(worker->stats().starts, 1) << "one long-lived worker serves every call";
}

TEST_P(HooksWorkerSdk, SemanticErrorsCarryLocatedDiagnosticsAndKeepTheWorker) {
  CallOutcome outcome = worker->call("failWith", json::object(), in(10s));
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.failure->kind, FailureKind::ErrorReply);
  EXPECT_EQ(outcome.failure->plugin, name);
  EXPECT_EQ(outcome.failure->method, "failWith");
  ASSERT_TRUE(outcome.failure->error);
  EXPECT_EQ(outcome.failure->error->message, "refused");
  EXPECT_EQ(outcome.failure->error->data["diagnostics"][0]["span"]["line"], 3);
  EXPECT_TRUE(worker->running());
  EXPECT_EQ(call("onPreParse", {{"source", "x"}}), json({{"source", "X"}}));
}

TEST_P(HooksWorkerSdk, UnknownMethodIsMethodNotFound) {
  CallOutcome outcome = worker->call("onDeploy", json::object(), in(10s));
  ASSERT_FALSE(outcome.ok());
  ASSERT_TRUE(outcome.failure->error);
  EXPECT_EQ(outcome.failure->error->code, rpc_code::kMethodNotFound);
}

TEST_P(HooksWorkerSdk, PrintingGoesToTheAttributedLogNotTheProtocol) {
  json who = call("whoami", json::object());
  EXPECT_EQ(who["sdk"], GetParam().language);
  EXPECT_EQ(who["workspace"], "/workspace");
  EXPECT_EQ(who["core"], "0.1.0");
  worker->shutdown();
  std::string expected = name + ": hello from " + GetParam().language;
  EXPECT_NE(std::find(logged.begin(), logged.end(), expected), logged.end())
      << "stderr lines: " << testing::PrintToString(logged);
}

TEST_P(HooksWorkerSdk, WritesLandInTheWorkspaceOnly) {
  EXPECT_EQ(call("writeWorkspace", {{"content", "kept"}}), json({{"written", true}}));
  std::ifstream written(plugin->workspaceDir / (GetParam().language + ".txt"));
  std::string content;
  std::getline(written, content);
  EXPECT_EQ(content, "kept");
}

TEST_P(HooksWorkerSdk, ShutdownStopsAndTheNextCallStartsAgain) {
  ASSERT_TRUE(worker->start().ok());
  worker->shutdown();
  EXPECT_FALSE(worker->running());
  EXPECT_EQ(call("onPreParse", {{"source", "y"}}), json({{"source", "Y"}}));
  EXPECT_EQ(worker->stats().starts, 2);
  WorkerStats stats = worker->stats();
  EXPECT_GT(stats.cpuSeconds, 0.0) << "CPU time of the first instance was recorded";
  EXPECT_GT(stats.maxRssKb, 0);
}

INSTANTIATE_TEST_SUITE_P(Languages, HooksWorkerSdk, testing::ValuesIn(sdks()),
                         [](const auto& info) { return info.param.language; });
