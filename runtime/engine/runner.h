// Starting and continuing runs: lease owners, run IDs, and claim-then-execute, shared by
// `locus run`, `locus resume` and `locus worker`.
#pragma once

#include "runtime/engine/executor.h"

#include <optional>
#include <string>

namespace locus::rt {

std::string makeOwnerId();                  // host:pid:random
bool ownerIsDead(const std::string& owner); // a process of this host that no longer exists
std::string newRunId();                     // 16 random hex digits

// PluginsChanged: the run was started with other plugin code than the loaded plugins
// (EngineOptions::pluginDigests) and allowPluginChange is off; nothing was executed.
enum class ClaimResult { Claimed, Busy, Queued, Finished, Missing, PluginsChanged };

// Takes the run's lease and executes it once. `ahead` receives how many runs are ahead of it in
// its concurrency group when the result is Queued.
ClaimResult claimAndExecute(EngineServices& services, const std::string& runId,
                            const std::string& owner, RunOutcome& outcome,
                            int64_t* ahead = nullptr);

// Appends a run-level event to the run's trace (kind "lifecycle", apart from step kinds): outcome
// "crashed" (its lease expired or its owner died and another process took it over), "resumed",
// "cancel-requested", "cancelled", "terminated", "upgraded". `detail` adds fields (reason, by,
// previousOwner, …).
void traceRunEvent(Store& store, const RunRecord& run, const std::string& outcome,
                   const Json& detail = Json::object());

// What differs between the plugin code `run` was started with and the loaded plugins: "stepper
// 0.1.0 sha256:1a2b… → 0.1.0 sha256:9f8e…; notify removed" ("" when nothing).
std::string pluginChange(Store& store, const RunRecord& run, const Json& loaded);

// Drops the failure record of a failed run's failed step (and its retry records) so that a resume
// calls the step again. Returns why not ("" when done): the run is not failed, or its
// on_error/on_failure compensation already ran, which makes the failure final.
std::string clearFailureForRetry(Store& store, const RunRecord& run);

// The RunRecord for a new run of `workflow` (concurrency group and limit filled from the IR).
RunRecord newRun(const Program& program, const std::string& workflow, const Json& input,
                 const std::string& id);

} // namespace locus::rt
