// Discovery from Locus.toml [plugins] and .locus/plugins/, manifest problems, and the load
// errors that name both plugins: incompatible core, duplicate step kinds and generator names,
// missing dependencies, ordering cycles. Works on real folders in a temporary project.
#include "hooks/discovery/discover.h"

#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace locus::hooks;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Project {
  fs::path root;
  Project() {
    static int n = 0;
    root = fs::temp_directory_path() /
           ("locus_discovery_" + std::to_string(::getpid()) + "_" + std::to_string(n++));
    fs::remove_all(root);
    fs::create_directories(root);
  }
  ~Project() { fs::remove_all(root); }

  void toml(const std::string& text) const { std::ofstream(root / "Locus.toml") << text; }

  // Writes a plugin folder at `dir` (relative to the project) with a valid manifest + `extra`.
  void plugin(const std::string& dir, const std::string& name, json extra = json::object()) const {
    json m = {{"name", name},
              {"version", "1.0.0"},
              {"requiresCore", "^0.1.0"},
              {"entry", {"./run"}},
              {"protocol", 1}};
    m.update(extra);
    fs::create_directories(root / dir);
    std::ofstream(root / dir / "locus-plugin.json") << m.dump(2);
  }
};

std::vector<std::string> names(const PluginSet& set) {
  std::vector<std::string> out;
  for (const LoadedPlugin& p : set.plugins) out.push_back(p.manifest.name);
  return out;
}

std::string allProblems(const PluginSet& set) {
  std::string out;
  for (const LoadProblem& p : set.problems) out += p.str() + "\n";
  return out;
}

// The first problem whose message contains `fragment`.
const LoadProblem* problem(const PluginSet& set, const std::string& fragment) {
  for (const LoadProblem& p : set.problems)
    if (p.message.find(fragment) != std::string::npos) return &p;
  return nullptr;
}

} // namespace

TEST(HooksDiscovery, NoConfigNoPlugins) {
  Project p;
  PluginSet set = discoverPlugins(p.root);
  EXPECT_TRUE(set.plugins.empty());
  EXPECT_TRUE(set.problems.empty());
}

TEST(HooksDiscovery, PathsNamedEntriesAndInstalledPluginsInOrder) {
  Project p;
  p.toml(R"(
[plugins]
paths = ["plugins/b", "plugins/a"]
naming = "vendor/naming"

[plugins.slack]
path = "vendor/slack-notify"
budgets = { onStepExecute = 20 }
allow = { network = true, env = ["SLACK_TOKEN"] }
)");
  p.plugin("plugins/a", "a");
  p.plugin("plugins/b", "b");
  p.plugin("vendor/naming", "naming");
  p.plugin("vendor/slack-notify", "slack", {{"hooks", {{"onStepExecute", {{"budgetMs", 99}}}}}});
  p.plugin(".locus/plugins/zeta", "zeta");
  p.plugin(".locus/plugins/alpha", "alpha");
  PluginSet set = discoverPlugins(p.root);
  EXPECT_TRUE(set.problems.empty()) << allProblems(set);
  EXPECT_EQ(names(set), (std::vector<std::string>{"b", "a", "naming", "slack", "alpha", "zeta"}));
  const LoadedPlugin* slack = set.find("slack");
  ASSERT_NE(slack, nullptr);
  EXPECT_TRUE(slack->settings.policy.allowNetwork);
  EXPECT_EQ(slack->settings.policy.allowEnv, std::vector<std::string>{"SLACK_TOKEN"});
  EXPECT_EQ(set.budgetMs("slack", "onStepExecute"), 20.0); // Locus.toml beats the manifest
  EXPECT_EQ(set.find("alpha")->origin, ".locus/plugins/alpha");
  EXPECT_EQ(set.find("b")->origin, "Locus.toml [plugins] paths[0]");
}

TEST(HooksDiscovery, BudgetsComeFromLocusTomlThenManifestThenDefault) {
  Project p;
  p.toml("[plugins]\npaths = [\"x\", \"y\"]\nbudgets = { onPreGenerate = 40 }\n");
  p.plugin("x", "x", {{"hooks", {{"onPreGenerate", {{"budgetMs", 5}}}}}});
  p.plugin("y", "y", {{"hooks", {{"onPreGenerate", json::object()}}}});
  PluginSet set = discoverPlugins(p.root);
  EXPECT_EQ(set.budgetMs("x", "onPreGenerate"), 5.0);
  EXPECT_EQ(set.budgetMs("y", "onPreGenerate"), 40.0);
  EXPECT_EQ(set.budgetMs("y", "onPostValidate"), std::nullopt);
}

