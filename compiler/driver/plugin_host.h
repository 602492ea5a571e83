// The plugins of one `locusc` run (DESIGN §5): the discovered set, one lazily started sandboxed
// worker per plugin, the metrics book and the audit log. The driver builds a DispatchContext from
// it for every hook; the destructor shuts every worker down.
#pragma once

#include "compiler/base/source_set.h"
#include "compiler/diagnostics/diagnostic.h"
#include "hooks/discovery/discover.h"
#include "hooks/dispatch/dispatch_context.h"
#include "hooks/metrics/plugin_metrics.h"
#include "hooks/worker/plugin_worker.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace locus {

class PluginHost {
public:
  // Discovers the plugins of `projectRoot`; load problems are left in `set().problems`.
  explicit PluginHost(std::filesystem::path projectRoot);
  // An already loaded set (`locusc plugin test`): workspaces and the audit log under `root`.
  PluginHost(std::filesystem::path root, hooks::PluginSet set);
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  const hooks::PluginSet& set() const { return set_; }
  hooks::PluginSet& set() { return set_; }
  bool empty() const { return set_.plugins.empty(); }
  const std::filesystem::path& root() const { return root_; }
  hooks::MetricsBook& metrics() { return metrics_; }
  const std::filesystem::path& auditLog() const { return auditLog_; }

  // The context every dispatch function takes: calls go to this host's workers.
  hooks::DispatchContext context();
  std::vector<hooks::Subscriber> subscribers(std::string_view hook) const;
  bool subscribed(std::string_view hook) const { return !subscribers(hook).empty(); }

  // One call to one plugin (starting its worker first when needed).
  hooks::HookCallResult call(const std::string& plugin, const std::string& method,
                             const nlohmann::json& params);
  // Stops every running worker (polite `shutdown`, then kill); records the stop in the audit log.
  void shutdownAll();
  std::map<std::string, hooks::WorkerStats> workerStats() const;

private:
  hooks::PluginWorker* workerFor(const hooks::LoadedPlugin& plugin);

  std::filesystem::path root_;
  std::filesystem::path auditLog_;
  hooks::PluginSet set_;
  hooks::MetricsBook metrics_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<hooks::PluginWorker>> workers_;
};

// The project folder of a `locusc` input: the folder itself, or the folder of the file.
std::filesystem::path projectRootOf(const std::string& input);

} // namespace locus
