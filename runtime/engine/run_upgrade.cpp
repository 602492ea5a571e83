// Moving one run onto the current program (upgrade_check.h): the static check first, then the
// store's compare-and-set of the run's program, so a run that a worker claimed meanwhile stays
// where it is.
#include "runtime/engine/runner.h"
#include "runtime/engine/upgrade_check.h"

namespace locus::rt {

std::vector<std::string> upgradeRun(Store& store, const RunRecord& run, const Program& from,
                                    const Program& to) {
  if (run.status != "failed" && run.status != "waiting")
    return {"run " + run.id + " is " + run.status +
            "; only failed and waiting runs move to another program (a queued or running run "
            "continues on its own; cancel it, or wait until it waits or fails)"};
  std::vector<std::string> completed;
  for (const auto& [step, _] : store.checkpoints(run.id)) completed.push_back(step);
  std::vector<std::string> problems = upgradeProblems(run, from, to, completed);
  if (!problems.empty()) return problems;
  if (run.status == "failed") {
    std::string refused = clearFailureForRetry(store, run);
    if (!refused.empty()) return {refused};
  }
  if (!store.moveRunToProgram(run.id, from.hash, to.hash))
    return {"run " + run.id + " changed while it was being upgraded (a worker took it); try again"};
  traceRunEvent(store, run, "upgraded", {{"fromProgram", from.hash}, {"toProgram", to.hash}});
  return {};
}

} // namespace locus::rt
