// TemplateSet: project overrides, partials (also overridden), no HTML escaping, clear errors.
#include "generators/templates/template_set.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace locus {
namespace {

namespace fs = std::filesystem;

class TemplateSetTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("locus-tpl-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "demo");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / "demo" / (name + ".mustache")) << text;
  }
  fs::path dir_;
};

TEST_F(TemplateSetTest, RendersWithoutEscaping) {
  write("main", "const x = {{value}};");
  TemplateSet set("demo", dir_.string());
  EXPECT_EQ(set.render("main", {{"value", "a < b && \"c\""}}), "const x = a < b && \"c\";");
}

TEST_F(TemplateSetTest, ListsSectionsNumbersAndNull) {
  write("main", "{{#items}}{{name}}={{n}}{{^last}}, {{/last}}{{/items}}{{#missing}}X{{/missing}}");
  TemplateSet set("demo", dir_.string());
  nlohmann::json items = markPositions({{{"name", "a"}, {"n", 1}}, {{"name", "b"}, {"n", 2.5}}});
  EXPECT_EQ(set.render("main", {{"items", items}, {"missing", nullptr}}), "a=1, b=2.5");
}

TEST_F(TemplateSetTest, PartialsResolveThroughOverridesRecursively) {
  write("main", "[{{> head}}]");
  write("head", "<{{> inner}}>");
  write("inner", "{{who}}");
  TemplateSet set("demo", dir_.string());
  EXPECT_EQ(set.render("main", {{"who", "me"}}), "[<me>]");
}

TEST_F(TemplateSetTest, MissingTemplateAndPartialAreNamed) {
  write("main", "{{> nowhere}}");
  TemplateSet set("demo", dir_.string());
  try {
    set.render("main", {});
    FAIL() << "expected TemplateError";
  } catch (const TemplateError& e) {
    EXPECT_NE(std::string(e.what()).find("nowhere"), std::string::npos) << e.what();
  }
  EXPECT_THROW(set.render("absent", {}), TemplateError);
}

TEST_F(TemplateSetTest, SyntaxErrorNamesTheOverrideFile) {
  write("main", "{{#open}} never closed");
  TemplateSet set("demo", dir_.string());
  try {
    set.render("main", {{"open", true}});
    FAIL() << "expected TemplateError";
  } catch (const TemplateError& e) {
    EXPECT_NE(std::string(e.what()).find("demo/main.mustache"), std::string::npos) << e.what();
  }
}

} // namespace
} // namespace locus
