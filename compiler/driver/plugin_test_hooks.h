// The hooks of `locusc test` (docs/plugins.md): onTest (diagnostics: a plugin may fail the test
// run, e.g. a policy on which workflows need tests) gets the results once every test has run,
// onCoverage (observe) gets the step coverage. Spans and files in both payloads are
// project-relative, as in every other payload.
#pragma once

#include "compiler/driver/plugin_build.h"

#include <nlohmann/json.hpp>

namespace locus {

// onTest: {phase: "finished", results: {tests, passed, failed, filteredOut}}.
void runOnTest(PluginHost& host, nlohmann::json results, const SourceSet& sources,
               PendingPluginDiagnostics& pending);

// onCoverage: {coverage} (the document of `--coverage FILE`).
void runOnCoverage(PluginHost& host, nlohmann::json coverage, const SourceSet& sources,
                   PendingPluginDiagnostics& pending);

} // namespace locus
