// Calls for what plugins add besides hooks: their generators (`generate`) and their workflow
// step kinds (`executeStep`), with the same failure reporting, metrics and audit as hooks.
#pragma once

#include "hooks/dispatch/transforms.h"

#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

// `generate` {generator, ir, options} → {files}. Paths are checked like onPostGenerate's, and
// must match one of the generator's declared `outputs` globs (when it declares any).
FilesOutcome runPluginGenerator(const DispatchContext& ctx, const std::string& plugin,
                                const GeneratorDecl& generator, const nlohmann::json& ir,
                                const nlohmann::json& options,
                                const std::filesystem::path& outputRoot);

struct StepRequest {
  std::string kind;
  nlohmann::json params;
  std::string runId;
  std::string stepId;
  int attempt = 1;
};

struct StepOutcome {
  std::optional<nlohmann::json> output; // set on success
  std::vector<PluginDiagnostic> diagnostics;
};

// `executeStep` {kind, params, runId, stepId, attempt} → {output}.
StepOutcome executePluginStep(const DispatchContext& ctx, const std::string& plugin,
                              const StepRequest& request);

} // namespace locus::hooks
