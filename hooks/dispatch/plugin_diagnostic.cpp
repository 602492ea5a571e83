#include "hooks/dispatch/plugin_diagnostic.h"

namespace locus::hooks {

std::string_view severityName(Severity s) {
  switch (s) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Info:
    return "info";
  case Severity::Hint:
    return "hint";
  }
  return "";
}

std::string_view originName(DiagnosticOrigin o) {
  switch (o) {
  case DiagnosticOrigin::Reported:
    return "reported";
  case DiagnosticOrigin::StartFailed:
    return "start-failed";
  case DiagnosticOrigin::ErrorReply:
    return "error-reply";
  case DiagnosticOrigin::Crash:
    return "crash";
  case DiagnosticOrigin::Timeout:
    return "timeout";
  case DiagnosticOrigin::ProtocolViolation:
    return "protocol-violation";
  case DiagnosticOrigin::InvalidResult:
    return "invalid-result";
  case DiagnosticOrigin::RejectedPath:
    return "rejected-path";
  case DiagnosticOrigin::InvalidIr:
    return "invalid-ir";
  case DiagnosticOrigin::Veto:
    return "veto";
  case DiagnosticOrigin::Host:
    return "host";
  }
  return "";
}

bool isError(const PluginDiagnostic& d) {
  return d.severity == Severity::Error;
}

nlohmann::json PluginDiagnostic::toJson() const {
  nlohmann::json j = {{"severity", severityName(severity)},
                      {"code", code},
                      {"message", message},
                      {"plugin", plugin},
                      {"hook", hook},
                      {"origin", originName(origin)}};
  if (span)
    j["span"] = {
        {"file", span->file}, {"line", span->line}, {"col", span->col}, {"length", span->length}};
  return j;
}

std::string PluginDiagnostic::str() const {
  std::string out;
  if (span && !span->file.empty()) {
    out = span->file;
    if (span->line > 0) out += ":" + std::to_string(span->line);
    if (span->col > 0) out += ":" + std::to_string(span->col);
    out += ": ";
  }
  out += std::string(severityName(severity)) + ": [plugin " + plugin + ", " + hook + "] " + message;
  if (!code.empty()) out += " [" + code + "]";
  return out;
}

} // namespace locus::hooks
