// `locusc build` end to end: real binary, real folders. Determinism, --check, Locus.toml,
// template overrides, and bad output locations that must leave the previous output intact.
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
const std::string kSource = LOCUS_SOURCE_DIR;

class BuildE2E : public FolderTest {
protected:
  BuildE2E() : FolderTest("build") {}
  void SetUp() override {
    FolderTest::SetUp();
    fs::copy(kSource + "/examples/shop", dir_ / "app", fs::copy_options::recursive);
  }

  ProcessResult build(const std::string& args) {
    // The tests look at the `ir` generator's output (off by default; one file, always present).
    return runProcess(kLocusc + " build " + args + " --generators ir --color never", dir_.string());
  }
};

TEST_F(BuildE2E, WritesManifestAndIsByteIdenticalAcrossLocations) {
  ProcessResult r = build("app -o out1");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "out1/BUILD_MANIFEST.json"));
  EXPECT_TRUE(fs::exists(dir_ / "out1/ir/program.json"));
  // The same project from another folder and through an absolute path gives the same bytes.
  fs::copy(dir_ / "app", dir_ / "elsewhere", fs::copy_options::recursive);
  ASSERT_EQ(build((dir_ / "elsewhere").string() + " -o out2").exitCode, 0);
  for (const char* f : {"BUILD_MANIFEST.json", "ir/program.json"})
    EXPECT_EQ(slurp(dir_ / "out1" / f), slurp(dir_ / "out2" / f)) << f;
  EXPECT_EQ(slurp(dir_ / "out1/ir/program.json").find(dir_.string()), std::string::npos)
      << "absolute paths leak into the output";
  // A fresh folder is written while generating, an existing one at the end: same manifest.
  std::string fresh = slurp(dir_ / "out1/BUILD_MANIFEST.json");
  fs::remove(dir_ / "out1/ir/program.json");
  ASSERT_EQ(build("app -o out1").exitCode, 0);
  EXPECT_EQ(slurp(dir_ / "out1/BUILD_MANIFEST.json"), fresh);
  EXPECT_TRUE(fs::exists(dir_ / "out1/ir/program.json"));
}

TEST_F(BuildE2E, DefaultOutputIsGeneratedInsideTheProject) {
  ASSERT_EQ(build("app").exitCode, 0);
  EXPECT_TRUE(fs::exists(dir_ / "app/generated/BUILD_MANIFEST.json"));
  // The generated folder is not read back as sources on the next build.
  ProcessResult again = build("app");
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_NE(again.err.find("up to date"), std::string::npos) << again.err;
}

TEST_F(BuildE2E, CheckReportsStaleFilesAndExitsOne) {
  ProcessResult r = build("app -o out --check");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.out.find("missing: ir/program.json"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "out")) << "--check must not write";
  ASSERT_EQ(build("app -o out").exitCode, 0);
  EXPECT_EQ(build("app -o out --check").exitCode, 0);
  std::ofstream(dir_ / "out/ir/program.json", std::ios::app) << " ";
  r = build("app -o out --check");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.out.find("differs: ir/program.json"), std::string::npos) << r.out;
}

