// LOCUS_TIMING=1 prints the wall time of each phase to stderr, the CPU time the timing thread spent
// in it, and the process's resident memory after it (for profiling, not a contract). The thread's
// CPU time is what the phase costs the driver even while it waits on a plugin or shares a loaded
// machine; background threads (heap prefault, generator threads) are not counted in it.
#pragma once

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

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

// CPU time of the calling thread (user + system) in ms.
inline double threadCpuMilliseconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

struct PhaseTimer {
  bool on = std::getenv("LOCUS_TIMING") != nullptr;
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
  double lastCpu = on ? threadCpuMilliseconds() : 0;
  void lap(const char* phase) {
    if (!on) return;
    auto now = std::chrono::steady_clock::now();
    double cpu = threadCpuMilliseconds();
    std::fprintf(stderr, "[timing] %-8s %8.2f ms (thread cpu %.2f ms, resident %ld MB)\n", phase,
                 std::chrono::duration<double, std::milli>(now - last).count(), cpu - lastCpu,
                 residentMegabytes());
    last = now;
    lastCpu = cpu;
  }
};

} // namespace locus
