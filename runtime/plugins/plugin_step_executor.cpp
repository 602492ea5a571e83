#include "runtime/plugins/plugin_step_executor.h"

#include "runtime/plugins/step_plugin_state.h"

#include "hooks/dispatch/plugin_extensions.h"
#include "hooks/schema/schema_errors.h"
#include "hooks/secrets/redact.h"
#include "runtime/engine/errors.h"

#include <chrono>
#include <optional>
#include <thread>

namespace locus::rt::plugins {

using hooks::DiagnosticOrigin;
using nlohmann::json;

namespace {

bool retryableFailure(const std::vector<hooks::PluginDiagnostic>& diagnostics,
                      const std::optional<json>& errorData) {
  for (const hooks::PluginDiagnostic& d : diagnostics) {
    switch (d.origin) {
    case DiagnosticOrigin::Crash:
    case DiagnosticOrigin::Timeout:
    case DiagnosticOrigin::ProtocolViolation:
      return true;
    case DiagnosticOrigin::ErrorReply:
      return errorData && errorData->is_object() && errorData->value("retryable", false) == true;
    default:
      break;
    }
  }
  return false;
}

std::string failureOrigin(const std::vector<hooks::PluginDiagnostic>& diagnostics) {
  for (const hooks::PluginDiagnostic& d : diagnostics)
    if (hooks::isError(d)) return std::string(hooks::originName(d.origin));
  return "invalid-result";
}

} // namespace

HostedStepExecutor::HostedStepExecutor(PluginPool& pool,
                                       std::function<void(const std::string&)> onWarning)
    : pool_(pool), onWarning_(std::move(onWarning)) {
  for (const hooks::LoadedPlugin& p : pool_.set().plugins)
    for (const hooks::StepKindDecl& step : p.manifest.steps) {
      pluginOfKind_.emplace(step.kind, p.manifest.name);
      if (step.schema.is_object() && !step.schema.empty())
        schemaOfKind_.emplace(step.kind, step.schema);
    }
  for (const hooks::LoadedPlugin& p : pool_.set().plugins)
    for (const auto& [kind, fallback] : p.settings.fallbacks)
      fallbackOfKind_.emplace(kind, fallback);
}

bool HostedStepExecutor::hasKind(const std::string& pluginKind) const {
  return pluginOfKind_.count(pluginKind) > 0;
}

std::string HostedStepExecutor::pluginOf(const std::string& pluginKind) const {
  auto it = pluginOfKind_.find(pluginKind);
  return it == pluginOfKind_.end() ? "" : it->second;
}

json HostedStepExecutor::execute(const std::string& pluginKind, const json& params,
                                 const json& info, StepStateIo& state) {
  auto fallback = fallbackOfKind_.find(pluginKind);
  if (fallback == fallbackOfKind_.end()) return executeOnce(pluginKind, params, info, state);
  const hooks::StepFallback& f = fallback->second;
  if (f.approval.empty()) return executeChain(pluginKind, params, info, f, state);
  try {
    return executeChain(pluginKind, params, info, f, state);
  } catch (const StepError& e) { // the last stage: a person decides
    traceFallback(info, pluginKind, 1, "approval", e.what(), "");
    throw StepError(e.what(), false, rt::kAwaitApprovalCode,
                    {{"approval", f.approval}, {"error", e.what()}});
  }
}

json HostedStepExecutor::executeChain(const std::string& pluginKind, const json& params,
                                      const json& info, const hooks::StepFallback& f,
                                      StepStateIo& state) {
  for (int tries = 1;; ++tries) {
    try {
      return executeOnce(pluginKind, params, info, state);
    } catch (const StepError& e) {
      bool again = e.retryable && tries <= f.retries;
      if (!again && f.alternative.empty()) throw;
      traceFallback(info, pluginKind, tries, again ? "retry" : "alternative", e.what(),
                    again ? "" : f.alternative);
      if (!again) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(f.retryDelayMs * tries));
    }
  }
  return executeOnce(f.alternative, params, info, state);
}

void HostedStepExecutor::traceFallback(const json& info, const std::string& kind, int tries,
                                       const std::string& action, const std::string& error,
                                       const std::string& alternative) {
  if (!traceSink_) return;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  json entry = {{"run", info.value("run", "")},
                {"workflow", info.value("workflow", "")},
                {"step", info.value("step", "")},
                {"kind", kind},
                {"attempt", info.value("attempt", 1)},
                {"startMs", now},
                {"endMs", now},
                {"durationUs", 0},
                {"outcome", "fallback"},
                {"error", {{"message", error}}},
                {"fallback", {{"action", action}, {"tries", tries}}}};
  if (!alternative.empty()) entry["fallback"]["alternative"] = alternative;
  traceSink_(info.value("run", ""), entry);
}

json HostedStepExecutor::executeOnce(const std::string& pluginKind, const json& params,
                                     const json& info, StepStateIo& state) {
  const std::string plugin = pluginOf(pluginKind);
  hooks::StepRequest request{pluginKind, params, info.value("run", ""), info.value("step", ""),
                             info.value("attempt", 1)};
  if (auto schema = schemaOfKind_.find(pluginKind); schema != schemaOfKind_.end())
    if (auto errors = hooks::schemaErrors(schema->second, params); !errors.empty())
      throw StepError("step " + request.stepId + " (kind `" + pluginKind + "` of plugin '" +
                          plugin + "'): its parameters break the plugin's schema: " +
                          hooks::describeSchemaErrors(errors),
                      /*retryable=*/false, "plugin",
                      {{"plugin", plugin}, {"kind", pluginKind}, {"failure", "invalid-params"}});
  // Keep the error reply's `data` of this call: it says whether the plugin wants a retry.
  hooks::DispatchContext ctx = pool_.context(request.runId);
  std::optional<json> errorData;
  ctx.call = [inner = ctx.call, &errorData](const std::string& p, const std::string& method,
                                            const json& payload) {
    hooks::HookCallResult r = inner(p, method, payload);
    if (r.failure) errorData = r.failure->data;
    return r;
  };
  StepPluginState stepState(state.load);
  hooks::StepOutcome outcome;
  {
    hooks::ScopedStateAccess scope(stepState); // the host API answers on this thread
    outcome = hooks::executePluginStep(ctx, plugin, request);
  }
  pool_.flushRunAuditIfDue(request.runId);
  if (outcome.output) {
    state.writes = stepState.takeWrites();
    if (onWarning_)
      for (const hooks::PluginDiagnostic& d : outcome.diagnostics) onWarning_(d.str());
    // The output becomes the checkpoint and the trace: no secret value may ride along.
    hooks::redactSecretsIn(*outcome.output);
    return *outcome.output;
  }
  std::string details;
  json diagnostics = json::array();
  for (const hooks::PluginDiagnostic& d : outcome.diagnostics) {
    diagnostics.push_back(d.toJson());
    if (hooks::isError(d)) details += (details.empty() ? "" : "; ") + d.message;
  }
  if (details.empty()) details = "the plugin gave no output";
  throw StepError(hooks::redactSecrets("step " + request.stepId + " (kind `" + pluginKind +
                                       "` of plugin '" + plugin + "') failed: " + details),
                  retryableFailure(outcome.diagnostics, errorData), "plugin",
                  {{"plugin", plugin},
                   {"kind", pluginKind},
                   {"failure", failureOrigin(outcome.diagnostics)},
                   {"diagnostics", diagnostics}});
}

void HostedStepExecutor::runEnded(const std::string& runId) {
  pool_.flushRunAudit(runId);
}

} // namespace locus::rt::plugins
