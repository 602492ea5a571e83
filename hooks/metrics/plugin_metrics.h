// Per-plugin metrics: calls, failures, latency percentiles, CPU time and peak memory,
// per hook; the JSON written by `--metrics FILE`, the build-summary table and slow-hook warnings
// against budgets (manifest `hooks.<hook>.budgetMs` or Locus.toml, see PluginSet::budgetMs).
// Recording is thread-safe: generators may call plugins in parallel.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

// What the transport measured for one call.
struct CallStats {
  double wallMs = 0;
  double cpuMs = 0;           // user + system CPU of the worker during the call
  std::uint64_t maxRssKb = 0; // the worker's peak resident set so far
};

struct HookMetrics {
  std::uint64_t calls = 0;
  std::uint64_t failures = 0;
  std::uint64_t overBudget = 0;
  std::vector<double> latenciesMs;
  double cpuMs = 0;
  std::uint64_t maxRssKb = 0;
  std::optional<double> budgetMs;
};

struct PluginMetrics {
  std::map<std::string, HookMetrics> hooks; // by hook (or "initialize", "generate", …)
  std::uint64_t starts = 0;
  double startMs = 0; // total time spent starting workers (spawn + handshake)
};

struct MetricsBook {
  mutable std::mutex mutex;
  std::map<std::string, PluginMetrics> plugins;
};

void recordCall(MetricsBook& book, const std::string& plugin, const std::string& hook,
                const CallStats& stats, bool failed, std::optional<double> budgetMs);
void recordStart(MetricsBook& book, const std::string& plugin, double ms);

// Nearest-rank percentile (p in 0..100) of `samples`; 0 when empty.
double percentile(std::vector<double> samples, double p);

nlohmann::json metricsJson(const MetricsBook& book);
bool writeMetricsFile(const MetricsBook& book, const std::filesystem::path& file,
                      std::string& error);

struct SlowHookWarning {
  std::string plugin, hook;
  std::string message;
};
// One warning per (plugin, hook) whose p95 exceeds its budget.
std::vector<SlowHookWarning> slowHookWarnings(const MetricsBook& book);

// A fixed-width table for the build summary, one row per (plugin, hook).
std::string metricsTable(const MetricsBook& book);

} // namespace locus::hooks
