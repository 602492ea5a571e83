// The bubblewrap command line for one plugin (docs/design/DESIGN.md §5, notes/toolchain.md §6).
// Pure: the same policy always gives the same argv, so tests can check every isolation flag.
#pragma once

#include "hooks/sandbox/sandbox_policy.h"

#include <string>
#include <vector>

namespace locus::hooks {

// argv[0] is policy.bwrapPath as given; the spawner resolves it.
std::vector<std::string> buildBwrapArgv(const SandboxPolicy& policy);

} // namespace locus::hooks
