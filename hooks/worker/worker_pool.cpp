#include "hooks/worker/worker_pool.h"

#include "hooks/audit/audit_log.h"
#include "hooks/logs/plugin_log.h"
#include "hooks/secrets/redact.h"
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

// A text block under a diagnostic line, indented so it reads as part of it.
std::string indentedBlock(const std::string& title, std::string block) {
  while (!block.empty() && (block.back() == '\n' || block.back() == '\r')) block.pop_back();
  if (block.empty()) return "";
  std::string text = "\n  " + title + ":\n    ";
  for (char c : block) text += c == '\n' ? std::string("\n    ") : std::string(1, c);
  return text;
}

} // namespace

std::string failureText(const CallFailure& failure) {
  std::string text = failure.error ? failure.error->message : failure.message;
  if (!failure.explanation.empty()) text += " [" + failure.explanation + "]";
  // An SDK answers an uncaught exception with its traceback: the author needs it, not only
  // `KeyError('nmae')`.
  if (failure.error && failure.error->data.is_object() &&
      failure.error->data.value("traceback", nlohmann::json()).is_string())
    text += indentedBlock("plugin traceback", failure.error->data["traceback"].get<std::string>());
  if (failure.kind != FailureKind::ErrorReply)
    text += indentedBlock("plugin stderr (last lines)", failure.stderrTail);
  return redactSecrets(std::move(text));
}

WorkerPool::WorkerPool(fs::path projectRoot, PluginSet set, StderrLineSink onStderrLine)
    : root_(std::move(projectRoot)), auditLog_(auditLogPath(root_)), set_(std::move(set)),
      onStderrLine_(pluginLogSink(root_, std::move(onStderrLine))), hostApi_(root_) {
  events_ = std::make_unique<EventBus>(
      set_, auditLog_, [this](const std::string& subscriber, const json& params) {
        HookCallResult r = call(subscriber, "onEvent", params);
        recordCall(metrics_, subscriber, "onEvent", r.stats, r.failure.has_value(), std::nullopt);
        return r.failure ? redactSecrets(r.failure->message) : std::string();
      });
  hostApi_.setEvents(events_.get());
}

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
  HostApiGrant grant{
      plugin,
      options.initializeParams["permissions"].value("secrets", std::vector<std::string>{}),
      {static_cast<std::uint64_t>(loaded->manifest.limits.stateKeys),
       static_cast<std::uint64_t>(loaded->manifest.limits.stateKb) << 10}};
  options.hostApi = [this, grant = std::move(grant)](const RpcRequest& request) {
    return hostApi_.handle(grant, request);
  };
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
  hostApi_.state().callStarted();
  CallOutcome outcome = send(*w, deadline);
  hostApi_.state().callEnded();
  CallStats stats;
  stats.wallMs = millis(outcome.elapsed);
  stats.cpuMs = outcome.cpuSeconds * 1000;
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
  events_->drain(std::chrono::seconds(30)); // deliveries call workers: before taking the lock
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
