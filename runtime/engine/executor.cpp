#include "runtime/engine/executor.h"
#include "runtime/engine/child_runs.h"
#include "runtime/engine/run_control.h"

#include <chrono>
#include <condition_variable>
#include <random>
#include <thread>

namespace locus::rt {

namespace {

int64_t steadyUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

// A signal (or a cancel) that arrived after the step looked and before the run was recorded
// waiting found a running run and could not wake it: wake it now.
void wakeIfAnswered(Store& store, const std::string& run, const std::string& waitingFor) {
  if ((!waitingFor.empty() && store.signal(run, waitingFor)) || store.signal(run, kCancelSignal))
    store.makeRunnable(run);
}

Json errorJson(const StepError& e) {
  Json j = {{"message", e.what()}, {"code", e.code}, {"step", e.step}, {"retryable", e.retryable}};
  if (!e.data.is_null()) j["data"] = e.data;
  return j;
}

// Runs a leaf kind, turning foreign exceptions into StepErrors (a busy store is retryable).
void executeLeafKind(StepKind* impl, const Json& step, StepContext& cx, Json& result) {
  try {
    impl->execute(step, cx, result);
  } catch (const StepError&) {
    throw;
  } catch (const RunSuspended&) {
    throw;
  } catch (const CheckpointConflict&) {
    throw;
  } catch (const StoreConflict& e) {
    throw StepError(std::string("state store: ") + e.what(), true, kStoreConflictCode);
  } catch (const StoreError& e) {
    throw StepError(std::string("state store: ") + e.what(), true, "store");
  } catch (const std::exception& e) {
    throw StepError(e.what(), false, "internal");
  }
}

} // namespace

std::unique_ptr<Frame> Frame::branch() const {
  auto f = std::make_unique<Frame>();
  f->scope = scope;
  f->iterations = iterations;
  f->tx = tx;
  f->txMutex = txMutex;
  f->txCompleted = txCompleted;
  f->cancelled = cancelled;
  f->currentStep = currentStep;
  return f;
}

void bindResult(const Json& step, Frame& frame, const Json& result) {
  const Json& b = step["binding"];
  if (b.is_string()) frame.scope[b.get<std::string>()] = result;
}

Execution::Execution(EngineServices& services, RunRecord r, std::string owner)
    : services(services), run(std::move(r)), owner(std::move(owner)),
      workflow(*services.program.workflow(run.workflow)) {
  maxRetries_ = workflow["retry"].value("max", 3);
}

std::string Execution::runtimeId(const Json& step, const Frame& frame) const {
  const std::string& id = step.at("id").get_ref<const std::string&>();
  if (frame.iterations.empty()) return id;
  std::string out;
  out.reserve(id.size() + 8);
  size_t loop = 0, pos = 0;
  for (size_t star; (star = id.find("[*]", pos)) != std::string::npos; pos = star + 3) {
    out.append(id, pos, star - pos);
    out +=
        "[" + (loop < frame.iterations.size() ? std::to_string(frame.iterations[loop]) : "*") + "]";
    ++loop;
  }
  out.append(id, pos, std::string::npos);
  return out;
}

std::optional<Json> Execution::completed(const std::string& stepId) {
  std::lock_guard lock(cacheMutex_);
  auto it = cache_.find(stepId);
  if (it == cache_.end()) return std::nullopt;
  return it->second;
}

void Execution::remember(const std::string& stepId, const Json& result) {
  std::lock_guard lock(cacheMutex_);
  cache_[stepId] = result;
}

// now()/uuid() outside actions: the first execution records the value, a replay reads it back.
Json Execution::recordedValue(Frame& frame, const std::string& fn) {
  std::string key =
      (frame.currentStep.empty() ? workflow["name"].get<std::string>() : frame.currentStep) + "@" +
      fn + "#" + std::to_string(frame.nondeterministicCalls++);
  if (auto v = completed(key)) return *v;
  Json value = fn == "now" ? freshNow() : freshUuid();
  if (frame.tx) {
    std::lock_guard lock(*frame.txMutex);
    frame.tx->putCheckpoint(run.id, key, value);
    frame.txCompleted->emplace_back(key, value);
    return value;
  }
  auto tx = services.store.begin();
  tx->putCheckpoint(run.id, key, value);
  tx->commit();
  remember(key, value);
  return value;
}

int64_t Execution::backoffMs(int attempt) const {
  const Json& r = workflow["retry"];
  double delay = r.value("delayMs", 1000.0);
  if (r.value("backoff", std::string("exponential")) == "exponential")
    delay *= std::pow(r.value("factor", 2.0), attempt - 1);
  delay = std::min(delay, r.value("maxDelayMs", 300000.0));
  if (r.value("jitter", false)) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    delay = std::uniform_real_distribution<double>(0, delay)(rng); // "full jitter"
  }
  return static_cast<int64_t>(delay);
}

