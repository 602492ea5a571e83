#include "runtime/cli/worker_loop.h"

#include "runtime/engine/cron_catch_up.h"
#include "runtime/engine/cron_schedule.h"
#include "runtime/engine/entity_events.h"
#include "runtime/engine/retention.h"
#include "runtime/engine/run_control.h"

#include <chrono>
#include <cstdio>

namespace locus::cli {

WorkerLoop::WorkerLoop(Session& s, const rt::Program* current, WorkerConfig config)
    : s_(s), current_(current), config_(std::move(config)), owner_(rt::makeOwnerId()) {
  config_.concurrency = std::max<size_t>(1, config_.concurrency);
  for (size_t i = 0; i < config_.concurrency; ++i)
    executors_.emplace_back([this] { executorMain(); });
}

WorkerLoop::~WorkerLoop() {
  stop();
  for (std::thread& t : executors_) t.join();
}

void WorkerLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  workCv_.notify_all();
  loopCv_.notify_all();
}

void WorkerLoop::wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  loopCv_.notify_all();
}

void WorkerLoop::run() {
  while (!stop_) {
    const rt::Program* p = current_;
    if (!p)
      if (auto hash = s_.store->latestProgramHash()) p = program(*hash);
    size_t work = 0;
    applyRetention();
    if (p) work += deliverMessages(*p) + startScheduledRuns(*p);
    dispatchDueRuns();
    if (config_.once) {
      waitIdle(true);
      std::lock_guard lock(mutex_);
      work += claimed_;
      claimed_ = 0;
      if (work == 0) break;
      continue;
    }
    if (work == 0) waitIdle(false);
  }
}

// `untilDrained`: until no run is in flight. Otherwise until a run finished, wake() was called,
// or the poll interval passed.
void WorkerLoop::waitIdle(bool untilDrained) {
  std::unique_lock lock(mutex_);
  if (untilDrained) {
    loopCv_.wait(lock, [&] { return inFlight_.empty() || stop_; });
    return;
  }
  size_t before = claimed_;
  loopCv_.wait_for(lock, std::chrono::milliseconds(config_.pollMs),
                   [&] { return woken_ || stop_ || claimed_ != before; });
  woken_ = false;
  claimed_ = 0;
}

const rt::Program* WorkerLoop::program(const std::string& hash) {
  std::lock_guard lock(mutex_);
  return programOf(s_, hash);
}

size_t WorkerLoop::deliverMessages(const rt::Program& program) {
  size_t work = 0;
  for (const rt::QueueMessage& m : s_.store->pendingMessages(200)) {
    std::vector<rt::RunRecord> runs;
    std::string refused;
    for (const std::string& wf : rt::subscribersOf(program, m.topic)) {
      Json input = rt::inputFromMessage(*program.workflow(wf), m.topic, m.payload);
      std::vector<std::string> problems = rt::validateInput(*program.workflow(wf), input, program);
      if (!problems.empty()) {
        refused += (refused.empty() ? "" : "; ") + std::string("it does not fit the input of ") +
                   wf + ": " + problems[0];
        continue;
      }
      runs.push_back(rt::newRun(program, wf, input, "m" + std::to_string(m.seq) + "-" + wf));
    }
    if (runs.empty()) {
      refuseMessage(m, refused.empty() ? "no workflow subscribes to " + m.topic : refused);
      continue;
    }
    if (s_.store->deliverMessage(m.seq, runs)) ++work;
  }
  return work;
}

// A delivery nobody accepted is counted, not logged; the message is tried again with a growing
// pause (1 s, 2 s, 4 s … at most a minute) and dead-lettered after `deadLetterAfter` tries.
void WorkerLoop::refuseMessage(const rt::QueueMessage& m, const std::string& why) {
  int64_t pauseMs = std::min<int64_t>(60000, int64_t{1000} << std::min(m.attempts, 6));
  if (s_.store->failDelivery(m.seq, why, config_.deadLetterAfter, rt::nowMs() + pauseMs))
    std::fprintf(stderr,
                 "%s: message %lld on %s dead-lettered after %d deliveries: %s (locus messages "
                 "--dead lists it; --retry %lld or --drop %lld)\n",
                 config_.name.c_str(), static_cast<long long>(m.seq), m.topic.c_str(),
                 config_.deadLetterAfter, why.c_str(), static_cast<long long>(m.seq),
                 static_cast<long long>(m.seq));
}

void WorkerLoop::applyRetention() {
  constexpr int64_t kEveryMs = 3600 * 1000;
  int64_t now = rt::nowMs();
  if (!config_.retentionMs || (retentionAppliedMs_ && now - retentionAppliedMs_ < kEveryMs)) return;
  retentionAppliedMs_ = now;
  rt::PruneReport r = rt::pruneStore(*s_.store, now - config_.retentionMs, nullptr, false);
  if ((r.runs || r.messages) && !s_.quiet)
    std::fprintf(stderr, "%s: retention deleted %zu run(s) and %zu message(s)\n",
                 config_.name.c_str(), r.runs, r.messages);
}

