// Child workflow runs (docs/runtime.md, "Child workflows"). A `run_workflow` step starts a run of
// another workflow with a deterministic ID derived from its own run and step, and waits for it.
// Both sides are linked by checkpoints: the parent's `STEP@child` names the child, the child's
// `@parent` names the parent run and step. When a child ends, its parent gets the signal
// `child:<child run ID>`, which wakes it; cancel and terminate of a parent reach its children.
#pragma once

#include "runtime/store/store.h"

#include <optional>
#include <string>
#include <vector>

namespace locus::rt {

inline constexpr const char* kChildSignalPrefix = "child:";

struct ParentLink {
  std::string run;
  std::string step;
};

// "<parent run>/<step ID>": the same step of the same run always names the same child.
std::string childRunId(const std::string& parentRun, const std::string& stepId);

// Records the link on both sides (idempotent).
void linkChild(Store& store, const ParentLink& parent, const std::string& childRun);
std::optional<ParentLink> parentOf(Store& store, const std::string& run);
// The child runs `run` started (in step ID order), ended or not.
std::vector<std::string> childRunsOf(Store& store, const std::string& run);

// After `run` ended with `status`: signals its parent, if it has one.
void notifyParent(Store& store, const std::string& run, const std::string& status,
                  const Json& output, const Json& error);

} // namespace locus::rt
