// locus schedules: the on:schedule triggers of the current program with their options, the
// minute each was handled through and the next one it fires; `pause WORKFLOW` / `resume
// WORKFLOW` stop and restart a workflow's schedules (a worker moves a paused schedule's mark on
// without starting runs, so minutes missed while paused never fire later).
#include "runtime/cli/cli.h"
#include "runtime/engine/cron_schedule.h"
#include "runtime/engine/schedule_runs.h"

#include <cstdio>

namespace locus::cli {

namespace {

std::vector<rt::ScheduleTrigger> schedulesOf(const rt::Program& program) {
  std::vector<rt::ScheduleTrigger> out;
  for (const auto& [name, wf] : program.workflows)
    for (const Json& trigger : (*wf)["triggers"])
      if (trigger.value("kind", "") == "schedule")
        out.push_back(rt::scheduleTriggerOf(name, trigger));
  return out;
}

Json describe(Session& s, const rt::ScheduleTrigger& t, const std::map<std::string, Json>& paused) {
  std::optional<int64_t> mark = s.store->scheduleMark(t.key);
  std::optional<int64_t> next = rt::nextCronMinute(t.cron, rt::nowMs(), t.timezone);
  Json j = {{"workflow", t.workflow},
            {"cron", t.cron},
            {"timezone", t.timezone.empty() ? "UTC" : t.timezone},
            {"overlap", t.overlap},
            {"jitterMs", t.jitterMs},
            {"handledThrough", mark ? Json(*mark) : Json(nullptr)},
            {"next", next ? Json(*next) : Json(nullptr)},
            {"paused", nullptr}};
  if (auto p = paused.find(t.workflow); p != paused.end()) j["paused"] = p->second;
  return j;
}

void printSchedule(const Json& j) {
  std::printf("%-24s %-16s %-20s next %s UTC, overlap %s", j["workflow"].get<std::string>().c_str(),
              j["cron"].get<std::string>().c_str(), j["timezone"].get<std::string>().c_str(),
              j["next"].is_null() ? "never" : timeText(j["next"].get<int64_t>()).c_str(),
              j["overlap"].get<std::string>().c_str());
  if (j["jitterMs"].get<int64_t>() > 0)
    std::printf(", jitter %lld ms", static_cast<long long>(j["jitterMs"].get<int64_t>()));
  if (j["paused"].is_object())
    std::printf(", PAUSED by %s%s", j["paused"].value("by", "?").c_str(),
                j["paused"].contains("reason")
                    ? (" (" + j["paused"]["reason"].get<std::string>() + ")").c_str()
                    : "");
  std::printf("\n");
}

int pauseOrResume(Session& s, const std::vector<rt::ScheduleTrigger>& schedules,
                  const SchedulesOptions& o) {
  const std::string& verb = o.args[0];
  const std::string& workflow = o.args[1];
  bool known = false;
  for (const rt::ScheduleTrigger& t : schedules) known = known || t.workflow == workflow;
  if (!known) {
    std::fprintf(stderr, "locus: workflow %s has no on:schedule trigger in the current program\n",
                 workflow.c_str());
    return kUsage;
  }
  if (verb == "pause") {
    Json audit = {{"by", operatorName()}, {"pausedMs", rt::nowMs()}};
    if (!o.reason.empty()) audit["reason"] = o.reason;
    bool changed = s.store->pauseSchedules(workflow, audit);
    std::fprintf(stderr, "%s\n",
                 ((changed ? "paused the schedules of " : "already paused: ") + workflow).c_str());
    return kCompleted;
  }
  bool changed = s.store->resumeSchedules(workflow);
  std::fprintf(stderr, "%s\n",
               ((changed ? "resumed the schedules of " : "not paused: ") + workflow).c_str());
  return kCompleted;
}

} // namespace

int commandSchedules(const SessionOptions& so, const SchedulesOptions& o) {
  bool change = !o.args.empty();
  if (change && (o.args.size() != 2 || (o.args[0] != "pause" && o.args[0] != "resume"))) {
    std::fprintf(stderr, "locus schedules: expected no argument (list), `pause WORKFLOW` or "
                         "`resume WORKFLOW`\n");
    return kUsage;
  }
  Session s;
  if (!openSession(so, s) || !loadPlugins(s)) return kUsage;
  std::unique_ptr<rt::Program> program = compileCurrentProgram(so, s);
  if (!program) return kUsage;
  try {
    std::vector<rt::ScheduleTrigger> schedules = schedulesOf(*program);
    if (change) return pauseOrResume(s, schedules, o);
    std::map<std::string, Json> paused = s.store->pausedSchedules();
    for (const rt::ScheduleTrigger& t : schedules) {
      Json j = describe(s, t, paused);
      if (so.json)
        std::printf("%s\n", j.dump().c_str());
      else
        printSchedule(j);
    }
    if (schedules.empty() && !so.json) std::fprintf(stderr, "no on:schedule triggers\n");
    return kCompleted;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "locus: %s\n", e.what());
    return kUsage;
  }
}

} // namespace locus::cli
