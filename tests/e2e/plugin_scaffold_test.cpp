// `locusc plugin new NAME --lang cpp`: the scaffold is built with g++ exactly as its README says,
// passes its own fixture through `locusc plugin test DIR` (real sandbox), and works in a real
// `locusc check` of a project. (python and node scaffolds: plugin_compiler_build_test.)
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace locus::test {
namespace {

namespace fs = std::filesystem;

const std::string kLocusc = LOCUSC_PATH;

// The README's build command: the `…` span that runs g++.
std::string buildCommandOf(const std::string& readme) {
  std::size_t gxx = readme.find("g++");
  if (gxx == std::string::npos) return "";
  std::size_t open = readme.rfind('`', gxx);
  std::size_t close = readme.find('`', gxx);
  if (open == std::string::npos || close == std::string::npos) return "";
  return readme.substr(open + 1, close - open - 1);
}

class PluginScaffoldE2E : public FolderTest {
protected:
  PluginScaffoldE2E() : FolderTest("scaffold") {}
};

TEST_F(PluginScaffoldE2E, CppPluginBuildsAsItsReadmeSaysAndPassesItsTest) {
  ProcessResult made = runProcess(kLocusc + " plugin new demo-cpp --lang cpp", dir_.string());
  ASSERT_EQ(made.exitCode, 0) << made.err;
  fs::path plugin = dir_ / "demo-cpp";
  for (const char* file : {"locus-plugin.json", "main.cpp", "locus_plugin.hpp", "README.md",
                           "CMakeLists.txt", "fixtures/onPostValidate.json"})
    EXPECT_TRUE(fs::exists(plugin / file)) << file;

  // Before it is built, the test says the sandbox could not start it.
  ProcessResult unbuilt = runProcess(kLocusc + " plugin test demo-cpp", dir_.string());
  EXPECT_EQ(unbuilt.exitCode, 1) << unbuilt.out << unbuilt.err;

  std::string command = buildCommandOf(slurp(plugin / "README.md"));
  ASSERT_NE(command.find("g++"), std::string::npos) << slurp(plugin / "README.md");
  ProcessResult built = runProcess(command, plugin.string());
  ASSERT_EQ(built.exitCode, 0) << command << "\n" << built.err;
  ASSERT_TRUE(fs::exists(plugin / "build/plugin"));

  ProcessResult tested = runProcess(kLocusc + " plugin test demo-cpp", dir_.string());
  ASSERT_EQ(tested.exitCode, 0) << tested.out << tested.err;
  EXPECT_NE(tested.out.find("entity 'Empty' has no fields"), std::string::npos) << tested.out;
  EXPECT_EQ(tested.out.find("'Full'"), std::string::npos) << tested.out;

  // The same plugin in a real project: its warning is located in the source.
  write(dir_ / "app.locus", "entity Full {\n  title: String\n}\n\nentity Empty {\n}\n");
  write(dir_ / "Locus.toml", "[plugins]\npaths = [\"demo-cpp\"]\n");
  ProcessResult checked = runProcess(kLocusc + " check . --color never", dir_.string());
  EXPECT_EQ(checked.exitCode, 0) << checked.err;
  EXPECT_NE(checked.err.find("app.locus:5:1: warning[E0903]: [plugin demo-cpp, onPostValidate] "
                             "EMPTY: entity 'Empty' has no fields"),
            std::string::npos)
      << checked.err;
}

} // namespace
} // namespace locus::test
