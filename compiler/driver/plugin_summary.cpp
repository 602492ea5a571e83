#include "compiler/driver/plugin_summary.h"

#include <llvm/Support/Format.h>

#include <fstream>

namespace locus {

nlohmann::json pluginMetricsJson(PluginHost& host) {
  nlohmann::json json = hooks::metricsJson(host.metrics());
  for (const auto& [name, stats] : host.workerStats()) {
    nlohmann::json& entry = json["plugins"][name];
    entry["worker"] = {{"starts", stats.starts},
                       {"calls", stats.calls},
                       {"failures", stats.failures},
                       {"cpuSeconds", stats.cpuSeconds},
                       {"maxRssKb", stats.maxRssKb},
                       {"pidsLimit", stats.pidsLimit},
                       {"accounting", stats.treeAccounting ? "cgroup" : "bwrap"}};
  }
  return json;
}

void writePluginMetrics(PluginHost& host, const std::string& file, DiagnosticSink& sink) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << pluginMetricsJson(host).dump(2) << '\n';
  if (!out)
    sink.emit(DiagKind::OutputWriteError, Span{},
              "cannot write the plugin metrics to '" + file + "' (check the folder exists)");
}

void printPluginSummary(PluginHost& host, llvm::raw_ostream& os) {
  nlohmann::json json = pluginMetricsJson(host);
  const nlohmann::json plugins = json.value("plugins", nlohmann::json::object());
  for (const auto& [name, p] : plugins.items()) {
    // A plugin that made no call this build (e.g. one with only a step kind) has a worker entry
    // but no latency yet: read with defaults, never create members on the way.
    const nlohmann::json latency = p.value("latencyMs", nlohmann::json::object());
    os << "locusc: plugin " << name << ": " << p.value("calls", 0u) << " calls, "
       << p.value("failures", 0u) << " failed, p50 "
       << llvm::format("%.2f", latency.value("p50", 0.0)) << " ms, p95 "
       << llvm::format("%.2f", latency.value("p95", 0.0)) << " ms, start "
       << llvm::format("%.1f", p.value("startMs", 0.0)) << " ms";
    if (p.contains("worker"))
      os << ", cpu " << llvm::format("%.2f", p.at("worker").value("cpuSeconds", 0.0)) << " s, rss "
         << p.at("worker").value("maxRssKb", 0) / 1024 << " MB";
    os << "\n";
  }
}

} // namespace locus
