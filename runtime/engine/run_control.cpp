#include "runtime/engine/run_control.h"
#include "runtime/engine/child_runs.h"
#include "runtime/engine/runner.h"

#include <functional>

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

// A parent's cancel or terminate reaches the children it started that are still going.
void forEachLiveChild(Store& store, const RunRecord& run,
                      const std::function<void(const RunRecord&)>& fn) {
  for (const std::string& id : childRunsOf(store, run.id))
    if (std::optional<RunRecord> child = store.getRun(id); child && !runHasEnded(child->status))
      fn(*child);
}

std::string parentReason(const RunRecord& parent, const std::string& reason) {
  return "parent run " + parent.id + " stopped" + (reason.empty() ? "" : ": " + reason);
}

} // namespace

bool runHasEnded(const std::string& status) {
  return status == "completed" || status == "failed" || status == "cancelled" ||
         status == "terminated" || status == "skipped";
}

ControlResult requestCancel(Store& store, const RunRecord& run, const std::string& reason,
                            const std::string& by) {
  if (runHasEnded(run.status)) return {false, "run " + run.id + " has already " + run.status};
  forEachLiveChild(store, run, [&](const RunRecord& child) {
    requestCancel(store, child, parentReason(run, reason), by);
  });
  if (run.status == "queued" &&
      store.endRun(run.id, "cancelled", endError("cancelled", reason, by))) {
    traceRunEvent(store, run, "cancelled", audit(reason, by));
    notifyParent(store, run.id, "cancelled", nullptr, endError("cancelled", reason, by));
    return {true, "run " + run.id + " cancelled (it had not started)"};
  }
  store.sendSignal(run.id, kCancelSignal, audit(reason, by)); // wakes a waiting run
  traceRunEvent(store, run, "cancel-requested", audit(reason, by));
  return {true, "run " + run.id + " will stop at its next step boundary and run its cleanup"};
}

ControlResult terminateRun(Store& store, const RunRecord& run, const std::string& reason,
                           const std::string& by) {
  if (runHasEnded(run.status)) return {false, "run " + run.id + " has already " + run.status};
  forEachLiveChild(store, run, [&](const RunRecord& child) {
    terminateRun(store, child, parentReason(run, reason), by);
  });
  if (!store.endRun(run.id, "terminated", endError("terminated", reason, by)))
    return {false, "run " + run.id + " ended before it could be terminated"};
  traceRunEvent(store, run, "terminated", audit(reason, by));
  notifyParent(store, run.id, "terminated", nullptr, endError("terminated", reason, by));
  return {true, "run " + run.id + " terminated (no cleanup ran)"};
}

} // namespace locus::rt
