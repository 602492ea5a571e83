// The plugin platform's host side through the real sandbox: consent for project files, the
// `initialize` params, the handshake against the manifest, plugin log lines and tracebacks, and
// CPU/memory of the plugin's process tree (cgroups), with tests/fixtures/plugins/platform-probe.
// Cost: ~4 s (five sandboxed Python workers, one burning 0.8 s of CPU).
#include "hooks/discovery/discover.h"
#include "hooks/discovery/grant_edit.h"
#include "hooks/discovery/plugin_config.h"
#include "hooks/logs/plugin_log.h"
#include "hooks/schema/schema_errors.h"
#include "hooks/worker/worker_pool.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <unistd.h>

namespace locus::hooks {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

// A project with the probe plugin (and its SDK) under plugins/platform-probe and a data file.
struct ProbeProject {
  fs::path root;
  ProbeProject() {
    std::string pattern = (fs::temp_directory_path() / "locus-platform-XXXXXX").string();
    root = ::mkdtemp(pattern.data());
    fs::path plugin = root / "plugins/platform-probe";
    fs::create_directories(plugin.parent_path());
    fs::copy(fs::path(LOCUS_SOURCE_DIR) / "tests/fixtures/plugins/platform-probe", plugin,
             fs::copy_options::recursive);
    fs::copy_file(fs::path(LOCUS_SOURCE_DIR) / "hooks/sdk/locus_plugin.py",
                  plugin / "locus_plugin.py");
    write(root / "data/rows.csv", "a,b\n");
    toml("");
  }
  ~ProbeProject() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  void toml(const std::string& pluginTable) {
    write(root / "Locus.toml", "[plugins]\npaths = [\"plugins/platform-probe\"]\n" + pluginTable);
  }
  PluginSet load() {
    PluginSet set = discoverPlugins(root);
    for (const LoadProblem& p : set.problems) ADD_FAILURE() << p.str();
    return set;
  }
};

std::string probeMessage(const HookCallResult& r) {
  if (!r.result) return "failed: " + r.failure->message;
  return (*r.result)["diagnostics"][0].value("message", "");
}

TEST(HooksPlatform, ProjectFilesNeedTheProjectsConsentAndInitializeSaysWhatIsBound) {
  ProbeProject p;
  {
    WorkerPool pool(p.root, p.load());
    EXPECT_EQ(probeMessage(pool.call("platform-probe", "onPostValidate", json::object())),
              "project=None data=False builds=1")
        << "no consent: nothing bound, and no /project promised in initialize";
  }
  p.toml("[plugins.platform-probe]\nallow = { fs.read = [\"data/**\"] }\n");
  WorkerPool pool(p.root, p.load());
  EXPECT_EQ(probeMessage(pool.call("platform-probe", "onPostValidate", json::object())),
            "project=/project data=True builds=2");
}

TEST(HooksPlatform, LocusTomlGrantsFsReadPatternByPattern) {
  PluginConfig c = parsePluginConfig(
      "[plugins.x]\nallow = { fs.read = [\"data/**\", \"t/*.html\"], network = true }\n", "L");
  EXPECT_TRUE(c.problems.empty());
  EXPECT_EQ(c.settings["x"].policy.allowFsRead, (std::vector<std::string>{"data/**", "t/*.html"}));
  PluginConfig bad = parsePluginConfig("[plugins.x]\nallow = { fs.write = [\"a\"] }\n", "L");
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_NE(bad.problems[0].str().find("unknown permission 'fs.write' (only fs.read is granted"),
            std::string::npos)
      << bad.problems[0].str();
}

TEST(HooksPlatform, GrantAndRevokeEditOnlyThePluginsAllowLine) {
  const std::string toml = "# the project\n[app]\nname = \"x\"\n\n[plugins]\npaths = [\"p/a\"]\n\n"
                           "[plugins.a]\nbudgets = { onPostValidate = 50 } # keep\n\n[build]\n";
  std::string error;
  std::string granted = applyGrantEdit(toml, {"a", "fs.read", {"data/**"}, true}, error);
  ASSERT_NE(granted, "") << error;
  EXPECT_EQ(granted, "# the project\n[app]\nname = \"x\"\n\n[plugins]\npaths = [\"p/a\"]\n\n"
                     "[plugins.a]\nallow = { fs.read = [\"data/**\"] }\n"
                     "budgets = { onPostValidate = 50 } # keep\n\n[build]\n");
  std::string more = applyGrantEdit(granted, {"a", "secrets", {"API_TOKEN"}, true}, error);
  EXPECT_NE(more.find("allow = { fs.read = [\"data/**\"], secrets = [\"API_TOKEN\"] }\n"),
            std::string::npos)
      << more;
  PluginConfig c = parsePluginConfig(more, "L");
  EXPECT_EQ(c.settings["a"].policy.allowSecrets, std::vector<std::string>{"API_TOKEN"});
  std::string revoked = applyGrantEdit(more, {"a", "fs.read", {}, false}, error);
  EXPECT_NE(revoked.find("allow = { secrets = [\"API_TOKEN\"] }\n"), std::string::npos) << revoked;
  // A plugin without a table gets one at the end.
  std::string fresh = applyGrantEdit(toml, {"b", "network", {}, true}, error);
  EXPECT_NE(fresh.find("\n[plugins.b]\nallow = { network = true }\n"), std::string::npos) << fresh;
  EXPECT_EQ(applyGrantEdit(toml, {"a", "netwrok", {}, true}, error), "");
  EXPECT_NE(error.find("did you mean 'network'?"), std::string::npos) << error;
}

TEST(HooksPlatform, ConfigurationIsCheckedAgainstTheManifestAndPassedAtInitialize) {
  ProbeProject p;
  fs::path manifest = p.root / "plugins/platform-probe/locus-plugin.json";
  json m = json::parse(std::ifstream(manifest));
  m["config"] = {{"type", "object"},
                 {"required", {"channel"}},
                 {"properties", {{"channel", {{"type", "string"}, {"pattern", "^#"}}}}}};
  write(manifest, m.dump());
  p.toml("[plugins.platform-probe.config]\nchannel = \"#ops\"\n"
         "[env.staging.plugins.platform-probe.config]\nchannel = \"#staging\"\n");
  PluginSet base = discoverPlugins(p.root);
  ASSERT_FALSE(base.hasErrors());
  EXPECT_EQ(base.find("platform-probe")->settings.config, json({{"channel", "#ops"}}));
  {
    WorkerPool pool(p.root, std::move(base));
    HookCallResult r = pool.call("platform-probe", "init", json::object());
    ASSERT_TRUE(r.result) << r.failure->message;
    EXPECT_EQ((*r.result)["init"]["config"], json({{"channel", "#ops"}}));
  }
  PluginConfig staging = parsePluginConfig(
      "[plugins.x.config]\nchannel = \"#ops\"\nlevel = 2\n[env.staging.plugins.x.config]\n"
      "channel = \"#staging\"\n",
      "L", "staging");
  EXPECT_EQ(staging.settings["x"].config, json({{"channel", "#staging"}, {"level", 2}}));

  p.toml("[plugins.platform-probe.config]\nchannel = \"ops\"\n");
  PluginSet bad = discoverPlugins(p.root);
  ASSERT_TRUE(bad.hasErrors());
  EXPECT_NE(bad.problems[0].message.find(
                "[plugins.platform-probe.config]: 'channel' does not match the pattern '^#'"),
            std::string::npos)
      << bad.problems[0].str();
}

TEST(HooksPlatform, AHookTheCodeDoesNotImplementIsOneClearHandshakeError) {
  ProbeProject p;
  fs::path manifest = p.root / "plugins/platform-probe/locus-plugin.json";
  json m = json::parse(std::ifstream(manifest));
  m["hooks"]["onPreParse"] = json::object();
  write(manifest, m.dump());
  WorkerPool pool(p.root, p.load());
  HookCallResult r = pool.call("platform-probe", "onPreParse", {{"file", "a"}, {"source", ""}});
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->kind, HookFailureKind::HandshakeFailed);
  EXPECT_NE(r.failure->message.find("plugin 'platform-probe' declares hooks 'onPreParse' in "
                                    "locus-plugin.json but its code does not implement it"),
            std::string::npos)
      << r.failure->message;
  EXPECT_EQ(r.failure->message.find("not handled"), std::string::npos) << r.failure->message;
}

