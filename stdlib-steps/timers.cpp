// delay / schedule: durable timers. The fire time is stored the first time the step runs, so a
// restart waits only for what is left. Short waits sleep in the process; longer ones suspend the
// run (status waiting) and `locus worker` resumes it when the timer is due.
#include "runtime/engine/time_values.h"
#include "stdlib-steps/kinds.h"

namespace locus::steps {

namespace {

int64_t fireTime(const Json& step, StepContext& cx) {
  int64_t now = rt::nowMs();
  if (step["forMs"].is_number()) return now + step["forMs"].get<int64_t>();
  if (!step["for"].is_null()) {
    Json v = cx.eval(step["for"]);
    auto ms = rt::durationMsOf(v);
    if (!ms) throw StepError("`" + v.dump() + "` is not a duration (e.g. 5s, \"10 minutes\")", false, "evaluation");
    return now + *ms;
  }
  for (const char* key : {"at", "until"})
    if (!step[key].is_null()) {
      Json v = cx.eval(step[key]);
      auto t = rt::timeMsOf(v);
      if (!t) throw StepError(std::string("`") + key + "` needs a time (ISO-8601 text or epoch ms), got " + v.dump(), false, "evaluation");
      return *t;
    }
  throw StepError("delay/schedule needs a duration (`delay 5s`), `at` or `until`", false, "evaluation");
}

class TimerStep : public rt::StepKind {
public:
  bool leaf() const override { return true; }
  Flow execute(const Json& step, StepContext& cx, Json& result) override {
    if (cx.frame.tx)
      throw StepError("a timer cannot wait inside db_tx; move it out of the transaction", false, "db_tx");
    int64_t fireAt = cx.store().ensureTimer(cx.runId(), cx.frame.currentStep, fireTime(step, cx));
    int64_t left = fireAt - rt::nowMs();
    if (left > cx.inlineWaitMaxMs()) throw rt::RunSuspended{fireAt, "timer"};
    if (left > 0) cx.sleepFor(left);
    if (cx.cancelled()) throw StepError("cancelled: a sibling parallel branch failed", false, "cancelled");
    if (rt::nowMs() < fireAt) throw rt::RunSuspended{fireAt, "timer"}; // lease lost mid-sleep
    result = Json{{"firedAtMs", fireAt}};
    return Flow::Next;
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeTimerStep() { return std::make_unique<TimerStep>(); }

} // namespace locus::steps
