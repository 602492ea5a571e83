// The non-transform semantics (docs/design/DESIGN.md §5): diagnostics hooks (every subscriber is
// called; their diagnostics are collected), observers (results ignored; failures are only warnings,
// an observer cannot break a build or a run) and veto hooks (the first veto stops the action).
#pragma once

#include "hooks/dispatch/dispatch_context.h"
#include "hooks/dispatch/hook_params.h"
#include "hooks/ordering/hook_filter.h"

#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

// onPostParse, onPostValidate, onTest, onDeploy, onRollback: → {diagnostics: [...]} or {}.
std::vector<PluginDiagnostic> collectDiagnostics(const DispatchContext& ctx,
                                                 const std::vector<Subscriber>& subs,
                                                 const std::string& hook, const HookParams& params,
                                                 const FilterSubject& subject = {});

// onError, onMetric, onAlert, onCoverage: → {}. Returns warnings about failed observers.
std::vector<PluginDiagnostic> notifyObservers(const DispatchContext& ctx,
                                              const std::vector<Subscriber>& subs,
                                              const std::string& hook, const HookParams& params,
                                              const FilterSubject& subject = {});

struct Veto {
  std::string plugin;
  std::string reason;
};

struct VetoOutcome {
  std::optional<Veto> veto;
  std::vector<PluginDiagnostic> diagnostics;
};

// onWorkflowExecute, onStepExecute: → {} or {veto: "reason"}. A subscriber that fails to answer
// vetoes too (fail closed: a plugin on a veto hook is a gate, and a broken gate stays shut).
VetoOutcome askVeto(const DispatchContext& ctx, const std::vector<Subscriber>& subs,
                    const std::string& hook, const HookParams& params,
                    const FilterSubject& subject = {});

} // namespace locus::hooks