TEST(HooksPlatform, PluginPrintsAreFiledPerPluginAndEchoedWhenAsked) {
  ProbeProject p;
  std::mutex mutex;
  std::vector<std::string> echoed;
  {
    WorkerPool pool(p.root, p.load(), [&](const std::string& plugin, const std::string& line) {
      std::lock_guard lock(mutex);
      echoed.push_back(plugin + ": " + line);
    });
    ASSERT_TRUE(pool.call("platform-probe", "onPostValidate", json::object()).result);
    pool.shutdownAll(); // the worker's last lines are read before it is gone
  }
  EXPECT_NE(std::find(echoed.begin(), echoed.end(), "platform-probe: probe says hello"),
            echoed.end());
  std::vector<std::string> log = readPluginLog(p.root, "platform-probe", 10);
  ASSERT_FALSE(log.empty());
  EXPECT_NE(log.back().find("Z probe says hello"), std::string::npos) << log.back();
  EXPECT_TRUE(readPluginLog(p.root, "someone-else", 10).empty());
}

TEST(HooksPlatform, LogFilesRotateInsteadOfGrowingForever) {
  ProbeProject p;
  StderrLineSink sink = pluginLogSink(p.root);
  std::string line(1000, 'x');
  for (int i = 0; i < 1100; ++i) sink("chatty", line);
  sink("chatty", "the last line");
  EXPECT_LE(fs::file_size(pluginLogPath(p.root, "chatty")), kMaxLogBytes + 2048);
  EXPECT_TRUE(fs::exists(pluginLogPath(p.root, "chatty").string() + ".1"));
  std::vector<std::string> tail = readPluginLog(p.root, "chatty", 3);
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_NE(tail.back().find("the last line"), std::string::npos);
}

