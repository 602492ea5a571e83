#include "runtime/plugins/plugin_worker_options.h"

#include "hooks/permissions/permissions.h"

#include <cstdlib>

namespace locus::rt::plugins {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

hooks::SandboxLimits sandboxLimits(const hooks::Limits& limits) {
  hooks::SandboxLimits out;
  out.timeoutMs = limits.timeoutMs;
  out.memoryMb = limits.memoryMb;
  out.cpuSeconds = limits.cpuSeconds;
  out.maxOutputMb = limits.maxOutputMb;
  out.maxPids = limits.pids;
  return out;
}

} // namespace

json permissionsJson(const hooks::Permissions& granted) {
  return {{"network", granted.network},
          {"fs", {{"read", granted.fsRead}, {"write", granted.fsWrite}}},
          {"env", granted.env}};
}

hooks::WorkerOptions workerOptionsFor(const hooks::LoadedPlugin& plugin,
                                      const fs::path& projectRoot, std::vector<json>& auditEvents) {
  const hooks::PluginManifest& m = plugin.manifest;
  hooks::PermissionDecision decision = hooks::decidePermissions(m, plugin.settings.policy);
  for (const hooks::PermissionEvent& e : decision.events) auditEvents.push_back(e.toJson());

  hooks::WorkerOptions options;
  options.pluginName = m.name;
  hooks::SandboxPolicy& policy = options.policy;
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

} // namespace locus::rt::plugins
