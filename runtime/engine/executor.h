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
};

// Binds a step's result to its binding name, if it has one.
void bindResult(const Json& step, Frame& frame, const Json& result);

// Checks `input` against the workflow's `input` declarations and fills defaults; returns what is
// wrong (empty when valid).
std::vector<std::string> validateInput(const Json& workflow, Json& input, const Program& program);

} // namespace locus::rt
