// The plugin platform in real `locusc` runs: plugin prints filed in .locus/logs and shown with
// --verbose (`locusc plugin logs`), a step kind's JSON Schema enforced in full on literals at
// compile time (pattern, multipleOf, anyOf …), a build summary for a plugin that made no call, and
// two plugins exchanging events in a build.
// Cost: ~4 s (a few sandboxed Python workers).
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace locus::test {
namespace {

namespace fs = std::filesystem;

const std::string kLocusc = LOCUSC_PATH;
const std::string kSource = LOCUS_SOURCE_DIR;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

const char* kPatternedManifest = R"({
  "name": "patterned", "version": "1.0.0", "requiresCore": "^0.1.0", "protocol": 1,
  "entry": ["python3", "main.py"],
  "steps": [{ "kind": "post_to", "schema": { "type": "object", "required": ["channel"],
    "properties": {
      "channel": { "type": "string", "pattern": "^#[a-z-]+$" },
      "count": { "type": "integer", "multipleOf": 2 },
      "mode": { "anyOf": [{ "const": "fast" }, { "const": "slow" }] } } } }]
})";

const char* kPatternedMain = R"(from locus_plugin import Plugin
plugin = Plugin("patterned", "1.0.0")

@plugin.step("post_to")
def post_to(params, context):
    return {"posted": params["channel"]}

plugin.run()
)";

class PluginPlatformE2E : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("locus-platform-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    write(dir_ / "app.locus", "entity Product {\n  name: String\n}\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void addProbe() {
    fs::path plugin = dir_ / "plugins/platform-probe";
    fs::create_directories(plugin.parent_path());
    fs::copy(kSource + "/tests/fixtures/plugins/platform-probe", plugin,
             fs::copy_options::recursive);
    fs::copy_file(kSource + "/hooks/sdk/locus_plugin.py", plugin / "locus_plugin.py");
    write(dir_ / "Locus.toml", "[plugins]\npaths = [\"plugins/platform-probe\"]\n");
  }

  void addPatterned() {
    fs::path plugin = dir_ / "plugins/patterned";
    write(plugin / "locus-plugin.json", kPatternedManifest);
    write(plugin / "main.py", kPatternedMain);
    fs::copy_file(kSource + "/hooks/sdk/locus_plugin.py", plugin / "locus_plugin.py");
    write(dir_ / "Locus.toml", "[plugins]\npaths = [\"plugins/patterned\"]\n");
  }

  ProcessResult locusc(const std::string& args) {
    return runProcess(kLocusc + " " + args, dir_.string());
  }

  fs::path dir_;
};

TEST_F(PluginPlatformE2E, PluginPrintsAreShownWithVerboseAndKeptForPluginLogs) {
  addProbe();
  ProcessResult quiet = locusc("check . --color never");
  ASSERT_EQ(quiet.exitCode, 0) << quiet.err;
  EXPECT_EQ(quiet.err.find("probe says hello"), std::string::npos) << quiet.err;
  // The probe keeps a build counter in plugin state (.locus/plugin-state.db).
  EXPECT_NE(quiet.err.find("project=None data=False builds=1"), std::string::npos) << quiet.err;

  ProcessResult verbose = locusc("build . --generators sql --verbose --color never");
  ASSERT_EQ(verbose.exitCode, 0) << verbose.err;
  EXPECT_NE(verbose.err.find("[plugin platform-probe] probe says hello"), std::string::npos)
      << verbose.err;
  EXPECT_NE(verbose.err.find("builds=2"), std::string::npos) << verbose.err;

  ProcessResult logs = locusc("plugin logs platform-probe");
  ASSERT_EQ(logs.exitCode, 0) << logs.err;
  std::istringstream lines(logs.out);
  int hellos = 0;
  for (std::string line; std::getline(lines, line);)
    hellos += line.find("probe says hello") != std::string::npos;
  EXPECT_EQ(hellos, 2) << "one line per run, check and build both filed:\n" << logs.out;

  ProcessResult none = locusc("plugin logs nobody");
  EXPECT_EQ(none.exitCode, 1);
  EXPECT_NE(none.err.find("no log for plugin 'nobody'"), std::string::npos) << none.err;
}

TEST_F(PluginPlatformE2E, AStepKindsSchemaIsEnforcedInFullOnLiteralsAtCompileTime) {
  addPatterned();
  write(dir_ / "flows.locus", R"(workflow Announce {
  steps {
    post_to { channel: "#ops", count: 2, mode: "fast" }
    post_to { channel: "general" }
    post_to { channel: "#ops", count: 3 }
    post_to { channel: "#ops", mode: "medium" }
  }
}
)");
  ProcessResult r = locusc("check . --color never");
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("flows.locus:4:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("post_to (plugin patterned): 'channel' must match the pattern "
                       "'^#[a-z-]+$'"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("flows.locus:5:"), std::string::npos) << "multipleOf\n" << r.err;
  EXPECT_NE(r.err.find("flows.locus:6:"), std::string::npos) << "anyOf/const\n" << r.err;
  EXPECT_EQ(r.err.find("flows.locus:3:"), std::string::npos) << "the valid step\n" << r.err;
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = 0; (at = text.find(needle, at)) != std::string::npos; at += needle.size())
    ++n;
  return n;
}

