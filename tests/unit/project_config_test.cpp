// Locus.toml: defaults without a file, every key, and located errors for bad input.
#include "compiler/driver/project_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace locus {
namespace {

namespace fs = std::filesystem;

class ProjectConfigTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("locus-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::optional<ProjectConfig> load(const std::string& toml) {
    if (!toml.empty()) std::ofstream(dir_ / "Locus.toml") << toml;
    return loadProjectConfig(dir_.string(), sources_, sink_);
  }
  fs::path dir_;
  SourceSet sources_;
  DiagnosticSink sink_;
};

TEST_F(ProjectConfigTest, DefaultsWithoutAFile) {
  std::optional<ProjectConfig> c = load("");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->configPath, "");
  EXPECT_EQ(c->appName, dir_.filename().string());
  EXPECT_EQ(c->outputDir, (dir_ / "generated").string());
  EXPECT_FALSE(c->generators);
  EXPECT_EQ(c->database, "postgresql");
}

TEST_F(ProjectConfigTest, ReadsEveryKey) {
  std::optional<ProjectConfig> c = load(R"(
[app]
name = "shop"
[build]
output = "out/app"
generators = ["sql", "express"]
templates = "tpl"
[database]
provider = "sqlite"
[generators.express]
port = 4000
[plugins]
paths = ["plugins/a"]
)");
  ASSERT_TRUE(c) << sink_.all().size();
  EXPECT_EQ(c->appName, "shop");
  EXPECT_EQ(c->outputDir, (dir_ / "out/app").string());
  EXPECT_EQ(c->templatesDir, (dir_ / "tpl").string());
  EXPECT_EQ(*c->generators, (std::vector<std::string>{"sql", "express"}));
  EXPECT_EQ(c->database, "sqlite");
  nlohmann::json opts = c->optionsFor("express");
  EXPECT_EQ(opts["port"], 4000);
  EXPECT_EQ(opts["appName"], "shop");
  EXPECT_EQ(opts["database"], "sqlite");
  EXPECT_EQ(c->document["plugins"]["paths"][0], "plugins/a");
}

TEST_F(ProjectConfigTest, SyntaxErrorIsLocated) {
  EXPECT_FALSE(load("[app]\nname = \"x\n"));
  ASSERT_EQ(sink_.all().size(), 1u);
  const Diagnostic& d = sink_.all()[0];
  EXPECT_EQ(d.kind, DiagKind::ProjectConfigError);
  EXPECT_EQ(d.span.line, 2u);
  EXPECT_EQ(sources_.file(d.span.file).path, (dir_ / "Locus.toml").string());
}

TEST_F(ProjectConfigTest, UnknownKeysWrongTypesAndValuesAreErrors) {
  EXPECT_FALSE(load(R"([build]
outptu = "x"
generators = "sql"
[database]
provider = "oracle"
[extras]
)"));
  std::vector<std::string> messages;
  for (const Diagnostic& d : sink_.sorted()) messages.push_back(d.message);
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_NE(messages[0].find("did you mean 'output'"), std::string::npos) << messages[0];
  EXPECT_NE(messages[1].find("list of generator names"), std::string::npos) << messages[1];
  EXPECT_NE(messages[2].find("oracle"), std::string::npos) << messages[2];
  EXPECT_NE(messages[3].find("extras"), std::string::npos) << messages[3];
}

} // namespace
} // namespace locus
