// The rlimits a sandboxed worker runs under (bwrap and everything it starts inherit them).
#pragma once

#include "hooks/sandbox/cgroup_jail.h"
#include "hooks/sandbox/sandbox_policy.h"

namespace locus::hooks {

// Called in the forked child before exec: only setrlimit, so async-signal-safe.
// Returns false (errno set) when a limit cannot be applied.
bool applyResourceLimits(const SandboxLimits& limits, const CgroupJail& jail);

} // namespace locus::hooks
