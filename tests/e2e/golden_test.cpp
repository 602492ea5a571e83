// File tests, as Carbon's: an input beside its expected output, compared with what the real
// locusc prints. A `fail_` name must fail (exit status 1), any other must pass (0).
//   tests/golden/check/NAME.locus     → NAME.expected: `# exit: N`, then `locusc check` stderr
//   tests/golden/ir/NAME.locus        → NAME.ir.json: `locusc ir` stdout
//   tests/golden/generate/APP/        → APP/GENERATOR.expected per generator: every file it wrote
//                                       (`locusc build`), grouped by BUILD_MANIFEST.json
// `tests/golden/update.sh [BUILD_DIR]` rewrites the expectations after an intended change;
// review the diff like code.
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/run_process.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <unistd.h>

namespace locus::test {
namespace {

namespace fs = std::filesystem;
const fs::path kGoldenDir = fs::path(LOCUS_SOURCE_DIR) / "tests" / "golden";
const std::string kLocusc = LOCUSC_PATH;

bool expectedToFail(const std::string& name) {
  return name.rfind("fail_", 0) == 0;
}

// The names of `kind`'s cases: NAME.locus files, or the folders of generate/.
std::vector<std::string> casesOf(const std::string& kind) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kGoldenDir / kind)) {
    if (kind == "generate" ? entry.is_directory() : entry.path().extension() == ".locus")
      names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string testName(const testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  for (char& c : n)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

const char* kUpdateHint = "; run tests/golden/update.sh if the change is intended";

class GoldenCheck : public testing::TestWithParam<std::string> {};

TEST_P(GoldenCheck, MatchesExpectedDiagnostics) {
  const std::string name = GetParam();
  ProcessResult r = runProcess(kLocusc + " check --color=never " + name + ".locus",
                               (kGoldenDir / "check").string());
  EXPECT_EQ(r.exitCode, expectedToFail(name) ? 1 : 0) << name << ": " << r.err;
  std::string actual = "# exit: " + std::to_string(r.exitCode) + "\n" + r.err;
  EXPECT_EQ(actual, slurp(kGoldenDir / "check" / (name + ".expected")))
      << "check/" << name << ".locus" << kUpdateHint;
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenCheck, testing::ValuesIn(casesOf("check")), testName);

class GoldenIr : public testing::TestWithParam<std::string> {};

TEST_P(GoldenIr, MatchesExpectedIr) {
  const std::string name = GetParam();
  ProcessResult r = runProcess(kLocusc + " ir " + name + ".locus", (kGoldenDir / "ir").string());
  EXPECT_EQ(r.exitCode, expectedToFail(name) ? 1 : 0) << name << ": " << r.err;
  EXPECT_EQ(r.out, slurp(kGoldenDir / "ir" / (name + ".ir.json")))
      << "ir/" << name << ".locus" << kUpdateHint;
}

INSTANTIATE_TEST_SUITE_P(Files, GoldenIr, testing::ValuesIn(casesOf("ir")), testName);

// Every file of one generator, in path order: "=== PATH (N bytes) ===", the content, a newline.
std::map<std::string, std::string> filesByGenerator(const fs::path& output) {
  nlohmann::json manifest = nlohmann::json::parse(slurp(output / "BUILD_MANIFEST.json"));
  std::map<std::string, std::map<std::string, std::string>> grouped;
  for (const nlohmann::json& file : manifest["files"]) {
    std::string path = file["path"], generator = file["generator"];
    if (!generator.empty()) grouped[generator][path] = slurp(output / path);
  }
  std::map<std::string, std::string> out;
  for (const auto& [generator, files] : grouped)
    for (const auto& [path, content] : files)
      out[generator] +=
          "=== " + path + " (" + std::to_string(content.size()) + " bytes) ===\n" + content + "\n";
  return out;
}

class GoldenGenerate : public testing::TestWithParam<std::string> {};

TEST_P(GoldenGenerate, EveryGeneratorMatchesItsGolden) {
  const std::string app = GetParam();
  const fs::path input = kGoldenDir / "generate" / app;
  // A copy of the app: a build writes its record under the project's .locus/.
  const fs::path work =
      fs::temp_directory_path() / ("locus-golden-" + app + "-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work / "app");
  fs::copy_file(input / "app.locus", work / "app" / "app.locus");
  ProcessResult r = runProcess(kLocusc + " build --quiet --color=never app -o out", work.string());
  ASSERT_EQ(r.exitCode, 0) << r.err;
  std::map<std::string, std::string> actual = filesByGenerator(work / "out");
  fs::remove_all(work);
  std::vector<std::string> expectedGenerators;
  for (const auto& entry : fs::directory_iterator(input))
    if (entry.path().extension() == ".expected")
      expectedGenerators.push_back(entry.path().stem().string());
  std::sort(expectedGenerators.begin(), expectedGenerators.end());
  std::vector<std::string> actualGenerators;
  for (const auto& [generator, text] : actual) actualGenerators.push_back(generator);
  EXPECT_EQ(actualGenerators, expectedGenerators) << app << kUpdateHint;
  for (const auto& [generator, text] : actual)
    EXPECT_EQ(text, slurp(input / (generator + ".expected")))
        << "generate/" << app << ": generator " << generator << kUpdateHint;
}

INSTANTIATE_TEST_SUITE_P(Apps, GoldenGenerate, testing::ValuesIn(casesOf("generate")), testName);

} // namespace
} // namespace locus::test
