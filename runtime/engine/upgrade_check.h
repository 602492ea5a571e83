// Whether an in-flight run can continue on another program (an upgrade). A run continues by
// replaying its checkpoints against the new step tree, so the new tree must still contain every
// step the run completed, with the same kind, and must not have new steps before the run's
// position (they would run late, out of order); the workflow must still exist with the same
// input declarations. The rules are listed in docs/runtime.md, "Upgrading in-flight runs".
#pragma once

#include "runtime/engine/program.h"
#include "runtime/store/store.h"

#include <string>
#include <vector>

namespace locus::rt {

// Why `run` (which started on `from`) could not continue on `to`; empty when it can.
std::vector<std::string> upgradeProblems(const RunRecord& run, const Program& from,
                                         const Program& to,
                                         const std::vector<std::string>& completedSteps);

struct InflightVerdict {
  RunRecord run;
  std::vector<std::string> problems; // empty: can continue
};

// `locus resume RUN --upgrade` (fix-forward): moves a failed or waiting run that started on `from`
// onto `to` when upgradeProblems finds nothing, and records "upgraded" in its trace. A failed
// run's failure record is dropped so that its failed step runs again, on the new code (refused
// once its compensation ran). Returns why it cannot move (empty: moved).
std::vector<std::string> upgradeRun(Store& store, const RunRecord& run, const Program& from,
                                    const Program& to);

// Every run in flight (queued, running, waiting) whose program differs from
// `current`, with what stops it. Runs whose program is missing from the store are reported too.
std::vector<InflightVerdict> checkInflightRuns(Store& store, const Program& current);

} // namespace locus::rt
