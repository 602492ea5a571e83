// The work loop shared by `locus worker` and `locus serve`: delivers queue messages, starts the
// runs of `on:schedule` workflows (with the cron catch-up policy), and executes due runs on up to
// `concurrency` threads at once. Several loops (processes, machines) may share one store: every
// run is claimed with a lease first, every cron minute and message is taken in a transaction.
#pragma once

#include "runtime/cli/cli.h"
#include "runtime/engine/schedule_runs.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace locus::cli {

struct WorkerConfig {
  size_t concurrency = 1;  // runs executed at once
  int64_t pollMs = 200;    // idle wait between two looks at the store
  int cronCatchUp = 1;     // missed cron minutes fired after downtime (most recent ones)
  bool once = false;       // stop when there is nothing left to do
  int deadLetterAfter = 5; // deliveries no subscriber accepted before a message is dead
  int64_t retentionMs = 0; // delete runs that ended longer ago (0: keep), checked hourly
  std::string name = "locus worker";
};

class WorkerLoop {
public:
  // `current` is the program whose triggers are served (null: the store's latest program).
  WorkerLoop(Session& s, const rt::Program* current, WorkerConfig config);
  ~WorkerLoop();
  WorkerLoop(const WorkerLoop&) = delete;

  // Loops until stop() or, with `once`, until idle. Throws on store errors.
  void run();
  void stop();
  void stopFromSignal() { stop_ = true; } // async-signal-safe; noticed within pollMs
  void wake();                            // new work arrived (a webhook run): look at the store now

private:
  size_t deliverMessages(const rt::Program& program);
  size_t startScheduledRuns(const rt::Program& program);
  bool schedulable(const rt::Program& program, const Json& workflow, const rt::ScheduleTrigger& t,
                   bool first);
  void refuseMessage(const rt::QueueMessage& m, const std::string& why);
  void applyRetention();
  size_t dispatchDueRuns();
  void executorMain();
  void execute(const rt::RunRecord& r);
  void refusePluginChange(const rt::RunRecord& r);
  const rt::Program* program(const std::string& hash);
  void waitIdle(bool untilDrained);

  Session& s_;
  const rt::Program* current_;
  WorkerConfig config_;
  std::string owner_;
  std::map<std::string, int64_t> scheduleHandled_; // schedule key -> minute handled
  int64_t retentionAppliedMs_ = 0;

  std::mutex mutex_;               // guards everything below and Session::programs
  std::condition_variable workCv_; // executors wait for jobs
  std::condition_variable loopCv_; // the loop waits for finished runs, wake() or the poll
  std::deque<rt::RunRecord> jobs_;
  std::set<std::string> inFlight_; // queued in jobs_ or executing
  std::set<std::string> refused_;  // runs whose plugins changed since they started
  size_t claimed_ = 0;             // runs executed since the loop last looked
  bool woken_ = false;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> executors_;
};

} // namespace locus::cli
