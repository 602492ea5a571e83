#include "hooks/observe/metric_events.h"

#include "hooks/dispatch/notify.h"

namespace locus::hooks {

using nlohmann::json;

namespace {

bool isObserverHook(const std::string& hook) {
  return hook == "onMetric" || hook == "onAlert";
}

} // namespace

std::vector<json> metricSamples(const MetricsBook& book) {
  std::lock_guard lock(book.mutex);
  std::vector<json> out;
  for (const auto& [plugin, p] : book.plugins) {
    out.push_back(
        {{"name", "plugin_starts_total"}, {"value", p.starts}, {"labels", {{"plugin", plugin}}}});
    for (const auto& [hook, h] : p.hooks) {
      if (isObserverHook(hook)) continue;
      json labels = {{"plugin", plugin}, {"hook", hook}};
      out.push_back({{"name", "plugin_calls_total"}, {"value", h.calls}, {"labels", labels}});
      out.push_back({{"name", "plugin_failures_total"}, {"value", h.failures}, {"labels", labels}});
      out.push_back({{"name", "plugin_latency_p95_ms"},
                     {"value", percentile(h.latenciesMs, 95)},
                     {"labels", labels}});
      out.push_back({{"name", "plugin_cpu_ms"}, {"value", h.cpuMs}, {"labels", labels}});
    }
  }
  return out;
}

std::vector<json> metricAlerts(const MetricsBook& book) {
  std::vector<json> out;
  for (const SlowHookWarning& w : slowHookWarnings(book))
    out.push_back({{"name", "plugin.budget"},
                   {"severity", "warning"},
                   {"message", w.message},
                   {"labels", {{"plugin", w.plugin}, {"hook", w.hook}}}});
  std::lock_guard lock(book.mutex);
  for (const auto& [plugin, p] : book.plugins)
    for (const auto& [hook, h] : p.hooks) {
      if (isObserverHook(hook) || h.calls < kAlertMinCalls) continue;
      double rate = static_cast<double>(h.failures) / static_cast<double>(h.calls);
      if (rate < kAlertFailureRate) continue;
      out.push_back({{"name", "plugin.failure-rate"},
                     {"severity", "critical"},
                     {"message", "plugin '" + plugin + "' failed " + std::to_string(h.failures) +
                                     " of " + std::to_string(h.calls) + " calls on " + hook},
                     {"labels", {{"plugin", plugin}, {"hook", hook}}}});
    }
  return out;
}

std::vector<PluginDiagnostic> publishMetricEvents(const DispatchContext& ctx, const PluginSet& set,
                                                  const MetricsBook& book) {
  std::vector<PluginDiagnostic> warnings;
  auto send = [&](const char* hook, const std::vector<json>& events) {
    std::vector<Subscriber> subs = subscribersOf(set, hook);
    if (subs.empty()) return;
    for (const json& event : events) {
      std::vector<PluginDiagnostic> w = notifyObservers(ctx, subs, hook, event);
      warnings.insert(warnings.end(), w.begin(), w.end());
    }
  };
  send("onMetric", metricSamples(book));
  send("onAlert", metricAlerts(book));
  return warnings;
}

} // namespace locus::hooks
