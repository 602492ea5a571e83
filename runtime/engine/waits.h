// What a run waits for. A wait_for step that suspends the run records `STEP@waiting` with the
// signal key it waits for ("shipped", or "approval:STEP" for an approval), so `locus approve` and
// `locus signal` can refuse what the run does not wait for, and messages can name the step.
#pragma once

#include "runtime/store/store.h"

#include <string>
#include <vector>

namespace locus::rt {

struct AwaitedWait {
  std::string step; // the wait_for step's runtime ID
  std::string key;  // the signal name, or "approval:<step>"
};

// The waits of a run that suspended and have not completed (in step ID order).
std::vector<AwaitedWait> awaitedWaits(Store& store, const std::string& runId);
// Whether a wait_for of `workflow` (IR) could take `key` when the run gets there: a literal
// signal name, or the approval of one of its wait_for steps (a loop's `[*]` matches any index).
bool workflowCanReceive(const Json& workflow, const std::string& key);
// "approval of step S (locus approve RUN S)" / "signal NAME (locus signal RUN NAME)".
std::string describeWait(const std::string& runId, const std::string& key);

} // namespace locus::rt
