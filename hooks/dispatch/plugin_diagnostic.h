// Every plugin failure, and every diagnostic a plugin reports, becomes one of these records:
// it always names the plugin and the hook, says which channel it came from, and carries a source
// span when the plugin gave one. The compiler driver and the runtime render them with their own
// diagnostics; an `error` fails the build.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace locus::hooks {

enum class Severity { Error, Warning, Info, Hint };

enum class DiagnosticOrigin {
  Reported,          // the plugin returned it in {diagnostics: [...]}
  StartFailed,       // the worker could not be started or failed its handshake
  ErrorReply,        // a JSON-RPC error reply (semantic failure)
  Crash,             // the worker died
  Timeout,           // the worker did not answer in time
  ProtocolViolation, // garbage, wrong framing, unexpected output
  InvalidResult,     // a reply of the wrong shape for the hook's semantics
  RejectedPath,      // a generated file path outside the output root
  InvalidIr,         // an IR patch that does not apply or breaks the IR schema
  Veto,              // a veto hook said no
  Host,              // the host itself (e.g. the audit log could not be written)
};

struct SourceSpan {
  std::string file;
  int line = 0;
  int col = 0;
  int length = 0;
};

struct PluginDiagnostic {
  Severity severity = Severity::Error;
  std::string code; // plugin-chosen, or PLUGIN_CRASH, PLUGIN_TIMEOUT, … for host-detected ones
  std::string message;
  std::string plugin;
  std::string hook;
  DiagnosticOrigin origin = DiagnosticOrigin::Reported;
  std::optional<SourceSpan> span;

  nlohmann::json toJson() const;
  std::string str() const; // "file:3:5: error: [plugin naming-lint, onPostValidate] …"
};

std::string_view severityName(Severity s);
std::string_view originName(DiagnosticOrigin o);
bool isError(const PluginDiagnostic& d);

} // namespace locus::hooks
