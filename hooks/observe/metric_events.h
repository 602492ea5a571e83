// The observer hooks that report on plugins themselves: `onMetric` receives a snapshot of the
// per-plugin metrics (one call per sample, `{name, value, labels}`), `onAlert` receives each
// breach (`{name, severity, message, labels}`): a hook whose p95 exceeds its budget, or a plugin
// whose failure rate is at least kAlertFailureRate over at least kAlertMinCalls calls. The
// compiler fires them at the end of each build, the runtime at the end of each run execution.
#pragma once

#include "hooks/discovery/discover.h"
#include "hooks/dispatch/dispatch_context.h"
#include "hooks/dispatch/plugin_diagnostic.h"
#include "hooks/metrics/plugin_metrics.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace locus::hooks {

inline constexpr double kAlertFailureRate = 0.5;
inline constexpr std::uint64_t kAlertMinCalls = 4;

// plugin_calls_total, plugin_failures_total, plugin_latency_p95_ms, plugin_cpu_ms per
// (plugin, hook), plus plugin_starts_total per plugin; hooks of the observers themselves are left
// out so a snapshot does not report on its own delivery.
std::vector<nlohmann::json> metricSamples(const MetricsBook& book);
std::vector<nlohmann::json> metricAlerts(const MetricsBook& book);

// Sends the snapshot to `onMetric` and the alerts to `onAlert` subscribers (observers: failures
// come back as warnings). Returns them.
std::vector<PluginDiagnostic> publishMetricEvents(const DispatchContext& ctx, const PluginSet& set,
                                                  const MetricsBook& book);

} // namespace locus::hooks