void Execution::trace(StoreTx* tx, const std::string& step, const std::string& kind, int attempt,
                      int64_t startMs, int64_t durationUs, const std::string& outcome,
                      const Json& error) {
  Json e = {{"run", run.id},
            {"workflow", run.workflow},
            {"step", step},
            {"kind", kind},
            {"attempt", attempt},
            {"startMs", startMs},
            {"endMs", startMs + durationUs / 1000},
            {"durationUs", durationUs},
            {"outcome", outcome}};
  if (!error.is_null()) e["error"] = error;
  if (tx)
    tx->appendTrace(run.id, e);
  else
    services.store.appendTrace(run.id, e);
  if (services.options.onTrace) services.options.onTrace(e);
}

HookVerdict Execution::stepHook(const std::string& step, const std::string& kind, int attempt) {
  if (!services.hooks) return {};
  return services.hooks->onStepExecute({{"run", run.id},
                                        {"workflow", run.workflow},
                                        {"step", step},
                                        {"kind", kind},
                                        {"attempt", attempt}});
}

Flow Execution::runList(const Json& steps, Frame& frame) {
  for (const Json& s : steps) {
    Flow f = runStep(s, frame);
    if (f != Flow::Next) return f;
  }
  return Flow::Next;
}

Flow Execution::runStep(const Json& step, Frame& frame) {
  if (leaseLost_) throw StepError("the run's lease was lost to another worker", false, "lease");
  if (frame.cancelled && frame.cancelled->load())
    throw StepError("cancelled: a sibling parallel branch failed", false, "cancelled");
  const std::string& kind = step.at("kind").get_ref<const std::string&>();
  StepKind* impl = kind == "plugin" ? nullptr : services.steps.find(kind);
  if (kind != "plugin" && !impl)
    throw StepError("step kind `" + kind + "` has no implementation in this runtime", false,
                    "internal");
  std::string savedStep = std::move(frame.currentStep);
  size_t savedCalls = frame.nondeterministicCalls;
  frame.currentStep = runtimeId(step, frame);
  frame.nondeterministicCalls = 0;
  struct Restore {
    Frame& f;
    std::string& s;
    size_t c;
    ~Restore() {
      f.currentStep = std::move(s);
      f.nondeterministicCalls = c;
    }
  } restore{frame, savedStep, savedCalls};
  if (!impl || impl->leaf()) return runLeaf(step, impl, frame);
  Json result;
  StepContext cx(*this, frame);
  Flow f = impl->execute(step, cx, result);
  if (!result.is_null()) bindResult(step, frame, result);
  return f;
}

void Execution::attemptLeaf(const Json& step, StepKind* impl, Frame& frame, const std::string& id,
                            int attempt, Json& result) {
  StepContext cx(*this, frame);
  if (impl) return executeLeafKind(impl, step, cx, result);
  // A plugin step kind: executed by the plugin host, or a clear error when none provides it.
  const std::string& pluginKind = step.at("pluginKind").get_ref<const std::string&>();
  if (!services.plugins || !services.plugins->hasKind(pluginKind)) {
    StepError e("step kind `" + pluginKind +
                    "` is not registered: no installed plugin "
                    "provides it (install the plugin that registers it; `locus plugin list` "
                    "shows the installed ones)",
                false, "plugin");
    e.notStarted = true; // installing the plugin and resuming runs the step
    throw e;
  }
  if (approvedByPerson(id, result)) return;
  Json params = Json::object();
  for (const auto& [key, expr] : step["params"].items()) params[key] = cx.eval(expr);
  StepStateIo state;
  state.load = [&](const std::string& plugin) {
    return frame.tx ? frame.tx->pluginState(plugin) : services.store.pluginState(plugin);
  };
  try {
    result = services.plugins->execute(
        pluginKind, params,
        {{"run", run.id}, {"workflow", run.workflow}, {"step", id}, {"attempt", attempt}}, state);
    frame.pluginStateWrites = std::move(state.writes);
  } catch (const StepError& e) {
    if (e.code != kAwaitApprovalCode) throw;
    // The plugin's fallback chain ended in a person's decision (locus approve RUN STEP).
    recordWait(id, "approval:" + id);
    throw RunSuspended{0, "approval:" + id};
  } catch (const std::exception& e) {
    throw StepError("plugin step " + pluginKind + " failed: " + e.what(), true, "plugin");
  }
}

// A plugin step whose fallback chain asked a person (its approval stage): once decided, an
// approval is the step's result and a rejection fails it; still undecided (a resume forced
// before the decision), the chain runs again.
bool Execution::approvedByPerson(const std::string& id, Json& result) {
  if (!completed(id + "@waiting")) return false;
  std::optional<Json> decision = services.store.signal(run.id, "approval:" + id);
  if (!decision) return false;
  if (!decision->value("approved", false))
    throw StepError(
        "step " + id + " was rejected" +
            (decision->contains("by") ? " by " + displayText((*decision)["by"]) : std::string()),
        false, "rejected", *decision);
  result = *decision;
  return true;
}

