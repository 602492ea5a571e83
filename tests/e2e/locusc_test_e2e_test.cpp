// `locusc test` as users run it: the tests of examples/shop and examples/crm pass; a failing
// `expect` gives a located message and exit 1; --filter, --junit (read back with Python's XML
// parser), --coverage (names a branch that never ran) and --format json. About 2 s in all.
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace locus::test {
namespace {

namespace fs = std::filesystem;
const std::string kLocusc = LOCUSC_PATH;
const std::string kExamples = std::string(LOCUS_SOURCE_DIR) + "/examples";

struct TempDir {
  fs::path dir;
  TempDir() {
    char tmpl[] = "/tmp/locusc-test-e2e-XXXXXX";
    dir = mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(dir); }
};

std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// examples/shop copied, with one more test file whose second `expect` fails.
const char* kFailingTest = R"(test "a transfer that is checked wrongly" {
  given {
    create(Customer, { name: "Ann", email: "ann@example.com" })
    create(Customer, { name: "Bob", email: "bob@example.com" })
    create(Account, { ownerId: 1, balanceCents: 100 })
    create(Account, { ownerId: 2, balanceCents: 0 })
  }
  run Transfer(from: 1, to: 2, amountCents: 30)
  expect status == "completed"
  expect findOne(Account, where: { id: 2 }).balanceCents == 31
}
)";

TEST(LocuscTest, TheExamplesTestsPass) {
  for (const char* example : {"shop", "crm"}) {
    ProcessResult r = runProcess(kLocusc + " test --color=never " + kExamples + "/" + example);
    EXPECT_EQ(r.exitCode, 0) << example << ":\n" << r.err;
    EXPECT_EQ(r.err.find("FAIL"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("PASS "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" failed"), std::string::npos) << r.err;
  }
}

TEST(LocuscTest, AFailingExpectIsLocatedWithExpectedAndActual) {
  TempDir t;
  fs::copy(kExamples + "/shop", t.dir / "shop", fs::copy_options::recursive);
  std::ofstream(t.dir / "shop" / "failing.locus") << kFailingTest;
  fs::path junit = t.dir / "junit.xml";
  ProcessResult r =
      runProcess(kLocusc + " test --color=never shop --junit " + junit.string(), t.dir.string());
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("FAIL a transfer that is checked wrongly"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("shop/failing.locus:10:10: error[E1305]: test \"a transfer that is "
                       "checked wrongly\": expected 31, actual 30"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("5 passed, 1 failed"), std::string::npos) << r.err;

  // The JUnit file, read by a real XML parser.
  std::string script =
      "import json, sys, xml.etree.ElementTree as ET\n"
      "root = ET.parse(sys.argv[1]).getroot()\n"
      "suite = root.find('testsuite')\n"
      "cases = [{'name': c.get('name'), 'file': c.get('file'), 'line': c.get('line'),\n"
      "          'failure': (c.find('failure').get('message') if c.find('failure') is not None "
      "else None)} for c in suite.findall('testcase')]\n"
      "print(json.dumps({'tests': suite.get('tests'), 'failures': suite.get('failures'), "
      "'cases': cases}))\n";
  std::ofstream(t.dir / "read_junit.py") << script;
  ProcessResult parsed = runProcess("python3 read_junit.py junit.xml", t.dir.string());
  ASSERT_EQ(parsed.exitCode, 0) << parsed.err;
  nlohmann::json j = nlohmann::json::parse(parsed.out);
  EXPECT_EQ(j["tests"], "6");
  EXPECT_EQ(j["failures"], "1");
  int failures = 0;
  for (const auto& c : j["cases"]) {
    if (c["failure"].is_null()) continue;
    ++failures;
    EXPECT_EQ(c["name"], "a transfer that is checked wrongly");
    EXPECT_EQ(c["file"], "shop/failing.locus");
    EXPECT_EQ(c["line"], "1");
    EXPECT_EQ(c["failure"], "shop/failing.locus:10:10: expected 31, actual 30");
  }
  EXPECT_EQ(failures, 1);
}

TEST(LocuscTest, FilterAndJsonFormat) {
  ProcessResult r =
      runProcess(kLocusc + " test --format json --filter debit " + kExamples + "/shop");
  EXPECT_EQ(r.exitCode, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["tests"].size(), 1u) << r.out;
  EXPECT_EQ(j["tests"][0]["name"], "debit returns the new balance");
  EXPECT_EQ(j["tests"][0]["output"], 60);
  EXPECT_EQ(j["filteredOut"], 4);
  EXPECT_EQ(j["passed"], 1);
}

TEST(LocuscTest, CoverageNamesTheBranchThatNeverRan) {
  TempDir t;
  fs::path file = t.dir / "coverage.json";
  ProcessResult r =
      runProcess(kLocusc + " test --color=never " + kExamples + "/crm --coverage " + file.string());
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_NE(r.err.find("never taken: DealStageChanged/if#0/else"), std::string::npos) << r.err;
  nlohmann::json c = nlohmann::json::parse(readText(file));
  std::map<std::string, int> branches;
  for (const auto& w : c["workflows"])
    for (const auto& b : w["branches"]) branches[b["id"]] = b["hits"];
  EXPECT_EQ(branches.at("DealStageChanged/if#0/then"), 1);
  EXPECT_EQ(branches.at("DealStageChanged/if#0/else"), 0);
  EXPECT_EQ(branches.at("DealStageChanged/forEach#0[*]/try#0/catch"), 0);
  EXPECT_EQ(branches.at("LeadCaptured/try#0/catch"), 0);
  EXPECT_GT(c["totals"]["stepsHit"].get<int>(), 0);
  // WeeklyDigest has no test: its step never ran.
  for (const auto& w : c["workflows"]) {
    if (w["name"] == "WeeklyDigest") {
      EXPECT_EQ(w["stepsHit"], 0);
    }
  }
}

TEST(LocuscTest, AnUnstubbedRequestFailsTheRunWithAHint) {
  TempDir t;
  std::ofstream(t.dir / "app.locus") << R"(workflow Ping {
  steps { http_request ping { url: "https://example.com/ping" } }
}
test "ping" {
  run Ping()
  expect status == "completed"
}
)";
  ProcessResult r = runProcess(kLocusc + " test --color=never app.locus", t.dir.string());
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_NE(r.err.find("app.locus:6:10: error[E1305]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("add `stub http_request ping returns"), std::string::npos) << r.err;
}

TEST(LocuscTest, CheckingErrorsStopBeforeRunning) {
  TempDir t;
  std::ofstream(t.dir / "app.locus") << "workflow W { steps { delay 1s } }\n"
                                        "test \"t\" { run V() }\n";
  ProcessResult r = runProcess(kLocusc + " test --color=never app.locus", t.dir.string());
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("app.locus:2:16: error[E1302]"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("PASS"), std::string::npos) << r.err;
}

} // namespace
} // namespace locus::test
