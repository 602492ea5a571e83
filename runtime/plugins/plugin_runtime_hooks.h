// The runtime hooks (docs/design/DESIGN.md §5 hook table): `onWorkflowExecute {workflow, runId,
// input}` before a run executes (also on resume) and `onStepExecute {workflow, runId, stepId, kind,
// attempt}` before every leaf step attempt, dispatched to the subscribed plugins in their order
// with the host-side `workflows` / `steps` filters. Any plugin may veto; a plugin that fails to
// answer vetoes too (hooks::askVeto fails closed). Every call and veto is audited.
#pragma once

#include "hooks/ordering/hook_filter.h"
#include "runtime/engine/plugin_interface.h"
#include "runtime/plugins/plugin_pool.h"

#include <functional>
#include <string>
#include <vector>

namespace locus::rt::plugins {

class HostedRuntimeHooks : public RuntimeHooks {
public:
  // Diagnostics the plugins report (or their failures) go to `onDiagnostic` (may be empty).
  explicit HostedRuntimeHooks(PluginPool& pool,
                              std::function<void(const std::string&)> onDiagnostic = {});

  HookVerdict onWorkflowExecute(const nlohmann::json& info) override;
  HookVerdict onStepExecute(const nlohmann::json& info) override;
  // `onError {source: "runtime", diagnostic: {code, message, step}, runId, workflow}`.
  void runFailed(const nlohmann::json& info) override;
  // Also sends the metric snapshot to `onMetric` and breaches to `onAlert` (metric_events.h).
  void runEnded(const std::string& runId) override;

  bool subscribed() const {
    return !workflowSubs_.empty() || !stepSubs_.empty() || !observerSubs_.empty();
  }

private:
  HookVerdict ask(const std::vector<hooks::Subscriber>& subs, const std::string& hook,
                  const nlohmann::json& params, const hooks::FilterSubject& subject);

  PluginPool& pool_;
  std::function<void(const std::string&)> onDiagnostic_;
  std::vector<hooks::Subscriber> workflowSubs_;
  std::vector<hooks::Subscriber> stepSubs_;
  std::vector<hooks::Subscriber> errorSubs_;
  std::vector<hooks::Subscriber> observerSubs_; // onError, onMetric, onAlert (any)
  void report(const std::vector<hooks::PluginDiagnostic>& diagnostics);
};

} // namespace locus::rt::plugins
