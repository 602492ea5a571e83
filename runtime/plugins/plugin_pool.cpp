#include "runtime/plugins/plugin_pool.h"

#include "hooks/audit/audit_log.h"

namespace locus::rt::plugins {

using Clock = std::chrono::steady_clock;

PluginPool::~PluginPool() {
  std::lock_guard lock(auditMutex_);
  for (auto& [run, audit] : runAudit_) audit->buffer.flush(); // runs that never ended
  runAudit_.clear();
}

hooks::DispatchContext PluginPool::context(const std::string& runId) {
  hooks::DispatchContext ctx = context();
  if (runId.empty()) return ctx;
  std::lock_guard lock(auditMutex_);
  std::unique_ptr<RunAudit>& slot = runAudit_[runId];
  if (!slot) {
    slot = std::make_unique<RunAudit>();
    slot->buffer.log = auditLog();
    slot->oldest = Clock::now();
  }
  ctx.auditBuffer = &slot->buffer;
  return ctx;
}

void PluginPool::flushRunAuditIfDue(const std::string& runId) {
  std::lock_guard lock(auditMutex_);
  auto it = runAudit_.find(runId);
  if (it == runAudit_.end()) return;
  size_t size;
  {
    std::lock_guard entries(it->second->buffer.mutex);
    size = it->second->buffer.entries.size();
  }
  if (size == 0) {
    it->second->oldest = Clock::now();
    return;
  }
  if (size >= kAuditFlushEntries ||
      Clock::now() - it->second->oldest >= std::chrono::milliseconds(kAuditFlushMs)) {
    it->second->buffer.flush();
    it->second->oldest = Clock::now();
  }
}

void PluginPool::flushRunAudit(const std::string& runId) {
  std::lock_guard lock(auditMutex_);
  auto it = runAudit_.find(runId);
  if (it != runAudit_.end()) flushRunAuditLocked(it);
}

// Keeps the buffer when the append failed (a full disk): a later flush retries it.
void PluginPool::flushRunAuditLocked(
    std::map<std::string, std::unique_ptr<RunAudit>>::iterator it) {
  if (it->second->buffer.flush().ok) runAudit_.erase(it);
}

} // namespace locus::rt::plugins
