#include "hooks/dispatch/invoke.h"

#include "hooks/audit/audit_log.h"
#include "hooks/secrets/redact.h"

#include <cmath>

namespace locus::hooks {

using nlohmann::json;

namespace {

std::optional<Severity> parseSeverity(const json& j) {
  if (!j.is_string()) return std::nullopt;
  std::string s = j.get<std::string>();
  if (s == "error") return Severity::Error;
  if (s == "warning") return Severity::Warning;
  if (s == "info") return Severity::Info;
  if (s == "hint") return Severity::Hint;
  return std::nullopt;
}

std::optional<SourceSpan> parseSpan(const json& j) {
  if (!j.is_object() || !j.value("file", json()).is_string()) return std::nullopt;
  SourceSpan s;
  s.file = j["file"].get<std::string>();
  auto number = [&](const char* key) {
    const json& v = j.value(key, json(0));
    return v.is_number_integer() ? v.get<int>() : 0;
  };
  s.line = number("line");
  s.col = number("col");
  s.length = number("length");
  return s;
}

struct FailureText {
  DiagnosticOrigin origin;
  const char* code;
  const char* what;
};

FailureText describe(HookFailureKind kind) {
  switch (kind) {
  case HookFailureKind::StartFailed:
    return {DiagnosticOrigin::StartFailed, "PLUGIN_START", "could not be started"};
  case HookFailureKind::HandshakeFailed:
    return {DiagnosticOrigin::StartFailed, "PLUGIN_HANDSHAKE", "failed its handshake"};
  case HookFailureKind::ErrorReply:
    return {DiagnosticOrigin::ErrorReply, "PLUGIN_ERROR", "failed"};
  case HookFailureKind::Crash:
    return {DiagnosticOrigin::Crash, "PLUGIN_CRASH", "crashed"};
  case HookFailureKind::Timeout:
    return {DiagnosticOrigin::Timeout, "PLUGIN_TIMEOUT", "timed out"};
  case HookFailureKind::ProtocolViolation:
    return {DiagnosticOrigin::ProtocolViolation, "PLUGIN_PROTOCOL", "broke the protocol"};
  }
  return {DiagnosticOrigin::Crash, "PLUGIN_CRASH", "failed"};
}

void reportFailure(const HookCallFailure& f, const Subscriber& sub, const std::string& hook,
                   Severity severity, std::vector<PluginDiagnostic>& out) {
  FailureText t = describe(f.kind);
  std::size_t before = out.size();
  // A structured error may carry located diagnostics: they say more than the message.
  if (f.kind == HookFailureKind::ErrorReply && f.data.is_object() && f.data.contains("diagnostics"))
    readReportedDiagnostics(f.data["diagnostics"], sub, hook, out);
  bool hasError = false;
  for (std::size_t i = before; i < out.size(); ++i) {
    out[i].origin = t.origin;
    hasError = hasError || out[i].severity == Severity::Error;
  }
  if (severity != Severity::Error || !hasError)
    out.push_back(hostDiagnostic(sub, hook, t.origin, t.code,
                                 "plugin '" + sub.plugin + "' " + t.what + " in " + hook +
                                     (f.message.empty() ? "" : ": " + f.message),
                                 severity));
}

} // namespace

PluginDiagnostic hostDiagnostic(const Subscriber& sub, const std::string& hook,
                                DiagnosticOrigin origin, std::string code, std::string message,
                                Severity severity) {
  PluginDiagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.plugin = sub.plugin;
  d.hook = hook;
  d.origin = origin;
  return d;
}

void readReportedDiagnostics(const json& list, const Subscriber& sub, const std::string& hook,
                             std::vector<PluginDiagnostic>& out) {
  if (!list.is_array()) {
    out.push_back(hostDiagnostic(sub, hook, DiagnosticOrigin::InvalidResult, "PLUGIN_RESULT",
                                 "`diagnostics` must be a list"));
    return;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& item = list[i];
    std::optional<Severity> severity =
        item.is_object() ? parseSeverity(item.value("severity", json())) : std::nullopt;
    if (!severity || !item.value("message", json()).is_string()) {
      out.push_back(hostDiagnostic(
          sub, hook, DiagnosticOrigin::InvalidResult, "PLUGIN_RESULT",
          "diagnostics[" + std::to_string(i) +
              "] needs `severity` (error, warning, info, hint) and a string `message`"));
      continue;
    }
    PluginDiagnostic d;
    d.severity = *severity;
    d.message = redactSecrets(item["message"].get<std::string>());
    d.code = item.value("code", json("")).is_string() ? item.value("code", std::string()) : "";
    d.plugin = sub.plugin;
    d.hook = hook;
    d.span = parseSpan(item.value("span", json()));
    out.push_back(std::move(d));
  }
}

void AuditBatch::flush(const DispatchContext& ctx, std::vector<PluginDiagnostic>& diagnostics,
                       const std::string& hook) {
  if (entries.empty()) return;
  if (ctx.auditBuffer) {
    ctx.auditBuffer->add(std::move(entries));
    entries.clear();
    return;
  }
  if (ctx.auditLog.empty()) return;
  AuditAppendResult r = appendAudit(ctx.auditLog, entries);
  entries.clear();
  if (!r.ok)
    diagnostics.push_back(
        hostDiagnostic({"(host)", {}, {}}, hook, DiagnosticOrigin::Host, "AUDIT_WRITE",
                       "cannot append to the audit log: " + r.error, Severity::Warning));
}

std::optional<json> invokePlugin(const DispatchContext& ctx, const Subscriber& sub,
                                 const std::string& method, const HookParams& params,
                                 Severity failureSeverity, std::vector<PluginDiagnostic>& out,
                                 AuditBatch& audit) {
  HookCallResult r = params.text() && ctx.callText
                         ? ctx.callText(sub.plugin, method, *params.text())
                         : ctx.call(sub.plugin, method, params.value());
  bool failed = r.failure.has_value() || !r.result || !r.result->is_object();
  if (ctx.metrics) recordCall(*ctx.metrics, sub.plugin, method, r.stats, failed, sub.budgetMs);
  std::string outcome = "ok";
  std::optional<json> value;
  if (r.failure) {
    outcome = std::string(originName(describe(r.failure->kind).origin));
    reportFailure(*r.failure, sub, method, failureSeverity, out);
  } else if (!r.result || !r.result->is_object()) {
    outcome = "invalid-result";
    out.push_back(hostDiagnostic(sub, method, DiagnosticOrigin::InvalidResult, "PLUGIN_RESULT",
                                 "plugin '" + sub.plugin + "' answered " + method +
                                     " with something other than a JSON object",
                                 failureSeverity));
  } else {
    value = std::move(*r.result);
    if (value->contains("diagnostics")) {
      readReportedDiagnostics((*value)["diagnostics"], sub, method, out);
      value->erase("diagnostics");
    }
  }
  audit.entries.push_back({{"event", "hook.call"},
                           {"plugin", sub.plugin},
                           {"hook", method},
                           {"outcome", outcome},
                           {"ms", std::round(r.stats.wallMs * 1000) / 1000}});
  return value;
}

std::vector<Subscriber> subscribersOf(const PluginSet& set, std::string_view hook) {
  std::vector<Subscriber> out;
  auto order = set.hookOrder.find(std::string(hook));
  if (order == set.hookOrder.end()) return out;
  for (const std::string& name : order->second) {
    const LoadedPlugin* p = set.find(name);
    if (!p) continue;
    const HookSubscription* s = p->manifest.subscription(hook);
    out.push_back({name, s ? s->filter : HookFilter{}, set.budgetMs(name, hook)});
  }
  return out;
}

} // namespace locus::hooks