TEST(HooksDiscovery, DisabledPluginsAreSkipped) {
  Project p;
  p.toml("[plugins.off]\npath = \"off\"\nenabled = false\n[plugins.sleepy]\nenabled = false\n");
  p.plugin("off", "off");
  p.plugin(".locus/plugins/sleepy", "sleepy");
  PluginSet set = discoverPlugins(p.root);
  EXPECT_TRUE(set.plugins.empty()) << allProblems(set);
  EXPECT_FALSE(set.hasErrors());
}

TEST(HooksDiscovery, LocusTomlProblemsAreClear) {
  Project p;
  p.toml("[plugins]\npaths = \"plugins/x\"\n[plugins.x]\npaht = \"x\"\nallow = { netwrok = true }\n"
         "deny = [\"disk\"]\nbudgets = { onPreGenrate = 5 }\n");
  PluginSet set = discoverPlugins(p.root);
  EXPECT_NE(problem(set, "[plugins] paths must be a list of strings"), nullptr) << allProblems(set);
  EXPECT_NE(problem(set, "unknown key 'paht'; did you mean 'path'?"), nullptr) << allProblems(set);
  EXPECT_NE(problem(set, "unknown permission 'netwrok'; did you mean 'network'?"), nullptr);
  EXPECT_NE(problem(set, "unknown permission 'disk'"), nullptr);
  EXPECT_NE(problem(set, "did you mean 'onPreGenerate'?"), nullptr) << allProblems(set);

  Project bad;
  bad.toml("[plugins\npaths = []\n");
  PluginSet broken = discoverPlugins(bad.root);
  ASSERT_EQ(broken.problems.size(), 1u);
  EXPECT_NE(broken.problems[0].message.find("not valid TOML at 1:"), std::string::npos)
      << broken.problems[0].message;
}

TEST(HooksDiscovery, MissingFoldersAndBadManifestsAreReported) {
  Project p;
  p.toml("[plugins]\npaths = [\"nowhere\", \"broken\", \"renamed\"]\n");
  fs::create_directories(p.root / "broken");
  std::ofstream(p.root / "broken" / "locus-plugin.json") << "{\"name\": \"broken\",}";
  p.plugin("renamed", "actual-name");
  p.toml("[plugins]\npaths = [\"nowhere\", \"broken\"]\nalias = \"renamed\"\n");
  PluginSet set = discoverPlugins(p.root);
  EXPECT_TRUE(set.plugins.empty());
  EXPECT_NE(problem(set, "plugin folder"), nullptr) << allProblems(set);
  EXPECT_NE(problem(set, "not valid JSON"), nullptr) << allProblems(set);
  const LoadProblem* renamed = problem(set, "names the plugin 'alias'");
  ASSERT_NE(renamed, nullptr) << allProblems(set);
  EXPECT_NE(renamed->message.find("manifest says 'actual-name'"), std::string::npos);
}

TEST(HooksDiscovery, IncompatibleCoreIsALoadError) {
  Project p;
  p.toml("[plugins]\npaths = [\"future\", \"fine\"]\n");
  p.plugin("future", "future", {{"requiresCore", ">=2.0.0"}});
  p.plugin("fine", "fine");
  PluginSet set = discoverPlugins(p.root);
  EXPECT_EQ(names(set), std::vector<std::string>{"fine"});
  const LoadProblem* core = problem(set, "requires Locus core >=2.0.0");
  ASSERT_NE(core, nullptr) << allProblems(set);
  EXPECT_EQ(core->plugins, std::vector<std::string>{"future"});
  EXPECT_NE(core->file.find("future/locus-plugin.json"), std::string::npos);
}

TEST(HooksDiscovery, DuplicateStepKindsAndGeneratorsNameBothPlugins) {
  Project p;
  p.toml("[plugins]\npaths = [\"one\", \"two\", \"three\"]\n");
  p.plugin("one", "one", {{"steps", {{{"kind", "slack_post"}}}}});
  p.plugin("two", "two", {{"steps", {{{"kind", "slack_post"}}}}});
  p.plugin("three", "three", {{"generators", {{{"name", "fastapi"}}}}});
  p.plugin(".locus/plugins/four", "four", {{"generators", {{{"name", "fastapi"}}}}});
  PluginSet set = discoverPlugins(p.root);
  const LoadProblem* steps = problem(set, "step kind 'slack_post'");
  ASSERT_NE(steps, nullptr) << allProblems(set);
  EXPECT_EQ(steps->plugins, (std::vector<std::string>{"one", "two"}));
  EXPECT_NE(steps->message.find("plugin 'one' and plugin 'two'"), std::string::npos);
  const LoadProblem* gens = problem(set, "generator 'fastapi'");
  ASSERT_NE(gens, nullptr);
  EXPECT_EQ(gens->plugins, (std::vector<std::string>{"three", "four"}));
  EXPECT_EQ(names(set), (std::vector<std::string>{"one", "three"}));
  EXPECT_TRUE(set.hasErrors());
}

