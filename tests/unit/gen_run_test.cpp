// Running generators: selection with dependencies, upstream files, parallel execution, fixed merge
// order, path conflicts naming both generators, unsafe paths, and failures turned into messages.
#include "generators/run_generators.h"
#include "generators/templates/template_set.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace locus {
namespace {

Generator makeGen(std::string name, GeneratedFiles files, std::vector<std::string> deps = {}) {
  Generator g;
  g.name = std::move(name);
  g.dependsOn = std::move(deps);
  g.run = [files](const GeneratorInput&) { return GeneratorOutput{files, {}}; };
  return g;
}

const locus::OrderedJson kIr = {{"irVersion", 1}};

std::vector<std::string> codes(const GeneratorRun& run) {
  std::vector<std::string> out;
  for (const NamedMessage& m : run.messages)
    out.push_back(std::string(diagKindInfo(m.message.kind).code) + ":" + m.generator);
  return out;
}

TEST(GeneratorRunTest, SelectionAddsDependenciesInRegistryOrder) {
  std::vector<Generator> registry{makeGen("a", {}), makeGen("b", {}, {"a"}), makeGen("c", {})};
  registry[2].enabledByDefault = false;
  std::vector<std::string> unknown;
  std::vector<std::string> names{"b", "nope"};
  std::vector<Generator> picked = selectGenerators(registry, &names, unknown);
  ASSERT_EQ(picked.size(), 2u);
  EXPECT_EQ(picked[0].name, "a");
  EXPECT_EQ(picked[1].name, "b");
  EXPECT_EQ(unknown, std::vector<std::string>{"nope"});
  unknown.clear();
  EXPECT_EQ(selectGenerators(registry, nullptr, unknown).size(), 2u); // c is off by default
}

TEST(GeneratorRunTest, DependentsSeeUpstreamFiles) {
  Generator b;
  b.name = "b";
  b.dependsOn = {"a"};
  b.run = [](const GeneratorInput& in) {
    GeneratorOutput out;
    out.files["b.txt"] = "saw " + in.upstream.at("a.txt");
    return out;
  };
  GeneratorRun run = runGenerators({makeGen("a", {{"a.txt", "A"}}), b}, kIr, {});
  ASSERT_FALSE(run.failed);
  EXPECT_EQ(run.files.at("b.txt"), "saw A");
  EXPECT_EQ(run.owner.at("a.txt"), "a");
}

TEST(GeneratorRunTest, IndependentGeneratorsRunConcurrently) {
  std::atomic<int> running{0}, peak{0};
  auto slow = [&](std::string name) {
    Generator g;
    g.name = name;
    g.run = [&, name](const GeneratorInput&) {
      int now = ++running;
      peak = std::max(peak.load(), now);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      --running;
      return GeneratorOutput{{{name + ".txt", name}}, {}};
    };
    return g;
  };
  GeneratorRun run = runGenerators({slow("x"), slow("y"), slow("z")}, kIr, {});
  EXPECT_FALSE(run.failed);
  EXPECT_GE(peak.load(), 2);
  EXPECT_EQ(run.files.size(), 3u);
}

TEST(GeneratorRunTest, TwoGeneratorsClaimingOnePathNamesBoth) {
  GeneratorRun run = runGenerators(
      {makeGen("first", {{"x.ts", "1"}}), makeGen("second", {{"x.ts", "2"}})}, kIr, {});
  ASSERT_TRUE(run.failed);
  ASSERT_EQ(run.messages.size(), 1u);
  EXPECT_EQ(run.messages[0].message.kind, DiagKind::GeneratorPathConflict);
  EXPECT_NE(run.messages[0].message.message.find("'first' and 'second'"), std::string::npos);
  EXPECT_EQ(run.files.at("x.ts"), "1"); // registry order wins, deterministically
}

TEST(GeneratorRunTest, UnsafePathsAreRefused) {
  for (std::string bad : {"/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a\\b",
                          "BUILD_MANIFEST.json", "", "a/\n"}) {
    EXPECT_FALSE(isSafeOutputPath(bad)) << bad;
  }
  EXPECT_TRUE(isSafeOutputPath("server/src/index.ts"));
  EXPECT_TRUE(isSafeOutputPath(".gitignore"));
  GeneratorRun run = runGenerators({makeGen("evil", {{"../escape", "x"}, {"ok", "y"}})}, kIr, {});
  EXPECT_TRUE(run.failed);
  EXPECT_EQ(codes(run), std::vector<std::string>{"E0808:evil"});
  EXPECT_FALSE(run.files.count("../escape"));
}

TEST(GeneratorRunTest, ExceptionsAndTemplateErrorsBecomeMessages) {
  Generator boom;
  boom.name = "boom";
  boom.run = [](const GeneratorInput&) -> GeneratorOutput { throw std::runtime_error("bad"); };
  Generator tmpl;
  tmpl.name = "tmpl";
  tmpl.run = [](const GeneratorInput& in) {
    in.templates.render("does-not-exist", {});
    return GeneratorOutput{};
  };
  GeneratorRun run = runGenerators({boom, tmpl}, kIr, {});
  EXPECT_TRUE(run.failed);
  EXPECT_EQ(codes(run), (std::vector<std::string>{"E0807:boom", "E0803:tmpl"}));
}

TEST(GeneratorRunTest, DependencyCycleIsReported) {
  GeneratorRun run = runGenerators({makeGen("a", {}, {"b"}), makeGen("b", {}, {"a"})}, kIr, {});
  EXPECT_TRUE(run.failed);
  EXPECT_NE(run.messages.at(0).message.message.find("cycle"), std::string::npos);
}

TEST(GeneratorRunTest, OptionsAndPreviousFilesArePerGenerator) {
  Generator g;
  g.name = "g";
  g.run = [](const GeneratorInput& in) {
    GeneratorOutput out;
    out.files["o.txt"] = in.options.value("flavor", "") + "/" + in.previous.at("old.txt");
    return out;
  };
  GeneratorRunOptions options;
  options.optionsFor = [](const std::string& name) { return nlohmann::json{{"flavor", name}}; };
  options.previousFor = [](const std::string&) { return GeneratedFiles{{"old.txt", "prev"}}; };
  GeneratorRun run = runGenerators({g}, kIr, options);
  EXPECT_EQ(run.files.at("o.txt"), "g/prev");
}

} // namespace
} // namespace locus
