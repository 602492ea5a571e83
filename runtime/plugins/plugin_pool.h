// The plugins of one `locus` process (DESIGN §5 "Process model"): the discovered set and one
// lazily started, long-lived sandboxed worker per plugin, shared by every run the process
// executes. It is the transport behind hooks/dispatch: `context()` gives the DispatchContext
// whose calls go to these workers, with metrics and `.locus/audit.log` entries (plugin start and
// stop, permission grants and denials; dispatch adds hook calls and step executions).
#pragma once

#include "hooks/discovery/discover.h"
#include "hooks/dispatch/dispatch_context.h"
#include "hooks/metrics/plugin_metrics.h"
#include "hooks/worker/plugin_worker.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace locus::rt::plugins {

class PluginPool {
public:
  // `onStderrLine` receives the plugins' log lines (attributed); may be empty.
  PluginPool(std::filesystem::path projectRoot, hooks::PluginSet set,
             hooks::StderrLineSink onStderrLine = {});
  ~PluginPool(); // shuts every worker down
  PluginPool(const PluginPool&) = delete;
  PluginPool& operator=(const PluginPool&) = delete;

  const hooks::PluginSet& set() const { return set_; }
  const std::filesystem::path& root() const { return root_; }
  const std::filesystem::path& auditLog() const { return auditLog_; }
  hooks::MetricsBook& metrics() { return metrics_; }

  hooks::DispatchContext context();
  // A context whose audit entries (hook calls, step executions) collect in the run's buffer
  // instead of one fsync'ed append each; they are written by flushRunAudit, or earlier by
  // flushRunAuditIfDue once the buffer holds kAuditFlushEntries or is kAuditFlushMs old.
  hooks::DispatchContext context(const std::string& runId);
  void flushRunAuditIfDue(const std::string& runId);
  void flushRunAudit(const std::string& runId); // the run's execution ended
  // One request to one plugin, starting its worker first when needed.
  hooks::HookCallResult call(const std::string& plugin, const std::string& method,
                             const nlohmann::json& params);
  // The worker of a loaded plugin (created, not started), or nullptr for an unknown name.
  hooks::PluginWorker* worker(const std::string& plugin);
  // Polite `shutdown` of every running worker; audited as `plugin.stop`.
  void shutdownAll();

  static constexpr size_t kAuditFlushEntries = 64;
  static constexpr int64_t kAuditFlushMs = 1000;

private:
  struct RunAudit {
    hooks::AuditBuffer buffer;
    std::chrono::steady_clock::time_point oldest; // of the entries not yet written
  };
  void flushRunAuditLocked(std::map<std::string, std::unique_ptr<RunAudit>>::iterator it);
  std::mutex auditMutex_;
  std::map<std::string, std::unique_ptr<RunAudit>> runAudit_;

  std::filesystem::path root_;
  std::filesystem::path auditLog_;
  hooks::PluginSet set_;
  hooks::StderrLineSink onStderrLine_;
  hooks::MetricsBook metrics_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<hooks::PluginWorker>> workers_;
};

// What a failed call says, for the diagnostic: the message, the limit that applied, the
// plugin's last stderr lines.
std::string failureText(const hooks::CallFailure& failure);

} // namespace locus::rt::plugins
