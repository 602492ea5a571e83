// The step interface: what a step kind (stdlib-steps/, plugin steps) implements and what the
// executor offers it. The executor owns durability: it checkpoints, retries and traces every
// leaf step, so a kind only computes its result; compound kinds (if, forEach, parallel, …) run
// their nested step lists through the context and return how control leaves them.
#pragma once

#include "runtime/engine/errors.h"
#include "runtime/engine/interpreter.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace locus::rt {

class Execution;

enum class Flow { Next, Break, Continue, Return };

// Where a step runs: its variables, the iteration numbers of the loops around it (they replace
// the `[*]` of static step IDs, outside in), and the db_tx it belongs to, if any.
struct Frame {
  Scope scope;
  std::vector<size_t> iterations;
  StoreTx* tx = nullptr;                        // inside db_tx: every leaf writes through it
  std::recursive_mutex* txMutex = nullptr;      // parallel branches inside one db_tx take turns
  std::shared_ptr<std::atomic<bool>> cancelled; // fail-fast parallel siblings
  // Checkpoints written inside the db_tx, remembered only once it commits.
  std::vector<std::pair<std::string, Json>>* txCompleted = nullptr;
  std::unique_ptr<StoreTx> stepTx;  // a leaf's own transaction outside db_tx (see tx())
  std::string currentStep;          // runtime ID of the step being executed
  size_t nondeterministicCalls = 0; // now()/uuid() calls made by the current step
  Json returnValue;                 // set by `return`
  // A plugin step's state writes, committed with its checkpoint (plugin_interface.h).
  std::map<std::string, PluginStateWrites> pluginStateWrites;

  Frame() = default;
  Frame(const Frame&) = delete;
  // A branch of a parallel step: same variables, loops and db_tx, its own leaf transaction.
  std::unique_ptr<Frame> branch() const;
};

class StepContext {
public:
  StepContext(Execution& execution, Frame& frame) : execution(execution), frame(frame) {}

  Execution& execution;
  Frame& frame;

  Json eval(const Json& expr); // a workflow-level expression (now()/uuid() replayed)
  Json param(const Json& step, const std::string& key); // params.key evaluated, or null
  Flow runList(const Json& steps);                      // a nested list in this frame
  std::string runtimeId(const Json& step) const;
  StoreTx& tx();                // the db_tx, or this leaf's own transaction
  EvalEnv evalEnv();            // for running action bodies
  const Json& settings() const; // EngineOptions::settings (outbox, smtp, …)
  const std::string& runId() const;
  Store& store();
  int64_t inlineWaitMaxMs() const;
  bool cancelled() const { return frame.cancelled && frame.cancelled->load(); }
  void sleepFor(int64_t ms); // returns early when cancelled
  size_t parallelThreads() const;
  size_t maxIterations() const;
  // Runs `fn(i, frame)` for branches 0..n-1 on up to `max` threads, each in a copy of this
  // frame; bindings made by branches are merged back in branch order. Throws the first error
  // (by branch order) after all started branches finish; with failFast the remaining branches
  // are not started and running ones stop at their next step.
  std::vector<Json> runConcurrently(size_t n, size_t max, bool failFast,
                                    const std::function<Json(size_t, StepContext&)>& fn);
};

class StepKind {
public:
  virtual ~StepKind() = default;
  // Leaf kinds are checkpointed, retried and traced by the executor.
  virtual bool leaf() const = 0;
  // `result` is what `const x = <step>` binds.
  virtual Flow execute(const Json& step, StepContext& cx, Json& result) = 0;
};

struct StepRegistry {
  std::map<std::string, std::unique_ptr<StepKind>> kinds; // by IR step kind
  void add(const std::string& kind, std::unique_ptr<StepKind> impl) {
    kinds[kind] = std::move(impl);
  }
  StepKind* find(const std::string& kind) const {
    auto it = kinds.find(kind);
    return it == kinds.end() ? nullptr : it->second.get();
  }
};

} // namespace locus::rt
