#include "hooks/dispatch/notify.h"

#include "hooks/dispatch/invoke.h"

namespace locus::hooks {

using nlohmann::json;

std::vector<PluginDiagnostic> collectDiagnostics(const DispatchContext& ctx,
                                                 const std::vector<Subscriber>& subs,
                                                 const std::string& hook, const HookParams& params,
                                                 const FilterSubject& subject) {
  std::vector<PluginDiagnostic> out;
  AuditBatch audit;
  for (const Subscriber& sub : subs)
    if (filterAccepts(sub.filter, subject))
      invokePlugin(ctx, sub, hook, params, Severity::Error, out, audit);
  audit.flush(ctx, out, hook);
  return out;
}

std::vector<PluginDiagnostic> notifyObservers(const DispatchContext& ctx,
                                              const std::vector<Subscriber>& subs,
                                              const std::string& hook, const HookParams& params,
                                              const FilterSubject& subject) {
  std::vector<PluginDiagnostic> out;
  AuditBatch audit;
  for (const Subscriber& sub : subs) {
    if (!filterAccepts(sub.filter, subject)) continue;
    std::size_t before = out.size();
    invokePlugin(ctx, sub, hook, params, Severity::Warning, out, audit);
    // An observer's word cannot fail anything: whatever it reported is at most a warning.
    for (std::size_t i = before; i < out.size(); ++i)
      if (out[i].severity == Severity::Error) out[i].severity = Severity::Warning;
  }
  audit.flush(ctx, out, hook);
  return out;
}

VetoOutcome askVeto(const DispatchContext& ctx, const std::vector<Subscriber>& subs,
                    const std::string& hook, const HookParams& params,
                    const FilterSubject& subject) {
  VetoOutcome out;
  AuditBatch audit;
  for (const Subscriber& sub : subs) {
    if (!filterAccepts(sub.filter, subject)) continue;
    auto result = invokePlugin(ctx, sub, hook, params, Severity::Error, out.diagnostics, audit);
    if (!result) {
      out.veto = Veto{sub.plugin, "plugin '" + sub.plugin + "' could not answer " + hook +
                                      " (see its diagnostic), so the action is stopped"};
      break;
    }
    auto veto = result->find("veto");
    if (veto == result->end() || veto->is_null()) continue;
    std::string reason = veto->is_string() ? veto->get<std::string>() : veto->dump();
    out.veto = Veto{sub.plugin, reason};
    PluginDiagnostic d =
        hostDiagnostic(sub, hook, DiagnosticOrigin::Veto, "PLUGIN_VETO",
                       "plugin '" + sub.plugin + "' vetoed " + hook + ": " + reason);
    out.diagnostics.push_back(std::move(d));
    audit.entries.push_back(
        {{"event", "hook.veto"}, {"plugin", sub.plugin}, {"hook", hook}, {"reason", reason}});
    break;
  }
  audit.flush(ctx, out.diagnostics, hook);
  return out;
}

} // namespace locus::hooks
