// onTest and onCoverage in a real `locusc test` with real sandboxed Python plugins
// (docs/plugins.md): a reporter plugin receives every test's result (name, status, message,
// duration) and the step coverage per workflow, and writes a report in its workspace that the test
// reads; a plugin that crashes on onTest and hangs on onCoverage gives clear errors while the
// test results are still printed and written. examples/shop is the project, with one failing test.
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace locus::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kLocusc = LOCUSC_PATH;
const std::string kSource = LOCUS_SOURCE_DIR;

const char* kReporterManifest = R"({"name": "test-report", "version": "1.0.0",
  "requiresCore": "^0.1.0", "protocol": 1, "entry": ["python3", "main.py"],
  "hooks": {"onTest": {}, "onCoverage": {}}})";

// Writes a Markdown summary of the run and keeps both payloads as they came.
const char* kReporterMain = R"py(import json
from locus_plugin import Plugin
plugin = Plugin("test-report", "1.0.0")

@plugin.hook("onTest")
def on_test(params):
    with open("/workspace/onTest.json", "w") as f:
        json.dump(params, f)
    results = params["results"]
    lines = ["# %d passed, %d failed" % (results["passed"], results["failed"])]
    for t in results["tests"]:
        lines.append("- %s %s (%s:%d)" % (t["status"], t["name"], t["file"], t["line"]))
    with open("/workspace/report.md", "w") as f:
        f.write("\n".join(lines) + "\n")
    return {}

@plugin.hook("onCoverage")
def on_coverage(params):
    with open("/workspace/onCoverage.json", "w") as f:
        json.dump(params, f)
    return {}

plugin.run()
)py";

const char* kHostileManifest = R"({"name": "broken-report", "version": "1.0.0",
  "requiresCore": "^0.1.0", "protocol": 1, "entry": ["python3", "main.py"],
  "limits": {"timeoutMs": 500}, "hooks": {"onTest": {}, "onCoverage": {}}})";

const char* kHostileMain = R"py(import os, time
from locus_plugin import Plugin
plugin = Plugin("broken-report", "1.0.0")

@plugin.hook("onTest")
def on_test(params):
    os._exit(3)

@plugin.hook("onCoverage")
def on_coverage(params):
    time.sleep(60)

plugin.run()
)py";

const char* kFailingTest = R"(test "a transfer that is checked wrongly" {
  given {
    create(Customer, { name: "Ann", email: "ann@example.com" })
    create(Customer, { name: "Bob", email: "bob@example.com" })
    create(Account, { ownerId: 1, balanceCents: 100 })
    create(Account, { ownerId: 2, balanceCents: 0 })
  }
  run Transfer(from: 1, to: 2, amountCents: 30)
  expect findOne(Account, where: { id: 2 }).balanceCents == 31
}
)";

class PluginTestHooksE2E : public FolderTest {
protected:
  PluginTestHooksE2E() : FolderTest("testhooks") {}
  void SetUp() override {
    FolderTest::SetUp();
    for (const fs::directory_entry& e : fs::directory_iterator(kSource + "/examples/shop"))
      if (e.path().extension() == ".locus") fs::copy_file(e.path(), dir_ / e.path().filename());
    write(dir_ / "failing.locus", kFailingTest);
  }

  void addPlugin(const std::string& name, const char* manifest, const char* main) {
    fs::path plugin = dir_ / "plugins" / name;
    write(plugin / "locus-plugin.json", manifest);
    write(plugin / "main.py", main);
    fs::copy_file(kSource + "/hooks/sdk/locus_plugin.py", plugin / "locus_plugin.py");
    write(dir_ / "Locus.toml", "[plugins]\npaths = [\"plugins/" + name + "\"]\n");
  }

  ProcessResult locuscTest(const std::string& args = "") {
    return runProcess(kLocusc + " test . --color never" + args, dir_.string());
  }

  fs::path workspace(const std::string& plugin) { return dir_ / ".locus/workspaces" / plugin; }
};

TEST_F(PluginTestHooksE2E, OnTestGetsEveryResultAndOnCoverageTheSteps) {
  addPlugin("test-report", kReporterManifest, kReporterMain);
  ProcessResult r = locuscTest();
  EXPECT_EQ(r.exitCode, 1) << r.err; // the failing test, not the plugin
  EXPECT_NE(r.err.find("5 passed, 1 failed"), std::string::npos) << r.err;

  json onTest = json::parse(slurp(workspace("test-report") / "onTest.json"));
  EXPECT_EQ(onTest["phase"], "finished");
  const json& results = onTest["results"];
  EXPECT_EQ(results["passed"], 5);
  EXPECT_EQ(results["failed"], 1);
  ASSERT_EQ(results["tests"].size(), 6u) << results.dump();
  json failed;
  for (const json& t : results["tests"]) {
    EXPECT_TRUE(t["durationMs"].is_number()) << t.dump();
    EXPECT_GE(t["durationMs"].get<double>(), 0.0);
    if (t["status"] == "failed")
      failed = t;
    else
      EXPECT_EQ(t["status"], "passed") << t.dump();
  }
  EXPECT_EQ(failed["name"], "a transfer that is checked wrongly") << results.dump();
  EXPECT_EQ(failed["message"], "expected 31, actual 30") << failed.dump();
  EXPECT_EQ(failed["file"], "failing.locus") << "paths are project-relative";
  EXPECT_EQ(failed["line"], 1);
  EXPECT_EQ(failed["failures"][0]["line"], 9) << failed.dump();

  std::string report = slurp(workspace("test-report") / "report.md");
  EXPECT_EQ(report.rfind("# 5 passed, 1 failed\n", 0), 0u) << report;
  EXPECT_NE(report.find("- failed a transfer that is checked wrongly (failing.locus:1)"),
            std::string::npos)
      << report;

  json coverage = json::parse(slurp(workspace("test-report") / "onCoverage.json"))["coverage"];
  json transfer;
  for (const json& w : coverage["workflows"])
    if (w["name"] == "Transfer") transfer = w;
  ASSERT_TRUE(transfer.is_object()) << coverage.dump();
  EXPECT_EQ(transfer["file"], "workflows.locus");
  bool ran = false;
  for (const json& s : transfer["steps"])
    if (s["id"] == "Transfer/db_tx#0/queue_publish#0") ran = s["hits"].get<int>() > 0;
  EXPECT_TRUE(ran) << transfer.dump();
  EXPECT_TRUE(transfer["branches"].is_array()) << transfer.dump();
}

TEST_F(PluginTestHooksE2E, ACrashingAndHangingPluginIsReportedAndTheResultsStillAre) {
  addPlugin("broken-report", kHostileManifest, kHostileMain);
  fs::remove(dir_ / "failing.locus");
  fs::path junit = dir_ / "junit.xml";
  ProcessResult r = locuscTest(" --junit " + junit.string());
  EXPECT_EQ(r.exitCode, 1) << "a crash on onTest fails the run:\n" << r.err;
  EXPECT_NE(r.err.find("PASS a transfer moves money and announces it"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("5 passed, 0 failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[plugin broken-report, onTest]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("PLUGIN_CRASH"), std::string::npos) << r.err;
  // onCoverage observes: its timeout is a warning, named.
  EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[plugin broken-report, onCoverage]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("PLUGIN_TIMEOUT"), std::string::npos) << r.err;
  std::string xml = slurp(junit);
  EXPECT_NE(xml.find("a transfer moves money and announces it"), std::string::npos) << xml;
}

} // namespace
} // namespace locus::test
