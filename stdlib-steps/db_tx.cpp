// db_tx: one store transaction around its body. Entity writes of every nested step, their
// checkpoints, queue_publish messages (outbox) and the db_tx's own checkpoint commit together,
// so after a crash the body either happened exactly once or not at all. A failure rolls the
// whole body back and the db_tx is retried as a unit under the workflow's retry policy.
#include "runtime/engine/executor.h"
#include "stdlib-steps/kinds.h"

#include <chrono>

namespace locus::steps {

namespace {

int64_t steadyUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

// Points the frame at a transaction for the body, and away again on every exit.
struct TxBinding {
  TxBinding(rt::Frame& f, rt::StoreTx* tx, std::recursive_mutex* m,
            std::vector<std::pair<std::string, Json>>* done)
      : frame(f) {
    frame.tx = tx;
    frame.txMutex = m;
    frame.txCompleted = done;
  }
  ~TxBinding() {
    frame.tx = nullptr;
    frame.txMutex = nullptr;
    frame.txCompleted = nullptr;
  }
  rt::Frame& frame;
};

// The retry's attempt and due time are recorded first, so a crash does not reset the budget.
void retryLater(rt::Execution& ex, StepContext& cx, const std::string& id, int attempt) {
  int64_t delay = ex.backoffMs(attempt);
  ex.recordRetry(id, attempt, rt::nowMs() + delay);
  cx.sleepFor(delay);
}

class DbTxStep : public rt::StepKind {
public:
  bool leaf() const override { return false; }
  Flow execute(const Json& step, StepContext& cx, Json&) override {
    if (cx.frame.tx) return cx.runList(step["body"]); // nested: joins the outer transaction
    rt::Execution& ex = cx.execution;
    const std::string id = cx.runtimeId(step);
    // Committed before: every nested step has its checkpoint, so walking the body replays it.
    if (ex.completed(id)) return cx.runList(step["body"]);
    ex.replayRecordedFailure(id);
    int64_t dueAtMs = 0;
    int firstAttempt = ex.nextAttempt(id, dueAtMs);
    if (dueAtMs > rt::nowMs()) cx.sleepFor(dueAtMs - rt::nowMs());
    int conflicts = 0;
    for (int attempt = firstAttempt;; ++attempt) {
      rt::HookVerdict verdict = ex.stepHook(id, "db_tx", attempt);
      if (!verdict.allow)
        throw StepError("step " + id + " was vetoed by an onStepExecute hook: " + verdict.reason,
                        false, "vetoed");
      int64_t startMs = rt::nowMs(), t0 = steadyUs();
      std::vector<std::pair<std::string, Json>> done;
      std::recursive_mutex mutex;
      try {
        std::unique_ptr<rt::StoreTx> tx = cx.store().begin();
        Flow flow;
        {
          TxBinding bound(cx.frame, tx.get(), &mutex, &done);
          flow = cx.runList(step["body"]);
        }
        tx->putCheckpoint(cx.runId(), id, Json{{"steps", done.size()}});
        ex.trace(tx.get(), id, "db_tx", attempt, startMs, steadyUs() - t0, "completed", nullptr);
        tx->commit();
        for (auto& [stepId, result] : done) ex.remember(stepId, result);
        ex.remember(id, Json{{"steps", done.size()}});
        return flow;
      } catch (const rt::CheckpointConflict&) {
        return cx.runList(step["body"]); // another worker committed it: replay its results
      } catch (const rt::RunSuspended&) {
        throw StepError("db_tx " + id +
                            " cannot wait (delay, schedule or wait_for) inside its "
                            "transaction; move the wait out of the db_tx",
                        false, "db_tx");
      } catch (StepError& e) {
        if (e.code == rt::kStoreConflictCode && rt::conflictPause(conflicts++)) {
          --attempt; // a lost serialization race is not charged to the retry policy
          continue;
        }
        if (e.step.empty()) e.step = id;
        bool retry = e.retryable && attempt <= ex.maxRetries() && !cx.cancelled();
        Json err = {{"message", e.what()}, {"code", e.code}, {"step", e.step}};
        ex.trace(nullptr, id, "db_tx", attempt, startMs, steadyUs() - t0,
                 retry ? "retrying" : "failed", err);
        if (!retry) {
          ex.recordFailure(id, e);
          throw;
        }
        retryLater(ex, cx, id, attempt);
      } catch (const rt::StoreConflict&) {
        if (!rt::conflictPause(conflicts++)) throw;
        --attempt;
      } catch (const rt::StoreError& e) {
        bool retry = attempt <= ex.maxRetries();
        ex.trace(nullptr, id, "db_tx", attempt, startMs, steadyUs() - t0,
                 retry ? "retrying" : "failed", Json{{"message", e.what()}, {"code", "store"}});
        if (!retry) {
          StepError failure(std::string("db_tx ") + id + ": " + e.what(), true, "store");
          failure.step = id;
          ex.recordFailure(id, failure);
          throw failure;
        }
        retryLater(ex, cx, id, attempt);
      }
    }
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeDbTxStep() {
  return std::make_unique<DbTxStep>();
}

} // namespace locus::steps
