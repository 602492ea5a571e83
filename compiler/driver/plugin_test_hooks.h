// The hooks of `locusc test` (docs/plugins.md): onTest (diagnostics: a plugin may fail the test
// run, e.g. a policy on which workflows need tests) gets every test's result once all have run,
// onCoverage (observe) gets the step coverage. Files in both payloads are project-relative, as in
// every other payload.
#pragma once

#include "compiler/driver/plugin_build.h"
#include "runtime/testing/test_runner.h"

#include <nlohmann/json.hpp>

namespace locus {

// {tests: [{name, status: passed|failed, message, durationMs, file, line, runStatus, steps,
//  failures}], passed, failed, filteredOut}: what onTest receives as `results`.
nlohmann::json testResultsPayload(const rt::testing::TestReport& report);

// onTest: {phase: "finished", results: testResultsPayload(report)}.
void runOnTest(PluginHost& host, const rt::testing::TestReport& report, const SourceSet& sources,
               PendingPluginDiagnostics& pending);

// onCoverage: {coverage} (the document of `--coverage FILE`).
void runOnCoverage(PluginHost& host, const rt::testing::Coverage& coverage,
                   const SourceSet& sources, PendingPluginDiagnostics& pending);

} // namespace locus
