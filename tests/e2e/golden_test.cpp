// Golden-file tests: each tests/golden/NAME.locus is checked with the real locusc and its
// output compared with NAME.expected (first line `# exit: N`, then stderr as printed with
// --color=never). `tests/golden/update.sh BUILD_DIR` regenerates the expectations after an
// intended change; review the diff like code.
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace locus::test {
namespace {

namespace fs = std::filesystem;
const fs::path kGoldenDir = fs::path(LOCUS_SOURCE_DIR) / "tests" / "golden";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Golden : public testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpectedDiagnostics) {
  std::string name = GetParam();
  ProcessResult r = runProcess(std::string(LOCUSC_PATH) + " check --color=never " + name + ".locus",
                               kGoldenDir.string());
  std::string actual = "# exit: " + std::to_string(r.exitCode) + "\n" + r.err;
  std::string expected = slurp(kGoldenDir / (name + ".expected"));
  EXPECT_EQ(actual, expected) << "golden mismatch for " << name
                              << ".locus; run tests/golden/update.sh if the change is intended";
}

std::vector<std::string> goldenNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kGoldenDir))
    if (entry.path().extension() == ".locus") names.push_back(entry.path().stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Files, Golden, testing::ValuesIn(goldenNames()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

} // namespace
} // namespace locus::test
