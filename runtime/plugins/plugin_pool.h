// The plugins of one `locus` process (docs/design/DESIGN.md §5 "Process model"): the worker pool
// the compiler uses too (hooks/worker/worker_pool.h), shared by every run the process executes,
// plus per-run audit buffering: a run's hook-call and step entries collect in its own buffer and
// are written with one append and one fsync instead of one each (docs/runtime.md, "Audit
// batching").
#pragma once

#include "hooks/worker/worker_pool.h"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace locus::rt::plugins {

using hooks::failureText;

class PluginPool : public hooks::WorkerPool {
public:
  using hooks::WorkerPool::WorkerPool;
  ~PluginPool(); // writes what runs that never ended left buffered

  using hooks::WorkerPool::context;
  // A context whose audit entries (hook calls, step executions) collect in the run's buffer
  // instead of one fsync'ed append each; they are written by flushRunAudit, or earlier by
  // flushRunAuditIfDue once the buffer holds kAuditFlushEntries or is kAuditFlushMs old.
  hooks::DispatchContext context(const std::string& runId);
  void flushRunAuditIfDue(const std::string& runId);
  void flushRunAudit(const std::string& runId); // the run's execution ended

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
};

} // namespace locus::rt::plugins
