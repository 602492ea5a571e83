// locusc as users run it: exit statuses, output formats, commands.
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace locus::test {
namespace {

namespace fs = std::filesystem;
const std::string kLocusc = LOCUSC_PATH;
const std::string kExample = std::string(LOCUS_SOURCE_DIR) + "/examples/shop";

// A temporary directory with files, removed at the end of the test.
struct TempProject {
  fs::path dir;
  TempProject() {
    char tmpl[] = "/tmp/locus-proj-XXXXXX";
    dir = mkdtemp(tmpl);
  }
  ~TempProject() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) {
    fs::path p = dir / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

ProcessResult locusc(const std::string& args) {
  return runProcess(kLocusc + " " + args);
}

TEST(Locusc, ExampleProjectChecksClean) {
  ProcessResult r = locusc("check --color=never " + kExample);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST(Locusc, ExitStatusOneOnErrorsTwoOnIo) {
  TempProject p;
  std::string bad = p.write("bad.locus", "database { entity A { name: } }\n");
  EXPECT_EQ(locusc("check " + bad).exitCode, 1);
  EXPECT_EQ(locusc("check " + (p.dir / "missing.locus").string()).exitCode, 2);
  EXPECT_EQ(locusc("check --format=xml " + bad).exitCode, 2);
  EXPECT_EQ(locusc("frobnicate").exitCode, 2);
}

TEST(Locusc, PrettyDiagnosticHasLocationCodeCaretAndUnderline) {
  TempProject p;
  std::string f = p.write("a.locus", "database {\n  entity A { name: Strin }\n}\n");
  ProcessResult r = runProcess(kLocusc + " check --color=never a.locus", p.dir.string());
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("a.locus:2:20: error[E0104]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("^~~~~"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("String"), std::string::npos) << "did-you-mean expected: " << r.err;
}

TEST(Locusc, JsonFormatIsMachineReadable) {
  TempProject p;
  std::string f = p.write("a.locus", "database { entity A { name String } }\n");
  ProcessResult r = locusc("check --format=json " + f);
  EXPECT_EQ(r.exitCode, 1);
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["diagnostics"].empty());
  EXPECT_EQ(j["diagnostics"][0]["code"], "E0001");
  EXPECT_EQ(j["diagnostics"][0]["line"], 1);
  EXPECT_EQ(j["summary"]["errors"], 1);
}

TEST(Locusc, SarifAndGithubFormats) {
  TempProject p;
  std::string f = p.write("a.locus", "database { entity A { name String } }\n");
  nlohmann::json sarif = nlohmann::json::parse(locusc("check --format=sarif " + f).out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  EXPECT_EQ(sarif["runs"][0]["results"][0]["ruleId"], "E0001");
  ProcessResult gh = locusc("check --format=github " + f);
  EXPECT_EQ(gh.out.rfind("::error file=", 0), 0u) << gh.out;
}

TEST(Locusc, DirectoryMergesFilesAndReportsDuplicatesAcrossFiles) {
  TempProject p;
  p.write("a.locus", "database { entity User { name: String } }\n");
  p.write("sub/b.locus", "database { entity User { email: String } }\n");
  ProcessResult r = locusc("check --color=never " + p.dir.string());
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("E0101"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("a.locus:1:19"), std::string::npos)
      << "note at the first definition: " << r.err;
}

TEST(Locusc, SingleFileFollowsImports) {
  TempProject p;
  std::string main = p.write("app.locus", "import \"model/db.locus\"\n"
                                          "workflow W { steps { run touch() } }\n");
  p.write("model/db.locus", "database { entity User { name: String } }\n"
                            "action touch() { create(User, { name: \"x\" }) }\n");
  ProcessResult ok = locusc("check " + main);
  EXPECT_EQ(ok.exitCode, 0) << ok.err;
  std::string broken = p.write("broken.locus", "import \"nope.locus\"\n");
  ProcessResult r = locusc("check --color=never " + broken);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("E0008"), std::string::npos) << r.err;
}

TEST(Locusc, AstCommandPrintsStableJson) {
  std::string file = kExample + "/workflows.locus";
  ProcessResult a = locusc("ast " + file), b = locusc("ast " + file);
  EXPECT_EQ(a.exitCode, 0) << a.err;
  EXPECT_EQ(a.out, b.out);
  nlohmann::json j = nlohmann::json::parse(a.out);
  EXPECT_EQ(j["astVersion"], 1);
  EXPECT_FALSE(j["workflows"].empty());
}

TEST(Locusc, ExplainPrintsTheRegistryEntry) {
  ProcessResult r = locusc("explain E0201");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_NE(r.out.find("relation"), std::string::npos);
  EXPECT_EQ(locusc("explain X9999").exitCode, 2);
}

TEST(Locusc, QuietHidesWarnings) {
  TempProject p;
  std::string f = p.write("a.locus", "database { entity lower { name: String (unique) } }\n");
  ProcessResult loud = locusc("check --color=never " + f);
  EXPECT_EQ(loud.exitCode, 0);
  EXPECT_NE(loud.err.find("warning"), std::string::npos) << loud.err;
  EXPECT_EQ(locusc("check -q " + f).err, "");
}

TEST(Locus, RuntimePrintsVersion) {
  ProcessResult r = runProcess(std::string(LOCUS_PATH) + " --version");
  EXPECT_EQ(r.exitCode, 0);
  EXPECT_EQ(r.out.rfind("locus ", 0), 0u);
}

} // namespace
} // namespace locus::test
