#include "runtime/engine/run_control.h"
#include "runtime/engine/runner.h"

namespace locus::rt {

namespace {

Json audit(const std::string& reason, const std::string& by) {
  Json j = {{"by", by}};
  if (!reason.empty()) j["reason"] = reason;
  return j;
}

Json endError(const char* what, const std::string& reason, const std::string& by) {
  return {{"message", std::string(what) + (reason.empty() ? "" : ": " + reason)},
          {"code", what},
          {"by", by},
          {"retryable", false}};
}

} // namespace

bool runHasEnded(const std::string& status) {
  return status == "completed" || status == "failed" || status == "cancelled" ||
         status == "terminated";
}

ControlResult requestCancel(Store& store, const RunRecord& run, const std::string& reason,
                            const std::string& by) {
  if (runHasEnded(run.status)) return {false, "run " + run.id + " has already " + run.status};
  if (run.status == "queued" &&
      store.endRun(run.id, "cancelled", endError("cancelled", reason, by))) {
    traceRunEvent(store, run, "cancelled", audit(reason, by));
    return {true, "run " + run.id + " cancelled (it had not started)"};
  }
  store.sendSignal(run.id, kCancelSignal, audit(reason, by)); // wakes a waiting run
  traceRunEvent(store, run, "cancel-requested", audit(reason, by));
  return {true, "run " + run.id + " will stop at its next step boundary and run its cleanup"};
}

ControlResult terminateRun(Store& store, const RunRecord& run, const std::string& reason,
                           const std::string& by) {
  if (runHasEnded(run.status)) return {false, "run " + run.id + " has already " + run.status};
  if (!store.endRun(run.id, "terminated", endError("terminated", reason, by)))
    return {false, "run " + run.id + " ended before it could be terminated"};
  traceRunEvent(store, run, "terminated", audit(reason, by));
  return {true, "run " + run.id + " terminated (no cleanup ran)"};
}

} // namespace locus::rt
