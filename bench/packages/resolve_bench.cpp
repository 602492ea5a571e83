// Resolver benchmark: a synthetic registry of 1,000 packages x 20 versions (each depends on three
// later packages by caret range; some version lines cannot be satisfied, so the solver must
// backtrack), resolved from 50 root requirements. Prints the medians of 15 runs: the thread's CPU
// time (steady on a shared, loaded host) and the wall-clock time.
// Usage: locus_resolve_bench [packages] [versions]
#include "hooks/resolver/resolver.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <time.h>

using namespace locus;

int main(int argc, char** argv) {
  int packages = argc > 1 ? std::atoi(argv[1]) : 1000;
  int versions = argc > 2 ? std::atoi(argv[2]) : 20;
  std::mt19937 rng(42);
  std::map<std::string, std::vector<resolver::Candidate>> registry;
  auto name = [](int i) { return "p" + std::to_string(i); };
  // As in real registries, a package keeps its dependencies across versions: the 1.x line asks
  // for ^1 of its targets, the 2.x line for ^2, except that in one package in eight the 2.x line
  // asks for a ^3 nobody has, so the solver must learn to fall back to 1.x there.
  for (int p = 0; p < packages; ++p) {
    std::vector<int> targets;
    for (int d = 0; d < 3 && p + 1 < packages; ++d)
      targets.push_back(p + 1 + static_cast<int>(rng() % std::min(50, packages - p - 1)));
    bool broken2x = rng() % 8 == 0;
    for (int v = 0; v < versions; ++v) {
      resolver::Candidate c;
      int major = 1 + v / 10;
      c.version =
          *semver::parseVersion(std::to_string(major) + "." + std::to_string(v % 10) + ".0");
      for (int t : targets)
        c.dependencies.push_back(
            {name(t), "^" + std::to_string(major == 2 && broken2x ? 3 : major) + ".0.0", false});
      registry[name(p)].push_back(std::move(c));
    }
  }
  resolver::Request request;
  for (int i = 0; i < 50 && i < packages; ++i)
    request.requirements.push_back({name(i), "*", false});
  request.source = [&](const std::string& n) -> const std::vector<resolver::Candidate>* {
    auto it = registry.find(n);
    return it == registry.end() ? nullptr : &it->second;
  };
  auto cpuMs = [] {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
  };
  std::vector<double> ms, cpu;
  resolver::Resolution last;
  for (int run = 0; run < 15; ++run) {
    auto start = std::chrono::steady_clock::now();
    double cpuStart = cpuMs();
    last = resolver::resolve(request);
    cpu.push_back(cpuMs() - cpuStart);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("resolve %d packages x %d versions: %s, %zu selected, %zu decisions, %zu conflicts; "
              "median CPU %.2f ms (min %.2f, max %.2f), median wall %.2f ms\n",
              packages, versions, last.ok ? "solved" : "no solution", last.selected.size(),
              last.decisions, last.conflicts, cpu[cpu.size() / 2], cpu.front(), cpu.back(),
              ms[ms.size() / 2]);
  return last.ok ? 0 : 1;
}
