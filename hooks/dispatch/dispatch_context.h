// What every dispatch function needs: who is subscribed (in order, with filters and budgets),
// how to call a plugin, and where to record metrics and audit entries.
#pragma once

#include "hooks/audit/audit_log.h"
#include "hooks/discovery/discover.h"
#include "hooks/dispatch/plugin_call.h"
#include "hooks/dispatch/plugin_diagnostic.h"
#include "hooks/metrics/plugin_metrics.h"

#include <filesystem>
#include <string>
#include <vector>

namespace locus::hooks {

struct Subscriber {
  std::string plugin;
  HookFilter filter;
  std::optional<double> budgetMs;
};

struct DispatchContext {
  HookCall call;
  HookTextCall callText; // optional: without it, text params are parsed and go through `call`
  MetricsBook* metrics = nullptr; // optional
  std::filesystem::path auditLog; // empty: calls are not audited
  // When set, audit entries go here instead of being appended (and fsync'ed) after every
  // dispatch; the owner flushes it (end of build, or periodically in the runtime).
  AuditBuffer* auditBuffer = nullptr;
};

// The subscribers of `hook` in call order (PluginSet::hookOrder), with filters and budgets.
std::vector<Subscriber> subscribersOf(const PluginSet& set, std::string_view hook);

} // namespace locus::hooks
