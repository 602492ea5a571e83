// `locus` command line: unknown options and commands are errors with a did-you-mean, every command
// has --help, values are validated, and --run-id is an idempotency key. Each case is one short
// `locus` process (most fail before opening a store): about 1 s in all.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace locus::test {
namespace {

using nlohmann::json;

void expectUsageError(const RuntimeProject& p, const std::string& args, const std::string& said) {
  ProcessResult r = p.locus(args);
  EXPECT_EQ(r.exitCode, 2) << args << "\n" << r.out << r.err;
  EXPECT_NE(r.err.find(said), std::string::npos) << args << "\n" << r.err;
}

TEST(RuntimeCliStrict, UnknownOptionsAreErrorsWithDidYouMean) {
  RuntimeProject p;
  // A typo of --run-id must not start a second run.
  expectUsageError(p, "run Loops --runid X --input '{\"items\":[1]}'", "--run-id");
  expectUsageError(p, "runs --workflow-name W", "Unknown command line argument");
  expectUsageError(p, "worker --concurency 4", "--concurrency");
  expectUsageError(p, "trace r1 --no-wait", "Unknown command line argument"); // not trace's option
  EXPECT_FALSE(std::filesystem::exists(p.db())); // rejected before a store was opened
}

TEST(RuntimeCliStrict, UnknownCommandNamesTheNearest) {
  RuntimeProject p;
  expectUsageError(p, "rnus", "did you mean `runs`");
  expectUsageError(p, "frobnicate", "unknown command `frobnicate`");
}

TEST(RuntimeCliStrict, EveryCommandHasHelp) {
  RuntimeProject p;
  for (const char* command :
       {"run", "resume", "runs", "trace", "approve", "signal", "worker", "serve", "messages"}) {
    ProcessResult r = p.locus(std::string(command) + " --help");
    EXPECT_EQ(r.exitCode, 0) << command << "\n" << r.err;
    EXPECT_NE(r.out.find("USAGE: locus " + std::string(command)), std::string::npos)
        << command << "\n"
        << r.out;
  }
  ProcessResult top = p.locus("--help");
  EXPECT_EQ(top.exitCode, 0);
  EXPECT_NE(top.out.find("resume"), std::string::npos) << top.out;
}

TEST(RuntimeCliStrict, ValuesAreValidated) {
  RuntimeProject p;
  expectUsageError(p, "runs --status bogus", "--status is one of");
  expectUsageError(p, "runs --limit -5", "--limit");
  expectUsageError(p, "runs --limit 0", "--limit is at least 1");
  expectUsageError(p, "runs --durability sometimes", "--durability");
  expectUsageError(p, "worker --poll-ms soon", "--poll-ms");
  expectUsageError(p, "run Loops --lease-ms -1", "--lease-ms");
  expectUsageError(p, "resume", "RUN"); // a missing positional names it
  expectUsageError(p, "approve r1", "STEP");
}

TEST(RuntimeCliStrict, RunIdIsAnIdempotencyKey) {
  RuntimeProject p;
  ASSERT_EQ(p.locus("run Loops --run-id k1 --json --input '{\"items\":[1]}'").exitCode, 0);
  ProcessResult same = p.locus("run Loops --run-id k1 --json --input '{\"items\":[1]}'");
  EXPECT_EQ(same.exitCode, 0) << same.err;
  EXPECT_EQ(json::parse(same.out)["status"], "completed");
  ProcessResult different = p.locus("run Loops --run-id k1 --input '{\"items\":[2]}'");
  EXPECT_EQ(different.exitCode, 2);
  EXPECT_NE(different.err.find("different input"), std::string::npos) << different.err;
  EXPECT_EQ(different.out, "");
  EXPECT_EQ(p.sql("SELECT count(*) FROM locus_runs"), "1");
}

} // namespace
} // namespace locus::test
