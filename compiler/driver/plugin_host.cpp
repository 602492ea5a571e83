#include "compiler/driver/plugin_host.h"

#include "hooks/audit/audit_log.h"
#include "hooks/core_version.h"
#include "hooks/worker/worker_options_for.h"

#include <chrono>
#include <cstdlib>

namespace locus {

namespace fs = std::filesystem;

fs::path projectRootOf(const std::string& input) {
  std::error_code ec;
  fs::path path = input.empty() ? fs::path(".") : fs::path(input);
  fs::path dir = fs::is_directory(path, ec) ? path : path.parent_path();
  if (dir.empty()) dir = ".";
  fs::path absolute = fs::absolute(dir, ec);
  return ec ? dir : absolute.lexically_normal();
}

PluginHost::PluginHost(fs::path projectRoot)
    : root_(std::move(projectRoot)), auditLog_(hooks::auditLogPath(root_)),
      set_(hooks::discoverPlugins(root_)) {}

PluginHost::PluginHost(fs::path root, hooks::PluginSet set)
    : root_(std::move(root)), auditLog_(hooks::auditLogPath(root_)), set_(std::move(set)) {}

PluginHost::~PluginHost() {
  shutdownAll();
}

std::vector<hooks::Subscriber> PluginHost::subscribers(std::string_view hook) const {
  return hooks::subscribersOf(set_, hook);
}

hooks::DispatchContext PluginHost::context() {
  hooks::DispatchContext ctx;
  ctx.call = [this](const std::string& plugin, const std::string& method,
                    const nlohmann::json& params) { return call(plugin, method, params); };
  ctx.metrics = &metrics_;
  ctx.auditLog = auditLog_;
  return ctx;
}

hooks::PluginWorker* PluginHost::workerFor(const hooks::LoadedPlugin& plugin) {
  std::lock_guard lock(mutex_);
  std::unique_ptr<hooks::PluginWorker>& slot = workers_[plugin.manifest.name];
  if (slot) return slot.get();
  std::vector<nlohmann::json> audit;
  hooks::WorkerOptions options = hooks::workerOptionsFor(plugin, root_, audit);
  std::error_code ec;
  fs::create_directories(options.policy.workspaceDir, ec);
  slot = std::make_unique<hooks::PluginWorker>(std::move(options));
  if (!audit.empty()) hooks::appendAudit(auditLog_, audit);
  return slot.get();
}

hooks::HookCallResult PluginHost::call(const std::string& plugin, const std::string& method,
                                       const nlohmann::json& params) {
  const hooks::LoadedPlugin* loaded = set_.find(plugin);
  if (!loaded)
    return hooks::HookCallResult::fail(hooks::HookFailureKind::StartFailed,
                                       "plugin '" + plugin + "' is not loaded");
  hooks::PluginWorker* worker = workerFor(*loaded);
  if (!worker->running()) {
    auto begin = std::chrono::steady_clock::now();
    hooks::CallOutcome started = worker->start();
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
    hooks::recordStart(metrics_, plugin, ms);
    nlohmann::json entry = {{"event", started.ok() ? "plugin.start" : "plugin.start.failed"},
                            {"plugin", plugin},
                            {"version", loaded->manifest.version},
                            {"ms", ms}};
    if (!started.ok()) entry["error"] = started.failure->describe();
    hooks::appendAudit(auditLog_, {entry});
    if (!started.ok())
      return hooks::HookCallResult::fail(hooks::hookFailureKindOf(started.failure->kind),
                                         started.failure->describe());
  }
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::milliseconds(loaded->manifest.limits.timeoutMs);
  hooks::CallOutcome outcome = worker->call(method, params, deadline);
  hooks::CallStats stats;
  stats.wallMs = std::chrono::duration<double, std::milli>(outcome.elapsed).count();
  if (outcome.ok()) return hooks::HookCallResult::ok(std::move(outcome.result), stats);
  const hooks::CallFailure& f = *outcome.failure;
  nlohmann::json data = f.error ? f.error->data : nlohmann::json();
  std::string message =
      f.kind == hooks::FailureKind::ErrorReply && f.error ? f.error->message : f.describe();
  return hooks::HookCallResult::fail(hooks::hookFailureKindOf(f.kind), message, data, stats);
}

void PluginHost::shutdownAll() {
  std::lock_guard lock(mutex_);
  std::vector<nlohmann::json> audit;
  for (auto& [name, worker] : workers_) {
    if (!worker || !worker->running()) continue;
    worker->shutdown();
    audit.push_back({{"event", "plugin.stop"}, {"plugin", name}});
  }
  if (!audit.empty()) hooks::appendAudit(auditLog_, audit);
}

std::map<std::string, hooks::WorkerStats> PluginHost::workerStats() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, hooks::WorkerStats> out;
  for (const auto& [name, worker] : workers_)
    if (worker) out[name] = worker->stats();
  return out;
}

} // namespace locus