TEST(HooksDiscovery, DuplicatePluginNames) {
  Project p;
  p.toml("[plugins]\npaths = [\"a1\", \"a2\", \"local\"]\n");
  p.plugin("a1", "a");
  p.plugin("a2", "a");
  p.plugin("local", "local");
  p.plugin(".locus/plugins/local", "local");
  PluginSet set = discoverPlugins(p.root);
  const LoadProblem* twice = problem(set, "plugin 'a' is found twice");
  ASSERT_NE(twice, nullptr) << allProblems(set);
  EXPECT_EQ(twice->severity, LoadProblem::Severity::Error);
  const LoadProblem* shadow = problem(set, "installed copy");
  ASSERT_NE(shadow, nullptr) << allProblems(set);
  EXPECT_EQ(shadow->severity, LoadProblem::Severity::Warning);
  EXPECT_EQ(names(set), (std::vector<std::string>{"a", "local"}));
}

TEST(HooksDiscovery, DependenciesMustBeLoadedInAMatchingVersion) {
  Project p;
  p.toml("[plugins]\npaths = [\"utils\", \"needs-new\", \"needs-ghost\", \"happy\"]\n");
  p.plugin("utils", "utils", {{"version", "1.4.0"}});
  p.plugin("needs-new", "needs-new", {{"dependencies", {{"utils", "^2.0.0"}}}});
  p.plugin("needs-ghost", "needs-ghost", {{"dependencies", {{"ghost", "*"}}}});
  p.plugin("happy", "happy", {{"dependencies", {{"utils", "~1.4"}}}});
  PluginSet set = discoverPlugins(p.root);
  const LoadProblem* version = problem(set, "needs plugin 'utils' ^2.0.0");
  ASSERT_NE(version, nullptr) << allProblems(set);
  EXPECT_EQ(version->plugins, (std::vector<std::string>{"needs-new", "utils"}));
  EXPECT_NE(problem(set, "depends on plugin 'ghost'"), nullptr);
  EXPECT_EQ(names(set), (std::vector<std::string>{"utils", "happy"}));
}

TEST(HooksDiscovery, HookOrderAndCyclesAcrossPlugins) {
  Project p;
  p.toml("[plugins]\npaths = [\"a\", \"b\", \"c\", \"d\"]\n");
  p.plugin(
      "a", "a",
      {{"hooks", {{"onPreGenerate", {{"order", "post"}}}, {"onPreParse", {{"after", {"b"}}}}}}});
  p.plugin("b", "b",
           {{"hooks", {{"onPreGenerate", json::object()}, {"onPreParse", {{"after", {"c"}}}}}}});
  p.plugin("c", "c", {{"hooks", {{"onPreParse", {{"after", {"a"}}}}}}});
  p.plugin("d", "d", {{"hooks", {{"onPreGenerate", {{"before", {"missing"}}}}}}});
  PluginSet set = discoverPlugins(p.root);
  const LoadProblem* cycle = problem(set, "ordering cycle on onPreParse");
  ASSERT_NE(cycle, nullptr) << allProblems(set);
  std::vector<std::string> involved = cycle->plugins;
  std::sort(involved.begin(), involved.end());
  EXPECT_EQ(involved, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_NE(problem(set, "no plugin 'missing' is loaded"), nullptr);
  // The plugins on the cycle are left out; the rest still gets an order.
  EXPECT_EQ(names(set), std::vector<std::string>{"d"});
  EXPECT_EQ(set.hookOrder["onPreGenerate"], std::vector<std::string>{"d"});
}

TEST(HooksDiscovery, OrderWithoutCycles) {
  Project p;
  p.toml("[plugins]\npaths = [\"a\", \"b\", \"c\"]\n");
  p.plugin("a", "a", {{"hooks", {{"onPreGenerate", {{"order", "post"}}}}}});
  p.plugin("b", "b", {{"hooks", {{"onPreGenerate", {{"after", {"c"}}}}}}});
  p.plugin("c", "c", {{"hooks", {{"onPreGenerate", json::object()}}}});
  PluginSet set = discoverPlugins(p.root);
  EXPECT_FALSE(set.hasErrors()) << allProblems(set);
  EXPECT_EQ(set.hookOrder["onPreGenerate"], (std::vector<std::string>{"c", "b", "a"}));
  EXPECT_EQ(set.hookOrder.count("onPreParse"), 0u);
}