// The plugin state a step wrote joins the transaction of its checkpoint.
static void commitPluginState(StoreTx& tx, Frame& frame) {
  for (const auto& [plugin, writes] : frame.pluginStateWrites) tx.writePluginState(plugin, writes);
  frame.pluginStateWrites.clear();
}

Flow Execution::runLeaf(const Json& step, StepKind* impl, Frame& frame) {
  const std::string id = frame.currentStep;
  const std::string kindWord =
      impl ? step["kind"].get<std::string>() : step["pluginKind"].get<std::string>();
  if (auto done = completed(id)) {
    bindResult(step, frame, *done);
    return Flow::Next;
  }
  int firstAttempt = 1;
  int64_t dueAtMs = 0;
  if (!frame.tx) {
    replayRecordedFailure(id);
    firstAttempt = nextAttempt(id, dueAtMs);
  }
  if (services.options.onStepStart) services.options.onStepStart(id);
  if (dueAtMs > nowMs()) StepContext(*this, frame).sleepFor(dueAtMs - nowMs());
  throwIfCancelled();
  int conflicts = 0;
  for (int attempt = firstAttempt;; ++attempt) {
    HookVerdict verdict = stepHook(id, kindWord, attempt);
    if (!verdict.allow)
      throw StepError("step " + id + " was vetoed by an onStepExecute hook: " + verdict.reason,
                      false, "vetoed");
    int64_t startMs = nowMs(), t0 = steadyUs();
    Json result;
    frame.nondeterministicCalls = 0;
    frame.pluginStateWrites.clear(); // a failed attempt's state never lands
    try {
      if (frame.tx) {
        // Inside db_tx: the step's writes and checkpoint join the transaction; the db_tx retries.
        std::lock_guard lock(*frame.txMutex);
        frame.tx->savepoint("step");
        try {
          attemptLeaf(step, impl, frame, id, attempt, result);
        } catch (...) {
          frame.tx->rollbackToSavepoint("step");
          throw;
        }
        frame.tx->releaseSavepoint("step");
        commitPluginState(*frame.tx, frame);
        frame.tx->putCheckpoint(run.id, id, result);
        trace(frame.tx, id, kindWord, attempt, startMs, steadyUs() - t0, "completed", nullptr);
        frame.txCompleted->emplace_back(id, result);
        bindResult(step, frame, result);
        return Flow::Next;
      }
      attemptLeaf(step, impl, frame, id, attempt, result);
      std::unique_ptr<StoreTx> tx = frame.stepTx ? std::move(frame.stepTx) : services.store.begin();
      commitPluginState(*tx, frame);
      tx->putCheckpoint(run.id, id, result);
      trace(tx.get(), id, kindWord, attempt, startMs, steadyUs() - t0, "completed", nullptr);
      tx->commit();
      remember(id, result);
      bindResult(step, frame, result);
      return Flow::Next;
    } catch (const CheckpointConflict&) {
      // Another process completed this step first: its result stands, ours is rolled back.
      frame.stepTx.reset();
      if (frame.tx)
        throw StepError("step " + id + " was completed by another worker", true, "conflict");
      Json stored = services.store.checkpoint(run.id, id).value_or(Json());
      remember(id, stored);
      bindResult(step, frame, stored);
      return Flow::Next;
    } catch (const RunSuspended&) {
      frame.stepTx.reset();
      trace(nullptr, id, kindWord, attempt, startMs, steadyUs() - t0, "waiting", nullptr);
      throw;
    } catch (const StoreConflict&) { // the checkpoint's commit lost a serialization race
      frame.stepTx.reset();
      if (frame.tx) throw;
      if (!conflictPause(conflicts++))
        throw StepError("step " + id + ": the state store kept losing serialization races", true,
                        "store");
      --attempt;
    } catch (StepError& e) {
      frame.stepTx.reset();
      if (e.step.empty()) e.step = id;
      if (frame.tx) throw; // db_tx traces and retries the whole transaction
      if (e.code == kStoreConflictCode && conflictPause(conflicts++)) {
        --attempt; // a lost race is the store's business, not a failed attempt
        continue;
      }
      bool retry = e.retryable && attempt <= maxRetries_ && !leaseLost_ &&
                   !(frame.cancelled && frame.cancelled->load());
      trace(nullptr, id, kindWord, attempt, startMs, steadyUs() - t0, retry ? "retrying" : "failed",
            errorJson(e));
      if (!retry) {
        recordFailure(id, e);
        throw;
      }
      int64_t delay = backoffMs(attempt);
      recordRetry(id, attempt, nowMs() + delay);
      StepContext(*this, frame).sleepFor(delay);
    }
  }
}

