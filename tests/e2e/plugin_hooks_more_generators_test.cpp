// Plugin generators in the real `locusc build`: `--list-generators` names the project's plugin
// generators with their plugin, and examples/plugins/fastapi-gen, enabled in a project, writes its
// files into the build output (listed in BUILD_MANIFEST.json under its generator, whose plugin the
// build names) — and every generated Python file compiles.
#include "tests/e2e/e2e_fixture.h"
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
using nlohmann::json;

const std::string kLocusc = LOCUSC_PATH;
const std::string kSource = LOCUS_SOURCE_DIR;

class PluginGeneratorsE2E : public FolderTest {
protected:
  PluginGeneratorsE2E() : FolderTest("plugingen") {}
  void SetUp() override {
    FolderTest::SetUp();
    write(dir_ / "app.locus", "entity Product {\n  name: String\n  price: Decimal\n"
                              "  tags: String[]\n}\n\nentity Customer {\n  email: Email\n"
                              "  nickname: String?\n}\n");
    // As installed: the example folder as is (it ships its SDK file).
    fs::create_directories(dir_ / "plugins");
    fs::copy(kSource + "/examples/plugins/fastapi-gen", dir_ / "plugins/fastapi-gen",
             fs::copy_options::recursive);
    write(dir_ / "Locus.toml", "[plugins]\npaths = [\"plugins/fastapi-gen\"]\n");
  }

  ProcessResult locusc(const std::string& args) {
    return runProcess(kLocusc + " " + args, dir_.string());
  }
};

TEST_F(PluginGeneratorsE2E, ListGeneratorsNamesPluginGeneratorsWithTheirPlugin) {
  ProcessResult r = locusc("build . --list-generators");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out.rfind("sql: ", 0), 0u) << r.out; // the built-ins still come first
  EXPECT_NE(r.out.find("fastapi (plugin fastapi-gen 1.0.0): python/app/models.py"),
            std::string::npos)
      << r.out;
  // Without the plugin, no fastapi.
  fs::remove(dir_ / "Locus.toml");
  ProcessResult bare = locusc("build . --list-generators");
  ASSERT_EQ(bare.exitCode, 0) << bare.err;
  EXPECT_EQ(bare.out.find("fastapi"), std::string::npos) << bare.out;
}

TEST_F(PluginGeneratorsE2E, FastapiGenWritesCompilingPythonThroughARealBuild) {
  ProcessResult r = locusc("build . --generators sql,fastapi --color never");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("plugin fastapi-gen:"), std::string::npos) << r.err; // the summary
  fs::path out = dir_ / "generated";
  std::vector<std::string> python;
  for (const char* file :
       {"python/app/models.py", "python/app/main.py", "python/app/routes/product.py",
        "python/app/routes/customer.py", "python/requirements.txt"}) {
    EXPECT_TRUE(fs::exists(out / file)) << file;
    if (std::string(file).ends_with(".py")) python.push_back((out / file).string());
  }
  EXPECT_NE(slurp(out / "python/app/models.py").find("class ProductCreate"), std::string::npos);
  // BUILD_MANIFEST.json lists every python/ file under the plugin's generator.
  json manifest = json::parse(slurp(out / "BUILD_MANIFEST.json"));
  int owned = 0;
  for (const json& f : manifest["files"])
    if (f["path"].get<std::string>().rfind("python/", 0) == 0) {
      EXPECT_EQ(f["generator"], "fastapi (plugin fastapi-gen)") << f.dump();
      ++owned;
    }
  EXPECT_GE(owned, 5);
  // Every generated Python file compiles.
  std::string files;
  for (const std::string& f : python) files += " '" + f + "'";
  ProcessResult compiled = runProcess("python3 -m py_compile" + files);
  EXPECT_EQ(compiled.exitCode, 0) << compiled.err;
  // A rebuild is up to date: the plugin's files are owned, not stale.
  ProcessResult again = locusc("build . --generators sql,fastapi --check --color never");
  EXPECT_EQ(again.exitCode, 0) << again.out << again.err;
}

} // namespace
} // namespace locus::test
