#include "hooks/worker/worker_options_for.h"

#include "hooks/manifest/handshake_check.h"
#include "hooks/permissions/permissions.h"
#include "hooks/sandbox/fs_read_binds.h"

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

// The granted `fs.read` globs as read-only binds at /project/…, each bound path and each skipped
// one audited.
void bindFsRead(const std::string& plugin, const std::vector<std::string>& patterns,
                const fs::path& projectRoot, SandboxPolicy& policy, std::vector<json>& audit) {
  if (patterns.empty()) return;
  FsReadBinds resolved = resolveFsReadBinds(projectRoot, patterns);
  json paths = json::array();
  for (const ReadOnlyBind& b : resolved.binds) paths.push_back(b.target);
  audit.push_back({{"event", "sandbox.bind"},
                   {"plugin", plugin},
                   {"permission", "fs.read"},
                   {"patterns", patterns},
                   {"paths", paths}});
  for (const std::string& why : resolved.skipped)
    audit.push_back({{"event", "permission.deny"},
                     {"plugin", plugin},
                     {"permission", "fs.read:" + why.substr(0, why.find(": "))},
                     {"reason", why.substr(why.find(": ") + 2)}});
  policy.readOnlyBinds = std::move(resolved.binds);
}

// The handshake against the manifest: one message naming everything declared but not implemented
// (instead of one "method not handled" per call later). Undeclared extras are harmless.
std::string manifestMismatch(const PluginManifest& m, const json& answer) {
  std::string text;
  for (const HandshakeProblem& p : checkHandshake(m, answer))
    if (p.error) text += (text.empty() ? "" : "; ") + p.message;
  return text;
}

} // namespace

json permissionsJson(const Permissions& granted) {
  return {{"network", granted.network},
          {"fs", {{"read", granted.fsRead}, {"write", granted.fsWrite}}},
          {"env", granted.env},
          {"secrets", granted.secrets}};
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
  bindFsRead(m.name, decision.granted.fsRead, projectRoot, policy, auditEvents);
  policy.limits = sandboxLimits(m.limits);
  options.initializeParams["permissions"] = permissionsJson(decision.granted);
  // Checked against the manifest's `config` schema at load ([plugins.NAME.config] + --env).
  options.initializeParams["config"] = plugin.settings.config;
  options.initializeParams["environment"] = selectedEnvironment();
  options.checkAnswer = [manifest = m](const json& answer) {
    return manifestMismatch(manifest, answer);
  };
  // `/project` exists in the sandbox only when something of the project is bound there.
  if (!policy.readOnlyBinds.empty()) options.initializeParams["project"] = kSandboxProjectDir;
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
