#include "compiler/driver/plugin_summary.h"

#include <llvm/Support/Format.h>

#include <fstream>

namespace locus {

nlohmann::json pluginMetricsJson(PluginHost& host) {
  nlohmann::json json = hooks::metricsJson(host.metrics());
  for (const auto& [name, stats] : host.workerStats()) {
    nlohmann::json& entry = json["plugins"][name];
    entry["worker"] = {{"starts", stats.starts},     {"calls", stats.calls},
                       {"failures", stats.failures}, {"cpuSeconds", stats.cpuSeconds},
                       {"maxRssKb", stats.maxRssKb}, {"pidsLimit", stats.pidsLimit}};
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
  for (const auto& [name, p] : json["plugins"].items()) {
    os << "locusc: plugin " << name << ": " << p.value("calls", 0u) << " calls, "
       << p.value("failures", 0u) << " failed, p50 "
       << llvm::format("%.2f", p["latencyMs"].value("p50", 0.0)) << " ms, p95 "
       << llvm::format("%.2f", p["latencyMs"].value("p95", 0.0)) << " ms, start "
       << llvm::format("%.1f", p.value("startMs", 0.0)) << " ms";
    if (p.contains("worker"))
      os << ", cpu " << llvm::format("%.2f", p["worker"].value("cpuSeconds", 0.0)) << " s, rss "
         << p["worker"].value("maxRssKb", 0) / 1024 << " MB";
    os << "\n";
  }
}

} // namespace locus
