// wait_for: a named signal (`locus signal RUN NAME`) or a human approval of this step
// (`locus approve RUN STEP`). Until it arrives the run is suspended (status waiting); the
// optional `timeout` is a durable deadline after which the step fails with code "timeout".
#include "runtime/engine/executor.h"
#include "runtime/engine/time_values.h"
#include "stdlib-steps/kinds.h"

namespace locus::steps {

namespace {

class WaitForStep : public rt::StepKind {
public:
  bool leaf() const override { return true; }
  Flow execute(const Json& step, StepContext& cx, Json& result) override {
    if (cx.frame.tx)
      throw StepError("wait_for cannot wait inside db_tx; move it out of the transaction", false,
                      "db_tx");
    const std::string& id = cx.frame.currentStep;
    Json signal = cx.param(step, "signal"), approval = cx.param(step, "approval");
    std::string key;
    if (!approval.is_null())
      key = "approval:" + id;
    else if (signal.is_string())
      key = signal.get<std::string>();
    else
      throw StepError("wait_for needs `signal: \"name\"` or `approval: \"who\"`", false,
                      "evaluation");
    int64_t deadline = 0;
    Json timeout = cx.param(step, "timeout");
    if (!timeout.is_null()) {
      auto ms = rt::durationMsOf(timeout);
      if (!ms)
        throw StepError("wait_for timeout `" + timeout.dump() + "` is not a duration", false,
                        "evaluation");
      deadline = cx.store().ensureTimer(cx.runId(), id + "@timeout", rt::nowMs() + *ms);
    }
    if (auto got = cx.store().signal(cx.runId(), key)) {
      if (!approval.is_null()) {
        if (!got->value("approved", false))
          throw StepError(
              "step " + id + " was rejected" +
                  (got->contains("by") ? " by " + rt::displayText((*got)["by"]) : std::string()),
              false, "rejected", *got);
        result = *got;
      } else {
        result = Json{{"signal", key}, {"payload", *got}};
      }
      return Flow::Next;
    }
    if (deadline && rt::nowMs() >= deadline)
      throw StepError("timed out waiting for " +
                          (approval.is_null() ? "signal " + key : "approval of " + id),
                      false, "timeout");
    cx.execution.recordWait(id, key);
    throw rt::RunSuspended{deadline, key};
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeWaitForStep() {
  return std::make_unique<WaitForStep>();
}

} // namespace locus::steps
