#include "runtime/plugins/plugin_pool.h"

#include "hooks/audit/audit_log.h"
#include "hooks/worker/worker_options_for.h"

#include <chrono>

namespace locus::rt::plugins {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

double millis(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

} // namespace

std::string failureText(const hooks::CallFailure& failure) {
  std::string text = failure.error ? failure.error->message : failure.message;
  if (!failure.explanation.empty()) text += " [" + failure.explanation + "]";
  std::string tail = failure.stderrTail;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  if (!tail.empty() && failure.kind != hooks::FailureKind::ErrorReply) {
    text += "\n  plugin stderr (last lines):\n    ";
    for (char c : tail) text += c == '\n' ? std::string("\n    ") : std::string(1, c);
  }
  return text;
}

PluginPool::PluginPool(fs::path projectRoot, hooks::PluginSet set,
                       hooks::StderrLineSink onStderrLine)
    : root_(std::move(projectRoot)), auditLog_(hooks::auditLogPath(root_)), set_(std::move(set)),
      onStderrLine_(std::move(onStderrLine)) {}

PluginPool::~PluginPool() {
  {
    std::lock_guard lock(auditMutex_);
    for (auto& [run, audit] : runAudit_) audit->buffer.flush(); // runs that never ended
    runAudit_.clear();
  }
  shutdownAll();
}

hooks::DispatchContext PluginPool::context(const std::string& runId) {
  hooks::DispatchContext ctx = context();
  if (runId.empty()) return ctx;
  std::lock_guard lock(auditMutex_);
  std::unique_ptr<RunAudit>& slot = runAudit_[runId];
  if (!slot) {
    slot = std::make_unique<RunAudit>();
    slot->buffer.log = auditLog_;
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

hooks::DispatchContext PluginPool::context() {
  hooks::DispatchContext ctx;
  ctx.call = [this](const std::string& plugin, const std::string& method, const json& params) {
    return call(plugin, method, params);
  };
  ctx.metrics = &metrics_;
  ctx.auditLog = auditLog_;
  return ctx;
}

hooks::PluginWorker* PluginPool::worker(const std::string& plugin) {
  const hooks::LoadedPlugin* loaded = set_.find(plugin);
  if (!loaded) return nullptr;
  std::lock_guard lock(mutex_);
  std::unique_ptr<hooks::PluginWorker>& slot = workers_[plugin];
  if (slot) return slot.get();
  std::vector<json> audit;
  hooks::WorkerOptions options = hooks::workerOptionsFor(*loaded, root_, audit);
  options.onStderrLine = onStderrLine_;
  slot = std::make_unique<hooks::PluginWorker>(std::move(options));
  if (!audit.empty()) hooks::appendAudit(auditLog_, audit);
  return slot.get();
}

hooks::HookCallResult PluginPool::call(const std::string& plugin, const std::string& method,
                                       const json& params) {
  hooks::PluginWorker* w = worker(plugin);
  if (!w)
    return hooks::HookCallResult::fail(hooks::HookFailureKind::StartFailed,
                                       "plugin '" + plugin + "' is not loaded");
  const hooks::LoadedPlugin& loaded = *set_.find(plugin);
  if (!w->running()) {
    auto begin = Clock::now();
    hooks::CallOutcome started = w->start();
    // A null result without failure: another thread started it in between.
    if (!started.ok() || !started.result.is_null()) {
      double ms = millis(Clock::now() - begin);
      hooks::recordStart(metrics_, plugin, ms);
      json entry = {{"event", started.ok() ? "plugin.start" : "plugin.start.failed"},
                    {"plugin", plugin},
                    {"version", loaded.manifest.version},
                    {"ms", ms}};
      if (!started.ok()) entry["error"] = failureText(*started.failure);
      hooks::appendAudit(auditLog_, {entry});
    }
    if (!started.ok())
      return hooks::HookCallResult::fail(hooks::hookFailureKindOf(started.failure->kind),
                                         failureText(*started.failure));
  }
  auto deadline = Clock::now() + std::chrono::milliseconds(loaded.manifest.limits.timeoutMs);
  hooks::CallOutcome outcome = w->call(method, params, deadline);
  hooks::CallStats stats;
  stats.wallMs = millis(outcome.elapsed);
  stats.maxRssKb = static_cast<std::uint64_t>(w->stats().maxRssKb);
  if (outcome.ok()) return hooks::HookCallResult::ok(std::move(outcome.result), stats);
  const hooks::CallFailure& f = *outcome.failure;
  json data = f.error ? f.error->data : json();
  return hooks::HookCallResult::fail(hooks::hookFailureKindOf(f.kind), failureText(f), data, stats);
}

void PluginPool::shutdownAll() {
  std::lock_guard lock(mutex_);
  std::vector<json> audit;
  for (auto& [name, w] : workers_) {
    if (!w || !w->running()) continue;
    w->shutdown();
    hooks::WorkerStats s = w->stats();
    audit.push_back({{"event", "plugin.stop"},
                     {"plugin", name},
                     {"calls", s.calls},
                     {"failures", s.failures},
                     {"cpuSeconds", s.cpuSeconds},
                     {"maxRssKb", s.maxRssKb}});
  }
  if (!audit.empty()) hooks::appendAudit(auditLog_, audit);
}

} // namespace locus::rt::plugins
