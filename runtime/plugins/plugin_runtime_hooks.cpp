#include "runtime/plugins/plugin_runtime_hooks.h"

#include "hooks/dispatch/notify.h"

namespace locus::rt::plugins {

using nlohmann::json;

HostedRuntimeHooks::HostedRuntimeHooks(PluginPool& pool,
                                       std::function<void(const std::string&)> onDiagnostic)
    : pool_(pool), onDiagnostic_(std::move(onDiagnostic)),
      workflowSubs_(hooks::subscribersOf(pool.set(), "onWorkflowExecute")),
      stepSubs_(hooks::subscribersOf(pool.set(), "onStepExecute")) {}

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

void HostedRuntimeHooks::runEnded(const std::string& runId) {
  pool_.flushRunAudit(runId);
}

} // namespace locus::rt::plugins
