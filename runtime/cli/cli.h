// The `locus` commands. Exit status: 0 completed, 1 failed, 2 usage / input / store errors,
// 3 waiting (a timer or signal; `locus worker` continues it), 4 queued (concurrency group full,
// with --no-wait), 5 the run is being executed by another live process. A run that ended
// cancelled or terminated exits 1 like a failed one.
#pragma once

#include "runtime/cli/command_options.h"
#include "runtime/cli/session.h"

namespace locus::cli {

// kSkipped: the run never started (over its rate limit, or replaced by a newer debounced run).
enum Exit {
  kCompleted = 0,
  kFailed = 1,
  kUsage = 2,
  kWaiting = 3,
  kQueued = 4,
  kBusy = 5,
  kSkipped = 6
};

// Parses argv (command_line.cpp) and runs the command; returns the exit status.
int runCommandLine(int argc, char** argv);

struct WorkerConfig; // worker_loop.h

int commandRun(const SessionOptions& so, const RunOptions& o);
int commandResume(const SessionOptions& so, const ResumeOptions& o);
int commandRuns(const SessionOptions& so, const RunsQuery& q);
int commandTrace(const SessionOptions& so, const TraceOptions& o);
int commandApprove(const SessionOptions& so, const ApproveOptions& o);
int commandSignal(const SessionOptions& so, const SignalOptions& o);
int commandWorker(const SessionOptions& so, const WorkerConfig& config);
int commandCancel(const SessionOptions& so, const ControlOptions& o);
int commandTerminate(const SessionOptions& so, const ControlOptions& o);
int commandUpgradeCheck(const SessionOptions& so);
int commandSchedules(const SessionOptions& so, const SchedulesOptions& o);

// "cli:$USER": who an operator command (cancel, terminate, pause) is recorded as.
std::string operatorName();
// "2026-12-07 14:05:00" (UTC), "-" for 0.
std::string timeText(int64_t ms);
// Why a queued run waits for flow control: "throttled until 2026-…" ("" for other runs).
std::string waitText(const rt::RunRecord& run);
int commandPrune(const SessionOptions& so, const PruneOptions& o);
int commandMessages(const SessionOptions& so, const MessagesOptions& o);
int commandServe(const SessionOptions& so, const WorkerConfig& config, const ServeOptions& o);
int commandDev(const DevCommandOptions& o);
int commandSeed(const SessionOptions& so, const SeedOptions& o);

// The exit status for a run's status, and the run's outcome as `run` and `resume` print it.
int exitFor(const std::string& status);
void printOutcome(const std::string& runId, const rt::RunOutcome& o, bool json);

// `locus secrets set|get|list|rm` (command_secrets.cpp); `args` are the words after `secrets`.
int commandSecrets(const std::string& projectDir, const std::vector<std::string>& args);

} // namespace locus::cli
