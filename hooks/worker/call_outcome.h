// What one call into a plugin gives back: the result, or a failure that names the plugin and the
// method and says what happened. Every way a plugin can misbehave ends as one of these values;
// the host turns them into diagnostics (docs/design/DESIGN.md §5: "the compiler never hangs and
// never crashes because of a plugin").
#pragma once

#include "hooks/protocol/json_rpc.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace locus::hooks {

enum class FailureKind {
  StartFailed,       // bwrap missing, user namespaces unavailable, entry not executable, …
  HandshakeFailed,   // `initialize` refused, wrong answer, or the plugin died during it
  ErrorReply,        // the plugin answered with a JSON-RPC error (semantic; worker keeps running)
  Crashed,           // exited or was killed by a signal (includes CPU/memory limit kills)
  TimedOut,          // no answer before the deadline; the process group was killed
  ProtocolViolation, // bytes on stdout that are not a valid frame/response, oversized message
};

const char* failureKindName(FailureKind kind);

struct CallFailure {
  FailureKind kind = FailureKind::Crashed;
  std::string plugin;
  std::string method;
  std::string message;           // one sentence: what happened
  std::optional<RpcError> error; // the plugin's error object (ErrorReply)
  std::string stderrTail;        // last lines the plugin wrote to stderr, if any
  std::string explanation;       // the limit that applied ("cpuSeconds=5 exceeded"), if known

  // "plugin 'x' failed in onPreParse: timed out after 2000 ms (stderr: ...)"
  std::string describe() const;
};

struct CallOutcome {
  nlohmann::json result; // meaningful when ok()
  std::optional<CallFailure> failure;
  std::chrono::nanoseconds elapsed{0}; // wall time of the call, start-up excluded
  double cpuSeconds = 0; // CPU of the plugin's process tree during the call (0: not counted)

  bool ok() const { return !failure; }
};

} // namespace locus::hooks
