// The plugins of one `locusc` run (docs/design/DESIGN.md §5): the discovered set and its worker
// pool (hooks/worker/worker_pool.h: one lazily started sandboxed worker per plugin, metrics, audit
// log). The driver builds a DispatchContext from it for every hook; the destructor shuts every
// worker down. `locusc watch` keeps one host for all its rebuilds, so workers stay warm.
#pragma once

#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"
#include "hooks/discovery/discover.h"
#include "hooks/dispatch/dispatch_context.h"
#include "hooks/metrics/plugin_metrics.h"
#include "hooks/worker/worker_pool.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace locus {

class PluginHost {
public:
  // Discovers the plugins of `projectRoot`; load problems are left in `set().problems`. The
  // plugins' log lines are filed under .locus/logs/ and also handed to `echo` (`--verbose`).
  explicit PluginHost(std::filesystem::path projectRoot, hooks::StderrLineSink echo = {});
  // An already loaded set (`locusc plugin test`): workspaces and the audit log under `root`.
  PluginHost(std::filesystem::path root, hooks::PluginSet set, hooks::StderrLineSink echo = {});

  const hooks::PluginSet& set() const { return pool_.set(); }
  hooks::PluginSet& set() { return pool_.set(); }
  bool empty() const { return set().plugins.empty(); }
  const std::filesystem::path& root() const { return pool_.root(); }
  hooks::MetricsBook& metrics() { return pool_.metrics(); }
  const std::filesystem::path& auditLog() const { return pool_.auditLog(); }
  hooks::WorkerPool& pool() { return pool_; }

  // The context every dispatch function takes: calls go to this host's workers.
  hooks::DispatchContext context() { return pool_.context(); }
  std::vector<hooks::Subscriber> subscribers(std::string_view hook) const;
  bool subscribed(std::string_view hook) const { return !subscribers(hook).empty(); }

  // One call to one plugin (starting its worker first when needed).
  hooks::HookCallResult call(const std::string& plugin, const std::string& method,
                             const nlohmann::json& params) {
    return pool_.call(plugin, method, params);
  }
  // Stops every running worker (polite `shutdown`, then kill); records the stop in the audit log.
  void shutdownAll() { pool_.shutdownAll(); }
  std::map<std::string, hooks::WorkerStats> workerStats() const { return pool_.workerStats(); }

private:
  hooks::WorkerPool pool_;
};

// Prints a plugin's log line to stderr as `[plugin NAME] line` (`--verbose`, `plugin test`).
hooks::StderrLineSink pluginLinesToStderr();

// The project folder of a `locusc` input: the folder itself, or the folder of the file.
std::filesystem::path projectRootOf(const std::string& input);

} // namespace locus
