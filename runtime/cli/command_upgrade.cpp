// locus upgrade-check: can the runs in flight continue on the current program? (upgrade_check.h)
// Exit 0 when every one can, 1 listing each that cannot, 2 when the project does not compile.
#include "runtime/cli/cli.h"
#include "runtime/engine/upgrade_check.h"

#include <cstdio>

namespace locus::cli {

int commandUpgradeCheck(const SessionOptions& so) {
  Session s;
  if (!openSession(so, s) || !loadPlugins(s)) return kUsage;
  std::unique_ptr<rt::Program> current = compileCurrentProgram(so, s);
  if (!current) return kUsage;
  try {
    std::vector<rt::InflightVerdict> verdicts = rt::checkInflightRuns(*s.store, *current);
    size_t blocked = 0;
    for (const rt::InflightVerdict& v : verdicts) {
      if (v.problems.empty()) continue;
      ++blocked;
      if (so.json) {
        std::printf("%s\n", Json({{"run", v.run.id},
                                  {"workflow", v.run.workflow},
                                  {"status", v.run.status},
                                  {"problems", v.problems}})
                                .dump()
                                .c_str());
        continue;
      }
      std::printf("run %s (%s, %s) cannot continue on the current program:\n", v.run.id.c_str(),
                  v.run.workflow.c_str(), v.run.status.c_str());
      for (const std::string& p : v.problems) std::printf("  - %s\n", p.c_str());
    }
    if (!so.json)
      std::fprintf(stderr, "%zu run(s) in flight on older programs, %zu cannot continue\n",
                   verdicts.size(), blocked);
    return blocked ? kFailed : kCompleted;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return kUsage;
  }
}

} // namespace locus::cli