void Execution::runHandlers(const char* key, const Json& error, Frame& root) {
  const Json& steps = workflow[key];
  if (!steps.is_array() || steps.empty()) return;
  root.scope["error"] = error;
  try {
    runList(steps, root);
  } catch (const StepError& e) {
    trace(nullptr, e.step, "handler", 1, nowMs(), 0, "failed", errorJson(e));
  } catch (const RunSuspended&) {
    trace(nullptr, std::string(workflow["name"].get<std::string>()) + "." + key, "handler", 1,
          nowMs(), 0, "failed", Json{{"message", "handlers cannot wait (delay/wait_for)"}});
  }
}

RunOutcome Execution::execute() {
  // The plugins' audit entries of this execution are written once, when it ends (however).
  struct EndOfRun {
    EngineServices& s;
    const std::string& id;
    ~EndOfRun() {
      if (s.plugins) s.plugins->runEnded(id);
      if (s.hooks) s.hooks->runEnded(id);
    }
  } endOfRun{services, run.id};
  for (auto& [step, result] : services.store.checkpoints(run.id)) cache_[step] = std::move(result);
  RunOutcome out;
  int64_t startMs = nowMs(), t0 = steadyUs();
  // The lease is renewed while the run executes; losing it stops the run at its next step.
  struct Heartbeat {
    Execution& ex;
    std::mutex mutex;
    std::condition_variable cv;
    bool stop = false;
    std::thread thread;
    explicit Heartbeat(Execution& e) : ex(e) {
      thread = std::thread([this] {
        std::unique_lock lock(mutex);
        int64_t every = ex.services.options.leaseMs / 3;
        while (!cv.wait_for(lock, std::chrono::milliseconds(every), [this] { return stop; })) {
          try {
            if (!ex.services.store.renewLease(ex.run.id, ex.owner, ex.services.options.leaseMs))
              ex.leaseLost_ = true;
          } catch (...) { // a busy store: try again at the next beat
          }
        }
      });
    }
    ~Heartbeat() {
      {
        std::lock_guard lock(mutex);
        stop = true;
      }
      cv.notify_all();
      thread.join();
    }
  };
  auto heartbeat = std::make_unique<Heartbeat>(*this);
  Frame root;
  root.scope = run.input;
  try {
    if (services.hooks) {
      HookVerdict v = services.hooks->onWorkflowExecute(
          {{"run", run.id}, {"workflow", run.workflow}, {"input", run.input}});
      if (!v.allow)
        throw StepError("the run was vetoed by an onWorkflowExecute hook: " + v.reason, false,
                        "vetoed");
    }
    EvalEnv env = StepContext(*this, root).evalEnv();
    for (const Json& s : workflow["state"])
      root.scope[s["name"].get<std::string>()] =
          s["init"].is_null() ? Json(nullptr) : evalExpr(s["init"], root.scope, env);
    runList(workflow["steps"], root);
    out.status = "completed";
    out.output = root.returnValue;
  } catch (const RunSuspended& s) {
    out.status = "waiting";
    out.wakeAtMs = s.wakeAtMs;
    out.waitingFor = s.reason;
  } catch (const StepError& e) {
    out.status = "failed";
    out.error = errorJson(e);
    if (services.hooks)
      services.hooks->runFailed(
          {{"run", run.id}, {"workflow", run.workflow}, {"step", e.step}, {"error", out.error}});
    cleaningUp_ = true; // a cancel requested now must not interrupt the handlers (it would escape)
    if (!leaseLost_) {
      runHandlers("onError", out.error, root);
      runHandlers("onFailure", out.error, root);
    }
  } catch (const RunCancelled& c) {
    out.status = "cancelled";
    out.error = {{"message", "cancelled" + (c.reason.empty() ? "" : ": " + c.reason)},
                 {"code", "cancelled"},
                 {"step", root.currentStep},
                 {"retryable", false}};
    cleaningUp_ = true;
    if (!leaseLost_) {
      runHandlers("onError", out.error, root);
      runHandlers("onFailure", out.error, root);
    }
  }
  heartbeat.reset();
  if (leaseLost_) {
    out.status = "lost";
    return out;
  }
  trace(nullptr, run.workflow, "workflow", 1, startMs, steadyUs() - t0, out.status, out.error);
  services.store.finishRun(run.id, owner, out.status, out.output, out.error, out.wakeAtMs);
  if (out.status == "waiting")
    wakeIfAnswered(services.store, run.id, out.waitingFor);
  else
    notifyParent(services.store, run.id, out.status, out.output, out.error);
  return out;
}

} // namespace locus::rt
