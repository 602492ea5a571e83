// One execution of a run: walks the workflow's IR step tree, skipping steps that have a
// checkpoint (resume), executing the others through the step registry with the workflow's retry
// policy, and recording checkpoints and trace events in the store. The caller holds the run's
// lease (claimRun); the execution renews it while it works.
#pragma once

#include "runtime/engine/plugin_interface.h"
#include "runtime/engine/step_api.h"

#include <functional>
#include <optional>
#include <unordered_map>

namespace locus::rt {

struct EngineOptions {
  int64_t leaseMs = 30000;         // renewed every third of it
  int64_t inlineWaitMaxMs = 30000; // longer delays and every unanswered wait_for suspend the run
  int64_t stepTimeoutMs = 300000;  // a `run` step's deadline
  size_t maxIterations = 1000000;  // per loop
  size_t parallelThreads = 64;     // per parallel step when it has no `max`
  Json settings = Json::object();  // per-kind settings: outboxDir, smtpUrl, smtpFrom, …
  // The loaded plugins' code ({name: "version sha256:…"}); a run keeps executing only with the
  // set it started with, unless allowPluginChange (runner.h).
  Json pluginDigests = Json::object();
  bool allowPluginChange = false;
  std::function<void(const Json&)> onTrace;            // every trace event (progress display)
  std::function<void(const std::string&)> onStepStart; // a leaf step starts (its runtime ID)
};

struct EngineServices {
  Store& store;
  const Program& program;
  const StepRegistry& steps;
  RuntimeHooks* hooks = nullptr;
  PluginStepExecutor* plugins = nullptr;
  EngineOptions options;
};

struct RunOutcome {
  std::string status; // completed, failed, waiting
  Json output;
  Json error;
  int64_t wakeAtMs = 0;
  std::string waitingFor; // waiting: a signal name, or "approval:<step>" (waits.h)
};

class Execution {
public:
  Execution(EngineServices& services, RunRecord run, std::string owner);
  RunOutcome execute();

  // For step kinds (through StepContext) and db_tx.
  Flow runList(const Json& steps, Frame& frame);
  Flow runStep(const Json& step, Frame& frame);
  std::string runtimeId(const Json& step, const Frame& frame) const;
  std::optional<Json> completed(const std::string& stepId);
  void remember(const std::string& stepId, const Json& result);
  Json recordedValue(Frame& frame, const std::string& fn);
  int64_t backoffMs(int attempt) const;
  int maxRetries() const { return maxRetries_; }
  void trace(StoreTx* tx, const std::string& step, const std::string& kind, int attempt,
             int64_t startMs, int64_t durationUs, const std::string& outcome, const Json& error);
  HookVerdict stepHook(const std::string& step, const std::string& kind, int attempt);
  bool leaseLost() const { return leaseLost_.load(); }

  // Durable step outcomes (step_outcomes.cpp). A step that failed for good is recorded, so a
  // resume replays the failure instead of calling the step again; a retry records its attempt
  // and when the next one is due, so the retry budget and backoff survive a crash.
  void replayRecordedFailure(const std::string& stepId);
  void recordFailure(const std::string& stepId, const StepError& e);
  int nextAttempt(const std::string& stepId, int64_t& dueAtMs);
  void recordRetry(const std::string& stepId, int attempt, int64_t nextAtMs);
  // Cancellation (run_cancel.cpp): throws RunCancelled at a step boundary once `locus cancel`
  // asked for it. Looks at the store at most every few hundred milliseconds, and never again
  // once the run is cleaning up (finally, on_error, on_failure).
  void throwIfCancelled();
  // A wait_for that suspends the run records what it waits for (waits.h).
  void recordWait(const std::string& stepId, const std::string& key);
  // A plugin step whose fallback asked a person: the decision, once given (executor.cpp).
  bool approvedByPerson(const std::string& stepId, Json& result);

  EngineServices& services;
  const RunRecord run;
  const std::string owner;
  const Json& workflow;

private:
  Flow runLeaf(const Json& step, StepKind* impl, Frame& frame);
  void attemptLeaf(const Json& step, StepKind* impl, Frame& frame, const std::string& id,
                   int attempt, Json& result);
  void runHandlers(const char* key, const Json& error, Frame& root);

  std::mutex cacheMutex_;
  std::unordered_map<std::string, Json> cache_; // checkpoints of this run
  int maxRetries_ = 3;
  std::atomic<bool> leaseLost_{false};
  std::atomic<bool> cleaningUp_{false};     // cancelled: finally and handlers run unchecked
  std::atomic<int64_t> cancelCheckedUs_{0}; // when the store was last asked (steady clock)
};

// The StepError code of a transaction that lost a serialization race (StoreConflict).
inline constexpr const char* kStoreConflictCode = "store-conflict";
// Before retrying a lost race: false once `conflicts` reached the limit (then it is an ordinary,
// retryable store error), else sleeps a short random time so the racers spread out.
bool conflictPause(int conflicts);

// Binds a step's result to its binding name, if it has one.
void bindResult(const Json& step, Frame& frame, const Json& result);

// Checks `input` against the workflow's `input` declarations and fills defaults; returns what is
// wrong (empty when valid).
std::vector<std::string> validateInput(const Json& workflow, Json& input, const Program& program);

} // namespace locus::rt
