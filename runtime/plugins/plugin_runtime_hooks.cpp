#include "runtime/plugins/plugin_runtime_hooks.h"

#include "hooks/dispatch/notify.h"
#include "hooks/observe/metric_events.h"
#include "hooks/secrets/redact.h"

namespace locus::rt::plugins {

using nlohmann::json;

HostedRuntimeHooks::HostedRuntimeHooks(PluginPool& pool,
                                       std::function<void(const std::string&)> onDiagnostic)
    : pool_(pool), onDiagnostic_(std::move(onDiagnostic)),
      workflowSubs_(hooks::subscribersOf(pool.set(), "onWorkflowExecute")),
      stepSubs_(hooks::subscribersOf(pool.set(), "onStepExecute")),
      errorSubs_(hooks::subscribersOf(pool.set(), "onError")) {
  for (const char* hook : {"onError", "onMetric", "onAlert"})
    for (hooks::Subscriber& s : hooks::subscribersOf(pool.set(), hook))
      observerSubs_.push_back(std::move(s));
}

void HostedRuntimeHooks::report(const std::vector<hooks::PluginDiagnostic>& diagnostics) {
  if (onDiagnostic_)
    for (const hooks::PluginDiagnostic& d : diagnostics) onDiagnostic_(d.str());
}

HookVerdict HostedRuntimeHooks::ask(const std::vector<hooks::Subscriber>& subs,
                                    const std::string& hook, const json& params,
                                    const hooks::FilterSubject& subject) {
  if (subs.empty()) return {};
  std::string runId = params.value("runId", "");
  hooks::VetoOutcome outcome = hooks::askVeto(pool_.context(runId), subs, hook, params, subject);
  pool_.flushRunAuditIfDue(runId);
  if (onDiagnostic_)
    for (const hooks::PluginDiagnostic& d : outcome.diagnostics)
      if (d.origin != hooks::DiagnosticOrigin::Veto) onDiagnostic_(d.str());
  if (!outcome.veto) return {};
  return {false, "plugin '" + outcome.veto->plugin + "': " + outcome.veto->reason};
}

HookVerdict HostedRuntimeHooks::onWorkflowExecute(const json& info) {
  std::string workflow = info.value("workflow", "");
  json params = {{"workflow", workflow},
                 {"runId", info.value("run", "")},
                 {"input", info.value("input", json::object())}};
  hooks::FilterSubject subject;
  subject.workflow = workflow;
  return ask(workflowSubs_, "onWorkflowExecute", params, subject);
}

HookVerdict HostedRuntimeHooks::onStepExecute(const json& info) {
  std::string workflow = info.value("workflow", ""), kind = info.value("kind", "");
  json params = {{"workflow", workflow},
                 {"runId", info.value("run", "")},
                 {"stepId", info.value("step", "")},
                 {"kind", kind},
                 {"attempt", info.value("attempt", 1)}};
  return ask(stepSubs_, "onStepExecute", params, hooks::FilterSubject::ofStep(workflow, kind));
}

void HostedRuntimeHooks::runFailed(const json& info) {
  if (errorSubs_.empty()) return;
  const json& error = info.value("error", json::object());
  std::string runId = info.value("run", "");
  json diagnostic = {{"code", error.value("code", "error")},
                     {"message", hooks::redactSecrets(error.value("message", ""))},
                     {"step", info.value("step", "")}};
  report(hooks::notifyObservers(pool_.context(runId), errorSubs_, "onError",
                                {{"source", "runtime"},
                                 {"diagnostic", diagnostic},
                                 {"runId", runId},
                                 {"workflow", info.value("workflow", "")}}));
}

void HostedRuntimeHooks::runEnded(const std::string& runId) {
  if (!observerSubs_.empty())
    report(hooks::publishMetricEvents(pool_.context(runId), pool_.set(), pool_.metrics()));
  pool_.flushRunAudit(runId);
}

} // namespace locus::rt::plugins
