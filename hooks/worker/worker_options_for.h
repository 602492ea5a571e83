// The sandbox of one plugin (compiler and runtime alike), filled from its manifest and the
// project's grants (docs/design/DESIGN.md §5): its folder read-only at /plugin (the cwd),
// `.locus/workspaces/<name>/` writable at /workspace, the granted network and environment variables
// (resolved to their values here, since the sandbox starts with an empty environment), the
// manifest's limits, and the granted permissions in the `initialize` handshake so the plugin knows
// what it may do.
#pragma once

#include "hooks/discovery/discover.h"
#include "hooks/dispatch/plugin_call.h"
#include "hooks/worker/plugin_worker.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

namespace locus::hooks {

// Permission grants and denials go to `auditEvents` (one entry each).
WorkerOptions workerOptionsFor(const LoadedPlugin& plugin, const std::filesystem::path& projectRoot,
                               std::vector<nlohmann::json>& auditEvents);

// The dispatcher's failure kind for a worker's failure (they map one to one).
HookFailureKind hookFailureKindOf(FailureKind kind);

// The granted permissions in the manifest's shape: {network, fs: {read, write}, env: [names]}.
nlohmann::json permissionsJson(const Permissions& granted);

} // namespace locus::hooks
