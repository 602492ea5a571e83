// What a build tells about its plugins: one line per plugin in the build summary, and the
// `--metrics FILE` JSON (hooks/metrics' per-hook figures plus each worker's CPU time and peak RSS).
#pragma once

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/plugin_host.h"

#include <llvm/Support/raw_ostream.h>

#include <string>

namespace locus {

nlohmann::json pluginMetricsJson(PluginHost& host);
void writePluginMetrics(PluginHost& host, const std::string& file, DiagnosticSink& sink);
void printPluginSummary(PluginHost& host, llvm::raw_ostream& os);

} // namespace locus
