// A plugin the project marked `optional = true` (Locus.toml) cannot fail a build: its failures
// (start, crash, timeout, protocol, unusable result) become warnings that say so. What it
// reports itself keeps its severity — an optional linter's error is still an error.
#pragma once

#include "hooks/discovery/discover.h"
#include "hooks/dispatch/plugin_diagnostic.h"

#include <vector>

namespace locus::hooks {

void degradeOptionalFailures(std::vector<PluginDiagnostic>& diagnostics, const PluginSet& set);

} // namespace locus::hooks
