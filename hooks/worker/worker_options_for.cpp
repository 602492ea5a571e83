#include "hooks/worker/worker_options_for.h"

#include "hooks/permissions/permissions.h"

#include <cstdlib>

namespace locus::hooks {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

SandboxLimits sandboxLimits(const Limits& limits) {
  SandboxLimits out;
  out.timeoutMs = limits.timeoutMs;
  out.memoryMb = limits.memoryMb;
  out.cpuSeconds = limits.cpuSeconds;
  out.maxOutputMb = limits.maxOutputMb;
  out.maxPids = limits.pids;
  return out;
}

} // namespace

json permissionsJson(const Permissions& granted) {
  return {{"network", granted.network},
          {"fs", {{"read", granted.fsRead}, {"write", granted.fsWrite}}},
          {"env", granted.env}};
}

WorkerOptions workerOptionsFor(const LoadedPlugin& plugin, const fs::path& projectRoot,
                               std::vector<json>& auditEvents) {
  const PluginManifest& m = plugin.manifest;
  PermissionDecision decision = decidePermissions(m, plugin.settings.policy);
  for (const PermissionEvent& e : decision.events) auditEvents.push_back(e.toJson());

  WorkerOptions options;
  options.pluginName = m.name;
  SandboxPolicy& policy = options.policy;
  std::error_code ec;
  fs::path pluginDir = fs::absolute(m.dir, ec);
  policy.pluginDir = (ec ? m.dir : pluginDir).lexically_normal().string();
  policy.workspaceDir = (projectRoot / ".locus" / "workspaces" / m.name).string();
  policy.entry = m.entry;
  policy.network = decision.granted.network;
  // A granted variable the host does not have is simply absent inside the sandbox too.
  for (const std::string& name : decision.granted.env)
    if (const char* value = std::getenv(name.c_str())) policy.env.emplace_back(name, value);
  policy.limits = sandboxLimits(m.limits);
  options.initializeParams["permissions"] = permissionsJson(decision.granted);
  return options;
}

HookFailureKind hookFailureKindOf(FailureKind kind) {
  switch (kind) {
  case FailureKind::StartFailed:
    return HookFailureKind::StartFailed;
  case FailureKind::HandshakeFailed:
    return HookFailureKind::HandshakeFailed;
  case FailureKind::ErrorReply:
    return HookFailureKind::ErrorReply;
  case FailureKind::Crashed:
    return HookFailureKind::Crash;
  case FailureKind::TimedOut:
    return HookFailureKind::Timeout;
  case FailureKind::ProtocolViolation:
    return HookFailureKind::ProtocolViolation;
  }
  return HookFailureKind::Crash;
}

} // namespace locus::hooks
