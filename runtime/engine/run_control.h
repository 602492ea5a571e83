// Operator actions on a run, shared by `locus cancel` / `locus terminate` and `locus serve`.
// Both are recorded in the run's trace (who, why) so they are audited where the run is read.
#pragma once

#include "runtime/store/store.h"

#include <string>

namespace locus::rt {

// The signal that asks a run to stop at its next step boundary.
inline constexpr const char* kCancelSignal = "locus:cancel";

// Whether a run in this status has ended for good.
bool runHasEnded(const std::string& status);

struct ControlResult {
  bool ok = false;
  std::string message; // what happened, or why not
};

// Cancel: a queued run (no step ran) ends `cancelled` at once; a waiting or running run is asked
// to stop at its next step boundary, then runs its `finally` blocks and on_error/on_failure and
// ends `cancelled` (a waiting run is woken for that).
ControlResult requestCancel(Store& store, const RunRecord& run, const std::string& reason,
                            const std::string& by);
// Terminate: ends the run `terminated` at once, without cleanup; an executor still holding it
// loses its lease and stops before its next step.
ControlResult terminateRun(Store& store, const RunRecord& run, const std::string& reason,
                           const std::string& by);

} // namespace locus::rt
