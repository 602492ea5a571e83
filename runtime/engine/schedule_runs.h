// The runs an `on:schedule` trigger starts for the minutes it fires (docs/runtime.md, "Cron
// triggers"): its options (time zone, overlap policy, jitter) applied against the runs of the
// schedule that have not ended. The worker asks for a plan, cancels what it names and hands the
// runs to Store::advanceSchedule, which creates them and moves the mark in one transaction.
#pragma once

#include "runtime/engine/program.h"
#include "runtime/store/store.h"

#include <string>
#include <vector>

namespace locus::rt {

struct ScheduleTrigger {
  std::string workflow;
  std::string cron;
  std::string timezone;          // "" is UTC
  std::string overlap = "allow"; // allow | skip | buffer | cancel
  int64_t jitterMs = 0;
  std::string key; // the store's schedule key: "Workflow cron" (+ " timezone")
};

ScheduleTrigger scheduleTriggerOf(const std::string& workflow, const Json& trigger);
// "cron-<Workflow>-<epoch minute>": one run per workflow and minute, whatever the worker.
std::string scheduledRunId(const std::string& workflow, int64_t minuteMs);

struct SchedulePlan {
  std::vector<RunRecord> start;
  std::vector<RunRecord> cancel; // `overlap: cancel`: the runs the new one replaces
  std::string skipped;           // why nothing starts although minutes fired ("" otherwise)
  // `overlap: buffer` while a run is going: leave the mark where it is and ask again soon, so
  // the latest missed minute fires (once) as soon as that run ended.
  bool deferred = false;
};

// `minutes` are the minutes to fire (cronMinutesToFire), oldest first.
SchedulePlan planScheduledRuns(Store& store, const Program& program, const ScheduleTrigger& t,
                               const std::vector<int64_t>& minutes);

} // namespace locus::rt
