// The plugins of one process (docs/design/DESIGN.md §5 "Process model"), shared by the compiler
// (`locusc`) and the runtime (`locus`): the loaded set and one lazily started, long-lived sandboxed
// worker per plugin. It is the transport behind hooks/dispatch: `context()` gives the
// DispatchContext whose calls go to these workers, with start-up metrics and `.locus/audit.log`
// entries (plugin start and stop, permission grants and denials; dispatch adds hook calls and step
// executions). A worker that crashed or timed out is stopped by PluginWorker; the next call starts
// a fresh one.
#pragma once

#include "hooks/discovery/discover.h"
#include "hooks/dispatch/dispatch_context.h"
#include "hooks/hostapi/host_api.h"
#include "hooks/metrics/plugin_metrics.h"
#include "hooks/worker/plugin_worker.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace locus::hooks {

class WorkerPool {
public:
  // The plugins' log lines go to `.locus/logs/<plugin>.log` (hooks/logs/plugin_log.h), then to
  // `onStderrLine` (attributed; may be empty).
  WorkerPool(std::filesystem::path projectRoot, PluginSet set, StderrLineSink onStderrLine = {});
  ~WorkerPool(); // shuts every worker down
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  const PluginSet& set() const { return set_; }
  PluginSet& set() { return set_; }
  const std::filesystem::path& root() const { return root_; }
  const std::filesystem::path& auditLog() const { return auditLog_; }
  MetricsBook& metrics() { return metrics_; }
  HostApi& hostApi() { return hostApi_; }
  EventBus& events() { return *events_; }

  // The context every dispatch function takes: calls go to this pool's workers.
  DispatchContext context();
  // One request to one plugin, starting its worker first when needed.
  HookCallResult call(const std::string& plugin, const std::string& method,
                      const nlohmann::json& params);
  // The same with params already written as JSON text (hooks/dispatch/hook_params.h).
  HookCallResult callText(const std::string& plugin, const std::string& method,
                          const std::string& paramsText);
  // The worker of a loaded plugin (created, not started), or nullptr for an unknown name.
  PluginWorker* worker(const std::string& plugin);
  // Starts the named plugins' workers (every loaded plugin when `plugins` is empty) on one thread
  // each, so start-up costs the slowest plugin rather than the sum. Returns the failures by name.
  std::map<std::string, CallFailure> startAll(const std::vector<std::string>& plugins = {});
  // Delivers the events still queued (at most 30 s), then a polite `shutdown` of every running
  // worker (killed after the grace period); audited as `plugin.stop` with the worker's totals.
  void shutdownAll();
  std::map<std::string, WorkerStats> workerStats() const;

private:
  using Send = std::function<CallOutcome(PluginWorker&, Deadline)>;
  HookCallResult callWith(const std::string& plugin, const Send& send);
  // Starts `plugin`'s worker unless it runs; audits and measures a start that happened here.
  std::optional<CallFailure> ensureStarted(const LoadedPlugin& plugin, PluginWorker& worker);

  std::filesystem::path root_;
  std::filesystem::path auditLog_;
  PluginSet set_;
  StderrLineSink onStderrLine_;
  MetricsBook metrics_;
  HostApi hostApi_;          // secrets, state: what the plugins ask the host during their calls
  mutable std::mutex mutex_; // guards workers_ (the map, not the workers: they lock themselves)
  std::map<std::string, std::unique_ptr<PluginWorker>> workers_;
  std::unique_ptr<EventBus> events_; // delivers through call(): destroyed before the workers
};

// What a failed call says, for a diagnostic that already names plugin and hook: the message, the
// limit that applied, the plugin's last stderr lines.
std::string failureText(const CallFailure& failure);

} // namespace locus::hooks
