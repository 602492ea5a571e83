// The progress line of `locus run` on a terminal: steps done, the current step and the elapsed
// time, redrawn in place at most 10 times a second on stderr. Only for a terminal (the caller
// checks isatty, --no-progress, --quiet, CI, TERM=dumb); pipes and logs never see control
// characters. Short runs print nothing: the line appears after `delayMs`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace locus::rt {

struct ProgressState {
  std::string workflow;
  size_t stepsDone = 0;
  size_t retries = 0;
  std::string currentStep; // "" between steps
  int64_t elapsedMs = 0;
};

// One line, without control characters, cut to `width` columns (UTF-8 aware: the cut never
// splits a character), e.g. "Transfer · 3 steps done · Transfer/db_tx#0/run#1 · 12.3s".
std::string renderProgress(const ProgressState& s, size_t width);

// Whether a progress line may be drawn: stderr is a terminal, TERM is not "dumb", no CI.
bool progressWanted();

class ProgressDisplay {
public:
  ProgressDisplay(std::string workflow, FILE* out, int64_t delayMs = 300);
  ~ProgressDisplay(); // clears the line
  ProgressDisplay(const ProgressDisplay&) = delete;

  void stepStarted(const std::string& step);
  void stepEnded(const std::string& outcome); // a trace event's outcome
  // Prints a permanent line above the progress line (a retry or a failure).
  void note(const std::string& line);

private:
  void drawLoop();
  void drawLocked();
  void clearLocked();

  FILE* out_;
  int64_t delayMs_;
  std::mutex mutex_;
  std::condition_variable cv_;
  ProgressState state_;
  int64_t startMs_;
  bool drawn_ = false;
  bool stop_ = false;
  std::thread thread_;
};

} // namespace locus::rt
