#include "hooks/metrics/plugin_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

namespace locus::hooks {

namespace {

std::string fixed(double value, int decimals = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// Milliseconds rounded to microseconds, so the JSON stays readable.
double roundMs(double ms) {
  return std::round(ms * 1000.0) / 1000.0;
}

nlohmann::json hookJson(const HookMetrics& h) {
  nlohmann::json j = {{"calls", h.calls},
                      {"failures", h.failures},
                      {"latencyMs",
                       {{"p50", roundMs(percentile(h.latenciesMs, 50))},
                        {"p95", roundMs(percentile(h.latenciesMs, 95))},
                        {"p99", roundMs(percentile(h.latenciesMs, 99))},
                        {"max", roundMs(percentile(h.latenciesMs, 100))}}},
                      {"cpuMs", roundMs(h.cpuMs)},
                      {"maxRssKb", h.maxRssKb},
                      {"overBudget", h.overBudget}};
  if (h.budgetMs) j["budgetMs"] = *h.budgetMs;
  return j;
}

} // namespace

void recordCall(MetricsBook& book, const std::string& plugin, const std::string& hook,
                const CallStats& stats, bool failed, std::optional<double> budgetMs) {
  std::lock_guard lock(book.mutex);
  HookMetrics& h = book.plugins[plugin].hooks[hook];
  ++h.calls;
  if (failed) ++h.failures;
  h.latenciesMs.push_back(stats.wallMs);
  h.cpuMs += stats.cpuMs;
  h.maxRssKb = std::max(h.maxRssKb, stats.maxRssKb);
  if (budgetMs) {
    h.budgetMs = budgetMs;
    if (stats.wallMs > *budgetMs) ++h.overBudget;
  }
}

void recordStart(MetricsBook& book, const std::string& plugin, double ms) {
  std::lock_guard lock(book.mutex);
  PluginMetrics& p = book.plugins[plugin];
  ++p.starts;
  p.startMs += ms;
}

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  // Nearest rank: the smallest sample with at least p% of the samples at or below it.
  double rank = std::ceil(p / 100.0 * static_cast<double>(samples.size()));
  std::size_t index = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  return samples[std::min(index, samples.size() - 1)];
}

nlohmann::json metricsJson(const MetricsBook& book) {
  std::lock_guard lock(book.mutex);
  nlohmann::json plugins = nlohmann::json::object();
  for (const auto& [name, p] : book.plugins) {
    nlohmann::json hooks = nlohmann::json::object();
    HookMetrics total;
    for (const auto& [hook, h] : p.hooks) {
      hooks[hook] = hookJson(h);
      total.calls += h.calls;
      total.failures += h.failures;
      total.overBudget += h.overBudget;
      total.cpuMs += h.cpuMs;
      total.maxRssKb = std::max(total.maxRssKb, h.maxRssKb);
      total.latenciesMs.insert(total.latenciesMs.end(), h.latenciesMs.begin(), h.latenciesMs.end());
    }
    nlohmann::json entry = hookJson(total);
    entry["starts"] = p.starts;
    entry["startMs"] = roundMs(p.startMs);
    entry["hooks"] = std::move(hooks);
    plugins[name] = std::move(entry);
  }
  return {{"version", 1}, {"plugins", std::move(plugins)}};
}

bool writeMetricsFile(const MetricsBook& book, const std::filesystem::path& file,
                      std::string& error) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) {
    error = "cannot write metrics to " + file.string();
    return false;
  }
  out << metricsJson(book).dump(2) << '\n';
  if (!out) {
    error = "cannot write metrics to " + file.string();
    return false;
  }
  return true;
}

std::vector<SlowHookWarning> slowHookWarnings(const MetricsBook& book) {
  std::lock_guard lock(book.mutex);
  std::vector<SlowHookWarning> out;
  for (const auto& [name, p] : book.plugins)
    for (const auto& [hook, h] : p.hooks) {
      if (!h.budgetMs) continue;
      double p95 = percentile(h.latenciesMs, 95);
      if (p95 <= *h.budgetMs) continue;
      out.push_back({name, hook,
                     "plugin '" + name + "' is slow on " + hook + ": p95 " + fixed(p95, 1) +
                         " ms exceeds its budget of " + fixed(*h.budgetMs, 1) + " ms (" +
                         std::to_string(h.overBudget) + " of " + std::to_string(h.calls) +
                         " calls over); see `--metrics FILE` for details"});
    }
  return out;
}

std::string metricsTable(const MetricsBook& book) {
  std::lock_guard lock(book.mutex);
  char line[256];
  std::string out;
  std::snprintf(line, sizeof line, "%-24s %-18s %7s %5s %9s %9s %9s %9s %9s\n", "plugin", "hook",
                "calls", "fail", "p50 ms", "p95 ms", "p99 ms", "cpu ms", "rss MB");
  out += line;
  for (const auto& [name, p] : book.plugins)
    for (const auto& [hook, h] : p.hooks) {
      std::snprintf(line, sizeof line, "%-24s %-18s %7llu %5llu %9.2f %9.2f %9.2f %9.1f %9.1f\n",
                    name.c_str(), hook.c_str(), static_cast<unsigned long long>(h.calls),
                    static_cast<unsigned long long>(h.failures), percentile(h.latenciesMs, 50),
                    percentile(h.latenciesMs, 95), percentile(h.latenciesMs, 99), h.cpuMs,
                    static_cast<double>(h.maxRssKb) / 1024.0);
      out += line;
    }
  return out;
}

} // namespace locus::hooks