TEST_F(BuildE2E, LocusTomlChoosesOutputAndGenerators) {
  std::ofstream(dir_ / "app/Locus.toml") << "[build]\noutput = \"dist\"\ngenerators = [\"ir\"]\n";
  ASSERT_EQ(runProcess(kLocusc + " build app", dir_.string()).exitCode, 0);
  EXPECT_TRUE(fs::exists(dir_ / "app/dist/ir/program.json"));
  std::ofstream(dir_ / "app/Locus.toml") << "[build]\ngenerators = [\"irr\"]\n";
  ProcessResult r = runProcess(kLocusc + " build app --color never", dir_.string());
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("E0805"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown generator 'irr'"), std::string::npos) << r.err;
}

TEST_F(BuildE2E, BrokenLocusTomlIsALocatedError) {
  std::ofstream(dir_ / "app/Locus.toml") << "[app]\nname = 3\n";
  ProcessResult r = build("app");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("Locus.toml:2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("E0806"), std::string::npos) << r.err;
}

TEST_F(BuildE2E, SourceErrorsWriteNothing) {
  std::ofstream(dir_ / "app/broken.locus") << "entity Broken { name: Strin }\n";
  ProcessResult r = build("app -o out");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(BuildE2E, OutputThatIsAFileOrForeignFolderIsRefused) {
  std::ofstream(dir_ / "file") << "x";
  ProcessResult r = build("app -o file");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("E0804"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(dir_ / "file"), "x");
  r = build("app -o app"); // the sources folder itself
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("refusing"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "app/database.locus"));
}

TEST_F(BuildE2E, DiskFullMidWriteKeepsThePreviousOutput) {
  ASSERT_EQ(build("app -o out").exitCode, 0);
  std::string before = slurp(dir_ / "out/ir/program.json");
  std::ofstream(dir_ / "app/extra.locus") << "entity Extra { name: String }\n";
  // A 16 KiB file-size limit makes writing the (larger) IR fail like a full disk.
  ProcessResult r =
      runProcess("ulimit -f 16; " + kLocusc + " build app -o out --generators ir --color never",
                 dir_.string());
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("E0804"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("previous output is unchanged"), std::string::npos) << r.err;
  EXPECT_TRUE(slurp(dir_ / "out/ir/program.json") == before) << "previous output changed";
  EXPECT_FALSE(fs::exists(dir_ / ".out.locus-staging"));
  EXPECT_EQ(build("app -o out").exitCode, 0); // and the next normal build works
}

// A fresh build writes its files while the generators still run (generators/output/
// early_output.h); when it then fails (a full disk, a broken template in a later generator),
// neither the output folder nor the staging folder may remain.
TEST_F(BuildE2E, AFailedFreshBuildLeavesNothingBehind) {
  ProcessResult r =
      runProcess("ulimit -f 16; " + kLocusc + " build app -o out --generators sql,ir --color never",
                 dir_.string());
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("E0804"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  EXPECT_FALSE(fs::exists(dir_ / ".out.locus-staging"));

  fs::create_directories(dir_ / "app/templates/prisma");
  std::ofstream(dir_ / "app/templates/prisma/schema.mustache") << "{{#open}} never closed";
  // prisma fails; sql and ir have been written to the staging folder by then.
  r = runProcess(kLocusc + " build app -o out --generators sql,prisma,ir --color never",
                 dir_.string());
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("E0803"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  EXPECT_FALSE(fs::exists(dir_ / ".out.locus-staging"));
}

TEST_F(BuildE2E, TemplateOverridesApplyAndABrokenOneKeepsThePreviousOutput) {
  std::string cmd = kLocusc + " build app -o out --generators prisma --color never";
  ASSERT_EQ(runProcess(cmd, dir_.string()).exitCode, 0);
  std::string before = slurp(dir_ / "out/prisma/schema.prisma");
  ASSERT_NE(before.find("model Customer"), std::string::npos) << before;
  fs::create_directories(dir_ / "app/templates/prisma");
  std::ofstream(dir_ / "app/templates/prisma/schema.mustache") << "{{#open}} never closed";
  ProcessResult r = runProcess(cmd, dir_.string());
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("E0803"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("templates/prisma/schema.mustache"), std::string::npos) << r.err;
  EXPECT_TRUE(slurp(dir_ / "out/prisma/schema.prisma") == before) << "previous output changed";
  std::ofstream(dir_ / "app/templates/prisma/schema.mustache") << "// overridden by the project\n";
  r = runProcess(cmd, dir_.string());
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(slurp(dir_ / "out/prisma/schema.prisma"), "// overridden by the project\n");
}

// The sql generator's migrations are what the runtime applies to its store: build, run a
// workflow that moves money inside db_tx, and read the balances back.
TEST_F(BuildE2E, RuntimeAppliesTheGeneratedMigrationsAndRunsAWorkflow) {
  ASSERT_EQ(runProcess(kLocusc + " build -q app --generators sql", dir_.string()).exitCode, 0);
  std::string locus = std::string(LOCUS_PATH) + " ";
  std::string input = " --project app --input '{\"from\": 1, \"to\": 2, \"amountCents\": 5}'";
  ProcessResult first = runProcess(locus + "run Transfer" + input, dir_.string());
  EXPECT_NE((first.out + first.err).find("applied migration 0001_init.sql"), std::string::npos)
      << first.out << first.err;
  EXPECT_EQ(first.exitCode, 1) << "no accounts yet: the run must fail";
  ProcessResult seed = runProcess(
      "sqlite3 app/.locus/state.db \"INSERT INTO customers(name, email) VALUES ('a', 'a@x.io'), "
      "('b', 'b@x.io'); INSERT INTO accounts(owner_id, balance_cents) VALUES (1, 100), (2, 0);\"",
      dir_.string());
  ASSERT_EQ(seed.exitCode, 0) << seed.err;
  ProcessResult run = runProcess(locus + "run Transfer" + input, dir_.string());
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  ProcessResult balances =
      runProcess("sqlite3 app/.locus/state.db 'SELECT balance_cents FROM accounts ORDER BY id'",
                 dir_.string());
  EXPECT_EQ(balances.out, "95\n5\n");
}

TEST_F(BuildE2E, OutputBelowAFileIsAClearError) {
  std::ofstream(dir_ / "plain") << "x";
  ProcessResult r = build("app -o plain/out");
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("E0804"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Not a directory"), std::string::npos) << r.err;
}

TEST_F(BuildE2E, UnwritableParentKeepsThePreviousOutput) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
  ASSERT_EQ(build("app -o sub/out").exitCode, 0);
  fs::permissions(dir_ / "sub", fs::perms::owner_read | fs::perms::owner_exec);
  std::ofstream(dir_ / "app/extra.locus") << "entity Extra { name: String }\n";
  ProcessResult r = build("app -o sub/out");
  fs::permissions(dir_ / "sub", fs::perms::owner_all);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("E0804"), std::string::npos) << r.err;
}

} // namespace
} // namespace locus::test