TEST_F(PluginPlatformE2E, AHookTheCodeLacksIsOneHandshakeErrorNotOnePerCall) {
  addProbe();
  fs::path manifest = dir_ / "plugins/platform-probe/locus-plugin.json";
  nlohmann::json m = nlohmann::json::parse(std::ifstream(manifest));
  m["hooks"]["onPreParse"] = nlohmann::json::object();
  write(manifest, m.dump());
  for (const char* name : {"a.locus", "b.locus", "c.locus"})
    write(dir_ / name, std::string("entity E") + name[0] + " {\n  n: Integer\n}\n");
  ProcessResult r = locusc("check . --color never");
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_EQ(count(r.err, "declares hooks 'onPreParse' in locus-plugin.json but its code does not "
                         "implement it"),
            1u)
      << r.err;
  EXPECT_EQ(r.err.find("not handled"), std::string::npos) << r.err;
}

TEST_F(PluginPlatformE2E, PluginGrantWritesTheConsentAndTheNextRunHasIt) {
  addProbe();
  write(dir_ / "data/rows.csv", "a,b\n");
  ProcessResult granted = locusc("plugin grant platform-probe fs.read");
  ASSERT_EQ(granted.exitCode, 0) << granted.err;
  EXPECT_NE(granted.out.find("granted fs.read data/** for plugin platform-probe"),
            std::string::npos)
      << granted.out;
  ProcessResult r = locusc("check . --color never");
  EXPECT_NE(r.err.find("project=/project data=True"), std::string::npos) << r.err;
  ASSERT_EQ(locusc("plugin revoke platform-probe fs.read").exitCode, 0);
  ProcessResult after = locusc("check . --color never");
  EXPECT_NE(after.err.find("project=None data=False"), std::string::npos) << after.err;
}

TEST_F(PluginPlatformE2E, PluginTestComparesResultsWithSnapshots) {
  ASSERT_EQ(locusc("plugin new snap --lang python").exitCode, 0);
  ProcessResult update = locusc("plugin test snap --update");
  ASSERT_EQ(update.exitCode, 0) << update.out << update.err;
  fs::path snapshot = dir_ / "snap/fixtures/onPostValidate.expected.json";
  ASSERT_TRUE(fs::exists(snapshot)) << update.out;
  ProcessResult same = locusc("plugin test snap");
  EXPECT_EQ(same.exitCode, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("matches "), std::string::npos) << same.out;
  write(snapshot, "{\"diagnostics\": []}\n");
  ProcessResult differs = locusc("plugin test snap");
  EXPECT_EQ(differs.exitCode, 1) << differs.out;
  EXPECT_NE(differs.out.find("DIFFERS from"), std::string::npos) << differs.out;
}

TEST_F(PluginPlatformE2E, AnOptionalPluginThatFailsIsAWarning) {
  addProbe();
  write(dir_ / "plugins/platform-probe/main.py", "raise SystemExit(3)\n");
  ProcessResult required = locusc("check . --color never");
  EXPECT_EQ(required.exitCode, 1) << required.err;
  write(dir_ / "Locus.toml",
        "[plugins]\npaths = [\"plugins/platform-probe\"]\n[plugins.platform-probe]\noptional = "
        "true\n");
  ProcessResult optional = locusc("check . --color never");
  EXPECT_EQ(optional.exitCode, 0) << optional.err;
  EXPECT_NE(optional.err.find("(optional plugin: the build goes on without it)"), std::string::npos)
      << optional.err;
}

TEST_F(PluginPlatformE2E, APluginThatMadeNoCallHasASummaryLineNotACrash) {
  addPatterned(); // a step kind only: nothing calls it in a build
  for (const char* command : {"build . --generators sql --color never", "check . --color never"}) {
    ProcessResult r = locusc(command);
    EXPECT_EQ(r.exitCode, 0) << command << "\n" << r.err;
    EXPECT_EQ(r.err.find("type_error"), std::string::npos) << command << "\n" << r.err;
  }
}

TEST_F(PluginPlatformE2E, TwoPluginsExchangeEventsInABuild) {
  for (const char* name : {"event-publisher", "event-subscriber"}) {
    fs::path plugin = dir_ / "plugins" / name;
    fs::create_directories(plugin.parent_path());
    fs::copy(kSource + "/tests/fixtures/plugins/" + name, plugin, fs::copy_options::recursive);
    fs::copy_file(kSource + "/hooks/sdk/locus_plugin.py", plugin / "locus_plugin.py");
  }
  write(dir_ / "Locus.toml",
        "[plugins]\npaths = [\"plugins/event-publisher\", \"plugins/event-subscriber\"]\n");
  for (int build = 1; build <= 2; ++build) {
    ProcessResult r = locusc("check . --verbose --color never");
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // The publisher's warning names the trace ID of the event it published.
    std::string marker = "published 1: ";
    std::size_t at = r.err.find(marker);
    ASSERT_NE(at, std::string::npos) << r.err;
    std::string trace = r.err.substr(at + marker.size(), 32);
    // The subscriber counts in its state across builds, and its answer keeps the trace ID.
    EXPECT_NE(r.err.find("[plugin event-subscriber] got plugin.event-publisher.counted trace=" +
                         trace + " payload={\"files\": 1} seen=" + std::to_string(build)),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("[plugin event-publisher] heard plugin.event-subscriber.acknowledged "
                         "trace=" +
                         trace),
              std::string::npos)
        << r.err;
  }
}

} // namespace
} // namespace locus::test