TEST(HooksPlatform, AnUncaughtExceptionIsReportedWithItsTraceback) {
  ProbeProject p;
  WorkerPool pool(p.root, p.load());
  HookCallResult r = pool.call("platform-probe", "fail", json::object());
  ASSERT_TRUE(r.failure);
  const std::string& text = r.failure->message;
  EXPECT_NE(text.find("internal error: KeyError('nmae')"), std::string::npos) << text;
  EXPECT_NE(text.find("plugin traceback:"), std::string::npos) << text;
  EXPECT_NE(text.find("Traceback (most recent call last)"), std::string::npos) << text;
  EXPECT_NE(text.find("main.py\", line"), std::string::npos) << text;
  EXPECT_NE(text.find("return params[\"nmae\"]"), std::string::npos) << text;
}

TEST(HooksPlatform, CpuAndMemoryAreThePluginTreesAndMatchItsOwnMeasurement) {
  ProbeProject p;
  WorkerPool pool(p.root, p.load());
  HookCallResult r = pool.call("platform-probe", "burn", {{"seconds", 0.8}, {"mb", 96}});
  ASSERT_TRUE(r.result) << r.failure->message;
  double ownCpu = (*r.result)["cpuSeconds"].get<double>();
  double ownRssKb = (*r.result)["maxRssKb"].get<double>();
  pool.shutdownAll();
  WorkerStats stats = pool.workerStats().at("platform-probe");
  if (!stats.treeAccounting)
    GTEST_SKIP() << "no cgroup counts this host's plugins: " << stats.pidsLimit;
  // The cgroup also counts bwrap (a few ms, ~2 MB), so allow the 10 % the issue allows.
  EXPECT_NEAR(stats.cpuSeconds, ownCpu, 0.10 * ownCpu) << "plugin measured " << ownCpu << " s";
  EXPECT_NEAR(static_cast<double>(stats.maxRssKb), ownRssKb, 0.10 * ownRssKb)
      << "plugin measured " << ownRssKb << " kB";
  EXPECT_GT(r.stats.cpuMs, 0.5 * 1000 * (ownCpu - 0.2)) << "the call's own CPU is measured too";
}

TEST(HooksPlatform, SchemaErrorsCoverEveryKeywordWithPaths) {
  json schema = json::parse(R"({"type": "object", "properties": {
      "channel": {"type": "string", "pattern": "^#[a-z]+$"},
      "count": {"type": "integer", "multipleOf": 2},
      "text": {"type": "string"},
      "mode": {"anyOf": [{"const": "fast"}, {"const": "slow"}]}}})");
  EXPECT_TRUE(schemaErrors(schema, {{"channel", "#ops"}, {"count", 4}, {"mode", "fast"}}).empty());
  std::string text = describeSchemaErrors(
      schemaErrors(schema, {{"channel", "ops"}, {"count", 3}, {"text", 5}, {"mode", "medium"}}));
  EXPECT_NE(text.find("'channel' does not match the pattern '^#[a-z]+$'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("'text' must be a string, not an integer"), std::string::npos) << text;
  EXPECT_NE(text.find("'count' "), std::string::npos) << text;
  EXPECT_NE(text.find("'mode' "), std::string::npos) << text;
  EXPECT_EQ(schemaErrors(json{{"type", 7}}, json::object()).size(), 1u) << "an unusable schema";
}

} // namespace
} // namespace locus::hooks
