#include "hooks/worker/call_outcome.h"

namespace locus::hooks {

const char* failureKindName(FailureKind kind) {
  switch (kind) {
  case FailureKind::StartFailed:
    return "start-failed";
  case FailureKind::HandshakeFailed:
    return "handshake-failed";
  case FailureKind::ErrorReply:
    return "error";
  case FailureKind::Crashed:
    return "crashed";
  case FailureKind::TimedOut:
    return "timed-out";
  case FailureKind::ProtocolViolation:
    return "protocol-violation";
  }
  return "unknown";
}

std::string CallFailure::describe() const {
  std::string text = "plugin '" + plugin + "' failed in " + method + " (" + failureKindName(kind) +
                     "): " + message;
  if (!explanation.empty()) text += " [" + explanation + "]";
  if (!stderrTail.empty()) {
    std::string tail = stderrTail;
    while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
    text += "\n  plugin stderr (last lines):\n    ";
    for (char c : tail) text += c == '\n' ? std::string("\n    ") : std::string(1, c);
  }
  return text;
}

} // namespace locus::hooks
