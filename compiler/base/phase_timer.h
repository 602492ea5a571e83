// LOCUS_TIMING=1 prints the wall time of each phase to stderr, and the process's resident memory
// after it (for profiling, not a contract).
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace locus {

// Resident set size in MB (0 when /proc is not there).
inline long residentMegabytes() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return resident * 4096 / (1 << 20);
}

struct PhaseTimer {
  bool on = std::getenv("LOCUS_TIMING") != nullptr;
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
  void lap(const char* phase) {
    if (!on) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "[timing] %-8s %8.2f ms (resident %ld MB)\n", phase,
                 std::chrono::duration<double, std::milli>(now - last).count(),
                 residentMegabytes());
    last = now;
  }
};

} // namespace locus