// `on:schedule("cron")`: run IDs name the workflow and the minute, and the store's schedule mark
// moves in the transaction that creates them, so every minute fires at most once whatever the
// number of workers. The store is asked once per schedule and minute. A paused schedule's mark
// moves on without runs; the overlap policy may cancel the runs a new one replaces.
size_t WorkerLoop::startScheduledRuns(const rt::Program& program) {
  size_t work = 0;
  int64_t minute = rt::nowMs() / 60000 * 60000;
  std::optional<std::map<std::string, Json>> paused;
  for (const auto& [name, wf] : program.workflows)
    for (const Json& trigger : (*wf)["triggers"]) {
      if (trigger.value("kind", "") != "schedule") continue;
      rt::ScheduleTrigger t = rt::scheduleTriggerOf(name, trigger);
      auto handled = scheduleHandled_.find(t.key);
      if (handled != scheduleHandled_.end() && handled->second >= minute) continue;
      bool first = handled == scheduleHandled_.end();
      scheduleHandled_[t.key] = minute;
      if (!schedulable(program, *wf, t, first)) continue;
      if (!paused) paused = s_.store->pausedSchedules();
      std::vector<int64_t> minutes = rt::cronMinutesToFire(t.cron, s_.store->scheduleMark(t.key),
                                                           minute, config_.cronCatchUp, t.timezone);
      rt::SchedulePlan plan;
      if (!paused->count(name)) plan = rt::planScheduledRuns(*s_.store, program, t, minutes);
      if (plan.deferred) {
        scheduleHandled_.erase(t.key); // looked at again on the next pass
        continue;
      }
      if (!s_.store->advanceSchedule(t.key, minute, plan.start)) continue;
      for (const rt::RunRecord& r : plan.cancel)
        rt::requestCancel(*s_.store, r, "replaced by the schedule's next run (overlap: cancel)",
                          config_.name);
      if (!plan.skipped.empty() && !s_.quiet)
        std::fprintf(stderr, "%s: %s skipped a scheduled run: %s\n", config_.name.c_str(),
                     name.c_str(), plan.skipped.c_str());
      work += plan.start.size();
    }
  return work;
}

// Whether a schedule can start runs at all; what stops it is reported once (`first`).
bool WorkerLoop::schedulable(const rt::Program& program, const Json& workflow,
                             const rt::ScheduleTrigger& t, bool first) {
  Json input = Json::object();
  std::string problem;
  if (!rt::validateInput(workflow, input, program).empty())
    problem = "has a schedule trigger but required inputs; it is not started";
  else if (!rt::knownTimeZone(t.timezone))
    problem = "has a schedule in the time zone '" + t.timezone +
              "', which this machine's tz database does not know; it is not started";
  if (problem.empty()) return true;
  if (first)
    std::fprintf(stderr, "%s: %s %s\n", config_.name.c_str(), t.workflow.c_str(), problem.c_str());
  return false;
}

// Queues every due run for the executors (at most `concurrency` execute at once; a run that
// cannot be claimed is dropped quickly, so it does not hold up the others). Runs that a live
// process holds are left alone, and a run is queued at most once.
size_t WorkerLoop::dispatchDueRuns() {
  if (stop_) return 0;
  int64_t now = rt::nowMs();
  std::vector<rt::RunRecord> due = s_.store->runnableRuns(now, 200);
  size_t n = 0;
  {
    std::lock_guard lock(mutex_);
    for (rt::RunRecord& r : due) {
      if (inFlight_.count(r.id) || refused_.count(r.id)) continue;
      if (r.status == "running" && r.leaseUntilMs > now && !rt::ownerIsDead(r.leaseOwner)) continue;
      inFlight_.insert(r.id);
      jobs_.push_back(std::move(r));
      ++n;
    }
  }
  if (n) workCv_.notify_all();
  return n;
}

void WorkerLoop::executorMain() {
  for (;;) {
    rt::RunRecord job;
    {
      std::unique_lock lock(mutex_);
      workCv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
      if (stop_) return; // the runs not started stay runnable in the store
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    execute(job);
  }
}

// A run started with other plugin code waits for an operator (`resume --allow-plugin-change`);
// this worker says so once and leaves it alone.
void WorkerLoop::refusePluginChange(const rt::RunRecord& r) {
  std::string change = rt::pluginChange(*s_.store, r, s_.options.pluginDigests);
  std::fprintf(stderr,
               "%s: run %s (%s) was started with other plugin code (%s); it is left as it is "
               "until `locus resume %s --allow-plugin-change`\n",
               config_.name.c_str(), r.id.c_str(), r.workflow.c_str(), change.c_str(),
               r.id.c_str());
  std::lock_guard lock(mutex_);
  refused_.insert(r.id);
}

void WorkerLoop::execute(const rt::RunRecord& r) {
  bool claimed = false;
  try {
    const rt::Program* p = program(r.programHash);
    if (p && p->workflow(r.workflow)) {
      rt::EngineServices services = engineServices(s_, *p);
      rt::RunOutcome outcome;
      rt::ClaimResult result = rt::claimAndExecute(services, r.id, owner_, outcome);
      claimed = result == rt::ClaimResult::Claimed;
      if (result == rt::ClaimResult::PluginsChanged) refusePluginChange(r);
      if (claimed && !s_.quiet)
        std::fprintf(stderr, "%s: run %s (%s) %s\n", config_.name.c_str(), r.id.c_str(),
                     r.workflow.c_str(), outcome.status.c_str());
    }
  } catch (const std::exception& e) {
    // A busy or failing store: the run stays runnable and is tried again on a later look.
    std::fprintf(stderr, "%s: run %s: %s\n", config_.name.c_str(), r.id.c_str(), e.what());
  }
  {
    std::lock_guard lock(mutex_);
    inFlight_.erase(r.id);
    if (claimed) ++claimed_;
  }
  loopCv_.notify_all();
}

} // namespace locus::cli
