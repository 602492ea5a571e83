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

enum class ClaimResult { Claimed, Busy, Queued, Finished, Missing };

// Takes the run's lease and executes it once. `ahead` receives how many runs are ahead of it in
// its concurrency group when the result is Queued.
ClaimResult claimAndExecute(EngineServices& services, const std::string& runId,
                            const std::string& owner, RunOutcome& outcome,
                            int64_t* ahead = nullptr);

// The RunRecord for a new run of `workflow` (concurrency group and limit filled from the IR).
RunRecord newRun(const Program& program, const std::string& workflow, const Json& input,
                 const std::string& id);

} // namespace locus::rt
