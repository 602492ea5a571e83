// Plugin problems → compiler diagnostics: load problems (E0901), plugin failures (E0902),
// diagnostics a plugin reported (E0903, with the plugin's severity), slow hooks (W0904). Every
// message names the plugin and the hook; a plugin span becomes a source location when it names
// a file of the build.
#pragma once

#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"
#include "hooks/discovery/discover.h"
#include "hooks/dispatch/plugin_diagnostic.h"
#include "hooks/metrics/plugin_metrics.h"

#include <string>
#include <vector>

namespace locus {

void reportLoadProblems(const hooks::PluginSet& set, DiagnosticSink& sink);

// `pathBase` is the project root: plugin spans name files relative to it (like IR spans).
void reportPluginDiagnostics(const std::vector<hooks::PluginDiagnostic>& diagnostics,
                             const SourceSet& sources, const std::string& pathBase,
                             DiagnosticSink& sink);

void reportSlowHooks(const hooks::MetricsBook& metrics, DiagnosticSink& sink);

} // namespace locus
