#include "hooks/worker/worker_pool.h"

#include "hooks/audit/audit_log.h"
#include "hooks/worker/worker_options_for.h"

#include <chrono>
#include <thread>

namespace locus::hooks {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

double millis(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

} // namespace

std::string failureText(const CallFailure& failure) {
  std::string text = failure.error ? failure.error->message : failure.message;
  if (!failure.explanation.empty()) text += " [" + failure.explanation + "]";
  std::string tail = failure.stderrTail;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  if (!tail.empty() && failure.kind != FailureKind::ErrorReply) {
    text += "\n  plugin stderr (last lines):\n    ";
    for (char c : tail) text += c == '\n' ? std::string("\n    ") : std::string(1, c);
  }
  return text;
}

WorkerPool::WorkerPool(fs::path projectRoot, PluginSet set, StderrLineSink onStderrLine)
    : root_(std::move(projectRoot)), auditLog_(auditLogPath(root_)), set_(std::move(set)),
      onStderrLine_(std::move(onStderrLine)) {}

WorkerPool::~WorkerPool() {
  shutdownAll();
}

DispatchContext WorkerPool::context() {
  DispatchContext ctx;
  ctx.call = [this](const std::string& plugin, const std::string& method, const json& params) {
    return call(plugin, method, params);
  };
  ctx.callText = [this](const std::string& plugin, const std::string& method,
                        const std::string& paramsText) {
    return callText(plugin, method, paramsText);
  };
  ctx.metrics = &metrics_;
  ctx.auditLog = auditLog_;
  return ctx;
}

PluginWorker* WorkerPool::worker(const std::string& plugin) {
  const LoadedPlugin* loaded = set_.find(plugin);
  if (!loaded) return nullptr;
  std::lock_guard lock(mutex_);
  std::unique_ptr<PluginWorker>& slot = workers_[plugin];
  if (slot) return slot.get();
  std::vector<json> audit; // permission grants and denials
  WorkerOptions options = workerOptionsFor(*loaded, root_, audit);
  options.onStderrLine = onStderrLine_;
  std::error_code ec;
  fs::create_directories(options.policy.workspaceDir, ec); // bwrap binds it; it must exist
  slot = std::make_unique<PluginWorker>(std::move(options));
  if (!audit.empty()) appendAudit(auditLog_, audit);
  return slot.get();
}

std::optional<CallFailure> WorkerPool::ensureStarted(const LoadedPlugin& plugin,
                                                     PluginWorker& worker) {
  if (worker.running()) return std::nullopt;
  auto begin = Clock::now();
  CallOutcome started = worker.start();
  // A null result without failure: another thread started it in between (nothing to record).
  if (started.ok() && started.result.is_null()) return std::nullopt;
  double ms = millis(Clock::now() - begin);
  const std::string& name = plugin.manifest.name;
  recordStart(metrics_, name, ms);
  json entry = {{"event", started.ok() ? "plugin.start" : "plugin.start.failed"},
                {"plugin", name},
                {"version", plugin.manifest.version},
                {"ms", ms}};
  if (!started.ok()) entry["error"] = failureText(*started.failure);
  appendAudit(auditLog_, {entry});
  return started.failure;
}

HookCallResult WorkerPool::call(const std::string& plugin, const std::string& method,
                                const json& params) {
  return callWith(
      plugin, [&](PluginWorker& w, Deadline deadline) { return w.call(method, params, deadline); });
}

HookCallResult WorkerPool::callText(const std::string& plugin, const std::string& method,
                                    const std::string& paramsText) {
  return callWith(plugin, [&](PluginWorker& w, Deadline deadline) {
    return w.callText(method, paramsText, deadline);
  });
}

HookCallResult WorkerPool::callWith(const std::string& plugin, const Send& send) {
  PluginWorker* w = worker(plugin);
  if (!w)
    return HookCallResult::fail(HookFailureKind::StartFailed,
                                "plugin '" + plugin + "' is not loaded");
  const LoadedPlugin& loaded = *set_.find(plugin);
  if (std::optional<CallFailure> failed = ensureStarted(loaded, *w))
    return HookCallResult::fail(hookFailureKindOf(failed->kind), failureText(*failed));
  auto deadline = Clock::now() + std::chrono::milliseconds(loaded.manifest.limits.timeoutMs);
  CallOutcome outcome = send(*w, deadline);
  CallStats stats;
  stats.wallMs = millis(outcome.elapsed);
  stats.maxRssKb = static_cast<std::uint64_t>(w->stats().maxRssKb);
  if (outcome.ok()) return HookCallResult::ok(std::move(outcome.result), stats);
  const CallFailure& f = *outcome.failure;
  json data = f.error ? f.error->data : json();
  return HookCallResult::fail(hookFailureKindOf(f.kind), failureText(f), data, stats);
}

std::map<std::string, CallFailure> WorkerPool::startAll(const std::vector<std::string>& plugins) {
  std::vector<std::string> names = plugins;
  if (names.empty())
    for (const LoadedPlugin& p : set_.plugins) names.push_back(p.manifest.name);
  std::map<std::string, CallFailure> failures;
  std::mutex failuresMutex;
  std::vector<std::thread> threads;
  threads.reserve(names.size());
  for (const std::string& name : names)
    threads.emplace_back([&, name] {
      std::optional<CallFailure> failed;
      if (PluginWorker* w = worker(name)) {
        failed = ensureStarted(*set_.find(name), *w);
      } else {
        failed = CallFailure{
            FailureKind::StartFailed, name, "start", "plugin is not loaded", std::nullopt, "", ""};
      }
      if (!failed) return;
      std::lock_guard lock(failuresMutex);
      failures.emplace(name, std::move(*failed));
    });
  for (std::thread& t : threads) t.join();
  return failures;
}

void WorkerPool::shutdownAll() {
  std::lock_guard lock(mutex_);
  std::vector<json> audit;
  for (auto& [name, w] : workers_) {
    if (!w || !w->running()) continue;
    w->shutdown();
    WorkerStats s = w->stats();
    audit.push_back({{"event", "plugin.stop"},
                     {"plugin", name},
                     {"calls", s.calls},
                     {"failures", s.failures},
                     {"cpuSeconds", s.cpuSeconds},
                     {"maxRssKb", s.maxRssKb}});
  }
  if (!audit.empty()) appendAudit(auditLog_, audit);
}

std::map<std::string, WorkerStats> WorkerPool::workerStats() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, WorkerStats> out;
  for (const auto& [name, w] : workers_)
    if (w) out[name] = w->stats();
  return out;
}

} // namespace locus::hooks
