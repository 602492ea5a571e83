// LOCUS_TIMING=1 prints the wall time of each phase to stderr (for profiling, not a contract).
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace locus {

struct PhaseTimer {
  bool on = std::getenv("LOCUS_TIMING") != nullptr;
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
  void lap(const char* phase) {
    if (!on) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "[timing] %-8s %8.2f ms\n", phase,
                 std::chrono::duration<double, std::milli>(now - last).count());
    last = now;
  }
};

} // namespace locus
