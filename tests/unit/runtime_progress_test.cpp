// The progress line of `locus run`: what it says, that it fits the terminal, and that it never
// contains control characters (it is drawn with \r and an erase sequence around it).
#include "runtime/engine/progress_display.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <thread>

namespace locus::rt {
namespace {

bool hasControl(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

TEST(RuntimeProgress, ShowsStepsDoneCurrentStepAndElapsedTime) {
  ProgressState s{"Transfer", 3, 0, "Transfer/db_tx#0/run#1", 12345};
  EXPECT_EQ(renderProgress(s, 200), "Transfer · 3 steps done · Transfer/db_tx#0/run#1 · 12.3s");
  s.stepsDone = 1;
  s.retries = 2;
  s.currentStep = "";
  EXPECT_EQ(renderProgress(s, 200), "Transfer · 1 step done · 2 retries · 12.3s");
}

TEST(RuntimeProgress, CutsToTheTerminalWidthWithoutSplittingACharacter) {
  ProgressState s{"Wörkflow", 7, 0, "Wörkflow/forEach#0[12]/ünïcode/run#0", 999};
  for (size_t width : {1u, 5u, 10u, 11u, 20u, 40u}) {
    std::string line = renderProgress(s, width);
    size_t columns = 0;
    for (unsigned char c : line) columns += (c & 0xC0) != 0x80;
    EXPECT_LE(columns, width) << line;
    EXPECT_NE(line.back(), '\xc3') << "a cut inside a UTF-8 sequence: " << line;
  }
  EXPECT_EQ(renderProgress(s, 10), "Wörkflow …");
}

TEST(RuntimeProgress, NeverContainsControlCharacters) {
  ProgressState s{"W", 1, 0, "W/evil\x1b[31m\r\nname", 0};
  std::string line = renderProgress(s, 200);
  EXPECT_FALSE(hasControl(line)) << line;
  EXPECT_NE(line.find("W/evil?[31m??name"), std::string::npos) << line;
}

TEST(RuntimeProgress, DrawsInPlaceAtMostTenTimesASecondAndClearsAtTheEnd) {
  char* buffer = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&buffer, &size);
  {
    ProgressDisplay d("W", out, 0);
    d.stepStarted("W/a");
    std::this_thread::sleep_for(std::chrono::milliseconds(550));
    d.stepEnded("completed");
  }
  std::fclose(out);
  std::string text(buffer, size);
  free(buffer);
  size_t draws = 0;
  for (size_t pos = 0; (pos = text.find("\r\x1b[2KW ·", pos)) != std::string::npos; ++pos) ++draws;
  EXPECT_GE(draws, 3u) << text;
  EXPECT_LE(draws, 7u) << text; // 550 ms at ≤10 per second
  EXPECT_NE(text.find("W/a"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 5), "\r\x1b[2K"); // the line is erased at the end
  EXPECT_EQ(text.find('\n'), std::string::npos);
}

TEST(RuntimeProgress, ShortRunsDrawNothing) {
  char* buffer = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&buffer, &size);
  { ProgressDisplay d("W", out, 300); }
  std::fclose(out);
  EXPECT_EQ(size, 0u);
  free(buffer);
}

} // namespace
} // namespace locus::rt
