// The no-change rebuild (compiler/driver/build_cache.h) with the real binary: a second build of
// an unchanged project stops before the front end, and every kind of change — a source edit, a
// new source file, Locus.toml, a template override, an edited or deleted output file, other
// options, a damaged record — makes it build again. Also: both mustache engines give the same
// output for a whole example application.
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

namespace locus::test {
namespace {

namespace fs = std::filesystem;

const std::string kLocusc = LOCUSC_PATH;
const std::string kSource = LOCUS_SOURCE_DIR;

class RebuildE2E : public FolderTest {
protected:
  RebuildE2E() : FolderTest("rebuild") {}
  void SetUp() override {
    FolderTest::SetUp();
    fs::copy(kSource + "/examples/crm", dir_ / "app", fs::copy_options::recursive);
    fs::remove_all(dir_ / "app/generated");
    fs::remove_all(dir_ / "app/.locus");
  }

  // One build with phase timing; `skipped` tells whether it stopped before the front end.
  ProcessResult build(const std::string& args = "", const std::string& env = "") {
    return runProcess(env + " LOCUS_TIMING=1 " + kLocusc + " build app " + args + " --color never",
                      dir_.string());
  }
  static bool skipped(const ProcessResult& r) {
    return r.err.find("[timing] up-to-date") != std::string::npos &&
           r.err.find("[timing] parse") == std::string::npos;
  }
  void expectRebuilt(const std::string& why, const std::string& args = "") {
    ProcessResult r = build(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_FALSE(skipped(r)) << why << "\n" << r.err;
    ProcessResult again = build(args);
    EXPECT_TRUE(skipped(again)) << "after " << why << "\n" << again.err;
  }
};

TEST_F(RebuildE2E, UnchangedProjectSkipsThePipeline) {
  ProcessResult first = build();
  ASSERT_EQ(first.exitCode, 0) << first.err;
  ASSERT_EQ(first.err.find("warning"), std::string::npos) << "the example must be clean";
  EXPECT_FALSE(skipped(first));
  ProcessResult second = build();
  EXPECT_EQ(second.exitCode, 0) << second.err;
  EXPECT_TRUE(skipped(second)) << second.err;
  EXPECT_NE(second.err.find("up to date"), std::string::npos) << second.err;
  // Touching a file without changing it is no change (the record holds content digests).
  fs::last_write_time(dir_ / "app/theme.locus", fs::file_time_type::clock::now());
  EXPECT_TRUE(skipped(build()));
}

TEST_F(RebuildE2E, EveryInputChangeRebuilds) {
  ASSERT_EQ(build().exitCode, 0);
  std::ofstream(dir_ / "app/theme.locus", std::ios::app) << "\n// a comment\n";
  expectRebuilt("a source edit");
  std::ofstream(dir_ / "app/extra.locus")
      << "database {\n  entity Memo {\n    text: String\n  }\n}\n";
  expectRebuilt("a new source file");
  EXPECT_NE(slurp(dir_ / "app/generated/db/sqlite/schema.sql").find("memos"), std::string::npos);
  fs::create_directories(dir_ / "app/templates/express");
  std::ofstream(dir_ / "app/templates/express/tsconfig.json.mustache") << "{}\n";
  expectRebuilt("a template override");
  EXPECT_EQ(slurp(dir_ / "app/generated/server/tsconfig.json"), "{}\n");
  std::ofstream(dir_ / "app/Locus.toml") << "[app]\nname = \"crm\"\n";
  expectRebuilt("a new Locus.toml");
  std::ofstream(dir_ / "app/Locus.toml", std::ios::app) << "# a comment\n";
  expectRebuilt("an edited Locus.toml");
  expectRebuilt("other options", "--generators sql");
}

TEST_F(RebuildE2E, EditedOrDeletedOutputIsRestored) {
  ASSERT_EQ(build().exitCode, 0);
  const fs::path schema = dir_ / "app/generated/db/sqlite/schema.sql";
  const std::string original = slurp(schema);
  std::ofstream(schema, std::ios::app) << "-- edited by hand\n";
  expectRebuilt("an edited output file");
  EXPECT_EQ(slurp(schema), original);
  fs::remove(schema);
  expectRebuilt("a deleted output file");
  EXPECT_EQ(slurp(schema), original);
}

TEST_F(RebuildE2E, DamagedRecordIsIgnored) {
  ASSERT_EQ(build().exitCode, 0);
  size_t records = 0;
  for (const auto& f : fs::directory_iterator(dir_ / "app/.locus/cache")) {
    std::ofstream(f.path(), std::ios::trunc) << "{not json";
    ++records;
  }
  EXPECT_EQ(records, 1u);
  expectRebuilt("a damaged record");
}

// Without its timing lines, what a build printed.
std::string withoutTiming(const std::string& err) {
  std::string out;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("[timing]", 0) != 0) out += line + "\n";
  return out;
}

TEST_F(RebuildE2E, WarningsArePrintedAgainWhenTheBuildIsSkipped) {
  std::ofstream(dir_ / "app/extra.locus")
      << "workflow Idle {\n  trigger { on:queue(idle) }\n  steps {\n    delay { }\n  }\n}\n";
  ProcessResult first = build();
  ASSERT_EQ(first.exitCode, 0) << first.err;
  ASSERT_NE(first.err.find("warning[W0519]"), std::string::npos) << first.err;
  ProcessResult second = build();
  EXPECT_TRUE(skipped(second)) << second.err;
  const std::string firstOut = withoutTiming(first.err), secondOut = withoutTiming(second.err);
  EXPECT_EQ(firstOut.substr(0, firstOut.find("locusc:")),
            secondOut.substr(0, secondOut.find("locusc:")))
      << "the skipped build must print the same warnings";
  // Other rendering options are another record: JSON diagnostics are not replayed as text.
  ProcessResult json = build("--format json");
  EXPECT_FALSE(skipped(json)) << json.err;
  EXPECT_NE(json.out.find("W0519"), std::string::npos) << json.out;
}

TEST_F(RebuildE2E, BothMustacheEnginesWriteTheSameApplication) {
  ASSERT_EQ(build("-o fast").exitCode, 0);
  ProcessResult reference = build("-o reference", "LOCUS_MUSTACHE=kainjow");
  ASSERT_EQ(reference.exitCode, 0) << reference.err;
  size_t files = 0;
  for (const auto& f : fs::recursive_directory_iterator(dir_ / "fast")) {
    if (!f.is_regular_file()) continue;
    fs::path rel = fs::relative(f.path(), dir_ / "fast");
    EXPECT_EQ(slurp(f.path()), slurp(dir_ / "reference" / rel)) << rel;
    ++files;
  }
  EXPECT_GT(files, 30u);
}

} // namespace
} // namespace locus::test
