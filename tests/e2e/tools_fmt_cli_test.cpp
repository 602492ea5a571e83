// `locusc fmt` as a user runs it: rewriting files in place, `--check` listing what it would change
// (exit 1) and changing nothing, standard input, files with lexical errors left alone.
// Cost: ~50 ms (a few locusc runs).
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using locus::test::runProcess;

std::string readAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeAll(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

class FmtCli : public ::testing::Test {
protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("locus-fmt-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir / "sub");
    writeAll(dir / "messy.locus", "database{\nentity  User{ name :String }}\n");
    writeAll(dir / "sub" / "tidy.locus", "action ping() {\n  return 1\n}\n");
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string locusc(const std::string& args) { return std::string(LOCUSC_PATH) + " " + args; }
  fs::path dir;
};

TEST_F(FmtCli, CheckListsFilesItWouldChangeAndExitsOne) {
  auto r = runProcess(locusc("fmt --check ."), dir.string());
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.out.find("messy.locus"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("tidy.locus"), std::string::npos) << r.out;
  EXPECT_EQ(readAll(dir / "messy.locus"), "database{\nentity  User{ name :String }}\n");
}

TEST_F(FmtCli, RewritesInPlaceThenCheckPasses) {
  auto r = runProcess(locusc("fmt"), dir.string());
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(readAll(dir / "messy.locus"), "database {\n  entity User { name : String }\n}\n");
  EXPECT_EQ(runProcess(locusc("fmt --check"), dir.string()).exitCode, 0);
}

TEST_F(FmtCli, FormatsStandardInput) {
  auto r = runProcess("printf 'action a(){return 1}' | " + locusc("fmt -"));
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "action a() { return 1 }\n");
}

TEST_F(FmtCli, LeavesFilesWithLexicalErrorsAlone) {
  writeAll(dir / "broken.locus", "action a() {\n  return \"open\n}\n");
  auto r = runProcess(locusc("fmt broken.locus --color=never"), dir.string());
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("broken.locus:2"), std::string::npos) << r.err;
  EXPECT_EQ(readAll(dir / "broken.locus"), "action a() {\n  return \"open\n}\n");
}

} // namespace
