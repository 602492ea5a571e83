// One hook call to one plugin, with everything around it: metrics, an audit entry, and the
// translation of every failure (and of diagnostics inside the result) into PluginDiagnostics.
#pragma once

#include "hooks/dispatch/dispatch_context.h"
#include "hooks/dispatch/hook_params.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace locus::hooks {

// Collects audit entries during one dispatch and writes them in one batch (one fsync).
struct AuditBatch {
  std::vector<nlohmann::json> entries;
  void flush(const DispatchContext& ctx, std::vector<PluginDiagnostic>& diagnostics,
             const std::string& hook);
};

// Calls `method` on `sub.plugin`. On success returns the result (an object) after moving any
// `diagnostics` it carries into `out`; on failure returns nullopt with the failure in `out`.
// `failureSeverity` is Error for hooks whose result matters, Warning for observers.
std::optional<nlohmann::json> invokePlugin(const DispatchContext& ctx, const Subscriber& sub,
                                           const std::string& method, const HookParams& params,
                                           Severity failureSeverity,
                                           std::vector<PluginDiagnostic>& out, AuditBatch& audit);

// A diagnostic about a result the host could not use.
PluginDiagnostic hostDiagnostic(const Subscriber& sub, const std::string& hook,
                                DiagnosticOrigin origin, std::string code, std::string message,
                                Severity severity = Severity::Error);

// Parses {severity, code, message, span} items; malformed ones yield an InvalidResult error.
void readReportedDiagnostics(const nlohmann::json& list, const Subscriber& sub,
                             const std::string& hook, std::vector<PluginDiagnostic>& out);

} // namespace locus::hooks
