// The progress line of `locus run`: drawn on a terminal (a pseudo-terminal made by util-linux
// `script`), never in pipes, with --no-progress or under CI.
#include "tests/e2e/runtime_project.h"

#include <gtest/gtest.h>

namespace locus::test {
namespace {

constexpr const char* kLong = R"(workflow Long {
  steps {
    delay 400ms
    run record("long", 1)
    delay 400ms
  }
}
)";

bool hasControlOtherThanNewline(const std::string& s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n') || c == 0x7f) return true;
  return false;
}

// `locus ARGS` with stdin, stdout and stderr on a pseudo-terminal; returns what the terminal got.
ProcessResult onTerminal(const RuntimeProject& p, const std::string& env, const std::string& args) {
  std::string command = env + " " + std::string(LOCUS_PATH) + " " + args;
  return runProcess("env -u CI TERM=xterm script -qfec '" + command + "' /dev/null", p.dir);
}

TEST(RuntimeProgress, PipedOutputHasNoControlCharacters) {
  RuntimeProject p;
  p.write("long.locus", kLong);
  ProcessResult r = p.locus("run Long --run-id piped");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_FALSE(hasControlOtherThanNewline(r.out)) << r.out;
  EXPECT_FALSE(hasControlOtherThanNewline(r.err)) << r.err;
  EXPECT_EQ(r.err.find("steps done"), std::string::npos) << r.err;
}

TEST(RuntimeProgress, ATerminalGetsALineRedrawnInPlace) {
  RuntimeProject p;
  p.write("long.locus", kLong);
  ProcessResult r = onTerminal(p, "", "run Long --run-id tty");
  ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("\r\x1b[2KLong · "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("steps done"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Long/delay#"), std::string::npos) << r.out; // the current step
  // The line is erased before the outcome is printed.
  size_t outcome = r.out.find("run tty completed");
  ASSERT_NE(outcome, std::string::npos) << r.out;
  EXPECT_EQ(r.out.rfind("\x1b[2K", outcome), outcome - 4) << r.out;
}

TEST(RuntimeProgress, NoProgressAndCiTurnItOff) {
  RuntimeProject p;
  p.write("long.locus", kLong);
  ProcessResult off = onTerminal(p, "", "run Long --run-id off --no-progress");
  ASSERT_EQ(off.exitCode, 0) << off.out;
  EXPECT_EQ(off.out.find("\x1b[2K"), std::string::npos) << off.out;
  EXPECT_NE(off.out.find("ok     Long/delay#0"), std::string::npos) << off.out; // per-step lines
  ProcessResult ci = onTerminal(p, "CI=true", "run Long --run-id ci");
  ASSERT_EQ(ci.exitCode, 0) << ci.out;
  EXPECT_EQ(ci.out.find("\x1b[2K"), std::string::npos) << ci.out;
}

} // namespace
} // namespace locus::test
