// The worker's answer to `initialize` checked against the manifest (docs/plugin-protocol.md):
// a plugin must be what its manifest says, so a stale build of a plugin or a manifest that
// promises a hook the code does not implement is caught at start, not at the first call.
#pragma once

#include "hooks/manifest/manifest.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace locus::hooks {

struct HandshakeProblem {
  bool error = true; // false: a warning, the plugin still runs
  std::string message;
};

// `answer` is the `result` of `initialize`: {name, version, hooks, steps, generators}.
std::vector<HandshakeProblem> checkHandshake(const PluginManifest& manifest,
                                             const nlohmann::json& answer);

} // namespace locus::hooks
