#include "runtime/engine/schedule_runs.h"

#include "runtime/engine/runner.h"

#include <algorithm>

namespace locus::rt {

namespace {

// The runs this schedule started that have not ended, oldest first.
std::vector<RunRecord> liveRuns(Store& store, const ScheduleTrigger& t) {
  const std::string prefix = "cron-" + t.workflow + "-";
  std::vector<RunRecord> out;
  for (const char* status : {"queued", "running", "waiting"}) {
    RunQuery q;
    q.workflow = t.workflow;
    q.status = status;
    q.limit = 1000;
    for (RunRecord& r : store.queryRuns(q))
      if (r.id.rfind(prefix, 0) == 0) out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(),
            [](const RunRecord& a, const RunRecord& b) { return a.createdMs < b.createdMs; });
  return out;
}

// The same delay for the same run on every worker: FNV-1a of its ID.
int64_t jitterOf(const std::string& runId, int64_t jitterMs) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : runId) h = (h ^ c) * 1099511628211ull;
  return static_cast<int64_t>(h % static_cast<uint64_t>(jitterMs + 1));
}

RunRecord scheduledRun(const Program& program, const ScheduleTrigger& t, int64_t minute) {
  RunRecord r = newRun(program, t.workflow, Json::object(), scheduledRunId(t.workflow, minute));
  if (t.jitterMs > 0) { // not started before its delay: a waiting run with a due time
    r.status = "waiting";
    r.wakeAtMs = minute + jitterOf(r.id, t.jitterMs);
  }
  return r;
}

} // namespace

ScheduleTrigger scheduleTriggerOf(const std::string& workflow, const Json& trigger) {
  ScheduleTrigger t;
  t.workflow = workflow;
  t.cron = trigger.value("cron", "");
  t.timezone = trigger.value("timezone", "");
  t.overlap = trigger.value("overlap", "allow");
  t.jitterMs = trigger.value("jitterMs", int64_t{0});
  t.key = workflow + " " + t.cron + (t.timezone.empty() ? "" : " " + t.timezone);
  return t;
}

std::string scheduledRunId(const std::string& workflow, int64_t minuteMs) {
  return "cron-" + workflow + "-" + std::to_string(minuteMs / 60000);
}

SchedulePlan planScheduledRuns(Store& store, const Program& program, const ScheduleTrigger& t,
                               const std::vector<int64_t>& minutes) {
  SchedulePlan plan;
  if (minutes.empty()) return plan;
  if (t.overlap == "allow") {
    for (int64_t m : minutes) plan.start.push_back(scheduledRun(program, t, m));
    return plan;
  }
  // The other policies never let two runs of the schedule overlap: one run, the latest minute.
  std::vector<RunRecord> live = liveRuns(store, t);
  if (!live.empty() && t.overlap == "skip") {
    plan.skipped = "run " + live.front().id + " has not ended (overlap: skip)";
  } else if (!live.empty() && t.overlap == "buffer") {
    plan.deferred = true;
  } else {
    if (t.overlap == "cancel") plan.cancel = live;
    plan.start.push_back(scheduledRun(program, t, minutes.back()));
  }
  return plan;
}

} // namespace locus::rt
