// Retention: runs that ended long ago are deleted with their checkpoints, timers, signals and
// trace (optionally written to a JSON-lines archive first), and so are delivered queue messages.
// `locus prune --older-than 30d` does it once; `locus worker --retention 30d` (and serve) hourly.
#pragma once

#include "runtime/store/store.h"

#include <ostream>

namespace locus::rt {

struct PruneReport {
  size_t runs = 0;
  size_t messages = 0;
};

// `archive` (may be null) gets one line per run: {"run": …, "checkpoints": {…}, "trace": […]},
// written and flushed before the run is deleted. `dryRun` counts without deleting (messages are
// then not counted).
PruneReport pruneStore(Store& store, int64_t cutoffMs, std::ostream* archive, bool dryRun);

} // namespace locus::rt
