// The services the executor offers to step kinds (step_api.h).
#include "runtime/engine/executor.h"

#include <chrono>
#include <thread>

namespace locus::rt {

Json StepContext::eval(const Json& expr) {
  if (expr.is_null()) return nullptr;
  EvalEnv env = evalEnv();
  env.tx = nullptr; // workflow expressions do not touch the database
  env.nondeterministic = [this](const std::string& fn) {
    return execution.recordedValue(frame, fn);
  };
  return evalExpr(expr, frame.scope, env);
}

Json StepContext::param(const Json& step, const std::string& key) {
  const Json& params = step["params"];
  if (!params.is_object() || !params.contains(key)) return nullptr;
  return eval(params[key]);
}

Flow StepContext::runList(const Json& steps) {
  return execution.runList(steps, frame);
}

std::string StepContext::runtimeId(const Json& step) const {
  return execution.runtimeId(step, frame);
}

StoreTx& StepContext::tx() {
  if (frame.tx) return *frame.tx;
  if (!frame.stepTx) frame.stepTx = execution.services.store.begin();
  return *frame.stepTx;
}

EvalEnv StepContext::evalEnv() {
  EvalEnv env(execution.services.program);
  env.maxIterations = execution.services.options.maxIterations;
  return env;
}

const Json& StepContext::settings() const {
  return execution.services.options.settings;
}
const std::string& StepContext::runId() const {
  return execution.run.id;
}
Store& StepContext::store() {
  return execution.services.store;
}
int64_t StepContext::inlineWaitMaxMs() const {
  return execution.services.options.inlineWaitMaxMs;
}
size_t StepContext::parallelThreads() const {
  return execution.services.options.parallelThreads;
}
size_t StepContext::maxIterations() const {
  return execution.services.options.maxIterations;
}

void StepContext::sleepFor(int64_t ms) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (cancelled() || execution.leaseLost()) return;
    execution.throwIfCancelled();
    auto left = until - std::chrono::steady_clock::now();
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(50)));
  }
}

std::vector<Json>
StepContext::runConcurrently(size_t n, size_t max, bool failFast,
                             const std::function<Json(size_t, StepContext&)>& fn) {
  std::vector<Json> results(n);
  std::vector<std::exception_ptr> errors(n);
  std::vector<std::unique_ptr<Frame>> frames(n);
  auto cancel = std::make_shared<std::atomic<bool>>(cancelled());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next++) < n;) {
      if (failFast && cancel->load()) break;
      frames[i] = frame.branch();
      frames[i]->cancelled = cancel;
      StepContext branch(execution, *frames[i]);
      try {
        results[i] = fn(i, branch);
      } catch (...) {
        errors[i] = std::current_exception();
        if (failFast) {
          bool suspended = false;
          try {
            std::rethrow_exception(errors[i]);
          } catch (const RunSuspended&) {
            suspended = true;
          } catch (...) {
          }
          if (!suspended) cancel->store(true);
        }
      }
    }
  };
  size_t threads = std::min(n, max ? max : parallelThreads());
  if (threads <= 1)
    worker();
  else {
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& t : pool) t.join();
  }
  for (auto& f : frames)
    if (f)
      for (auto& [name, value] : f->scope) frame.scope[name] = value;
  // The first real failure wins over cancellations and suspensions; suspensions pause the run.
  std::exception_ptr firstError, firstCancel;
  std::optional<RunSuspended> suspend;
  for (auto& e : errors) {
    if (!e) continue;
    try {
      std::rethrow_exception(e);
    } catch (const RunSuspended& s) {
      if (!suspend || (s.wakeAtMs && (!suspend->wakeAtMs || s.wakeAtMs < suspend->wakeAtMs)))
        suspend = s;
    } catch (const StepError& s) {
      if (s.code == "cancelled") {
        if (!firstCancel) firstCancel = e;
      } else if (!firstError) {
        firstError = e;
      }
    } catch (...) {
      if (!firstError) firstError = e;
    }
  }
  if (firstError) std::rethrow_exception(firstError);
  if (firstCancel) std::rethrow_exception(firstCancel);
  if (suspend) throw *suspend;
  return results;
}

} // namespace locus::rt
