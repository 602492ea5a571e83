#include "hooks/dispatch/plugin_extensions.h"

#include "hooks/dispatch/invoke.h"
#include "hooks/ordering/glob.h"

namespace locus::hooks {

using nlohmann::json;

namespace {
bool matchesAny(const std::vector<std::string>& globs, const std::string& path) {
  for (const std::string& g : globs)
    if (globMatch(g, path)) return true;
  return false;
}
} // namespace

FilesOutcome runPluginGenerator(const DispatchContext& ctx, const std::string& plugin,
                                const GeneratorDecl& generator, const json& ir, const json& options,
                                const std::filesystem::path& outputRoot) {
  const std::string method = "generate";
  FilesOutcome out;
  AuditBatch audit;
  Subscriber sub{plugin, {}, std::nullopt};
  json params = {{"generator", generator.name}, {"ir", ir}, {"options", options}};
  auto result = invokePlugin(ctx, sub, method, params, Severity::Error, out.diagnostics, audit);
  if (result) {
    if (auto files = readFileSet(*result, sub, method, outputRoot, out.diagnostics)) {
      bool ok = true;
      for (const auto& [path, content] : *files)
        if (!generator.outputs.empty() && !matchesAny(generator.outputs, path)) {
          out.diagnostics.push_back(hostDiagnostic(
              sub, method, DiagnosticOrigin::RejectedPath, "PLUGIN_PATH",
              "generator '" + generator.name + "' of plugin '" + plugin + "' wrote '" + path +
                  "', which its manifest's `outputs` do not cover; its answer is rejected"));
          ok = false;
        }
      if (ok) out.files = std::move(*files);
    }
  }
  audit.flush(ctx, out.diagnostics, method);
  return out;
}

StepOutcome executePluginStep(const DispatchContext& ctx, const std::string& plugin,
                              const StepRequest& request) {
  const std::string method = "executeStep";
  StepOutcome out;
  AuditBatch audit;
  Subscriber sub{plugin, {}, std::nullopt};
  json params = {{"kind", request.kind},
                 {"params", request.params},
                 {"runId", request.runId},
                 {"stepId", request.stepId},
                 {"attempt", request.attempt}};
  auto result = invokePlugin(ctx, sub, method, params, Severity::Error, out.diagnostics, audit);
  if (result) {
    if (result->contains("output"))
      out.output = (*result)["output"];
    else
      out.diagnostics.push_back(hostDiagnostic(sub, method, DiagnosticOrigin::InvalidResult,
                                               "PLUGIN_RESULT",
                                               "plugin '" + plugin +
                                                   "' must answer executeStep "
                                                   "for '" +
                                                   request.kind + "' with {output: ...}"));
  }
  audit.entries.push_back({{"event", "step.execute"},
                           {"plugin", plugin},
                           {"kind", request.kind},
                           {"runId", request.runId},
                           {"stepId", request.stepId},
                           {"attempt", request.attempt},
                           {"outcome", out.output ? "ok" : "failed"}});
  audit.flush(ctx, out.diagnostics, method);
  return out;
}

} // namespace locus::hooks
