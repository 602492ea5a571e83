#include "runtime/engine/progress_display.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <sys/ioctl.h>
#include <unistd.h>

namespace locus::rt {

namespace {

int64_t steadyMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

// Columns of `text` up to byte `end` (one per UTF-8 character).
size_t columns(const std::string& text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string cutToColumns(const std::string& text, size_t width) {
  if (columns(text) <= width) return text;
  size_t n = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (n + 1 >= width) break; // keep a column for the ellipsis
      ++n;
    }
  }
  return text.substr(0, i) + "…";
}

size_t terminalWidth(FILE* out) {
  winsize w{};
  if (ioctl(fileno(out), TIOCGWINSZ, &w) == 0 && w.ws_col > 0) return w.ws_col;
  return 80;
}

} // namespace

std::string renderProgress(const ProgressState& s, size_t width) {
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1fs", static_cast<double>(s.elapsedMs) / 1000.0);
  std::string line = s.workflow + " · " + std::to_string(s.stepsDone) +
                     (s.stepsDone == 1 ? " step done" : " steps done");
  if (s.retries)
    line += " · " + std::to_string(s.retries) + (s.retries == 1 ? " retry" : " retries");
  if (!s.currentStep.empty()) line += " · " + s.currentStep;
  line += " · " + std::string(elapsed);
  for (char& c : line)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?'; // step IDs come from user text
  return cutToColumns(line, width == 0 ? 1 : width);
}

bool progressWanted() {
  if (!isatty(STDERR_FILENO)) return false;
  const char* term = std::getenv("TERM");
  if (term && !std::strcmp(term, "dumb")) return false;
  const char* ci = std::getenv("CI");
  return !(ci && *ci && std::strcmp(ci, "false") && std::strcmp(ci, "0"));
}

ProgressDisplay::ProgressDisplay(std::string workflow, FILE* out, int64_t delayMs)
    : out_(out), delayMs_(delayMs), startMs_(steadyMs()) {
  state_.workflow = std::move(workflow);
  thread_ = std::thread([this] { drawLoop(); });
}

ProgressDisplay::~ProgressDisplay() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    clearLocked();
  }
  cv_.notify_all();
  thread_.join();
}

void ProgressDisplay::stepStarted(const std::string& step) {
  std::lock_guard lock(mutex_);
  state_.currentStep = step;
}

void ProgressDisplay::stepEnded(const std::string& outcome) {
  std::lock_guard lock(mutex_);
  if (outcome == "completed") ++state_.stepsDone;
  if (outcome == "retrying") ++state_.retries;
}

void ProgressDisplay::note(const std::string& line) {
  std::lock_guard lock(mutex_);
  clearLocked();
  std::fprintf(out_, "%s\n", line.c_str());
  if (drawn_) drawLocked();
}

// Redraws every 100 ms (at most 10 times a second), after the initial delay.
void ProgressDisplay::drawLoop() {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, std::chrono::milliseconds(delayMs_), [&] { return stop_; });
  while (!stop_) {
    drawLocked();
    cv_.wait_for(lock, std::chrono::milliseconds(100), [&] { return stop_; });
  }
}

void ProgressDisplay::drawLocked() {
  state_.elapsedMs = steadyMs() - startMs_;
  std::string line = renderProgress(state_, terminalWidth(out_) - 1);
  std::fprintf(out_, "\r\x1b[2K%s", line.c_str());
  std::fflush(out_);
  drawn_ = true;
}

void ProgressDisplay::clearLocked() {
  if (!drawn_) return;
  std::fprintf(out_, "\r\x1b[2K");
  std::fflush(out_);
}

} // namespace locus::rt
