// Durable step outcomes. Checkpoint keys beside a step's own (`STEP@failed`,
// `STEP@attempt#N`) record a final failure and each retry, so a resume after a crash or of a
// failed run takes the same path the first execution took: the failed step is not called again
// (its catch, on_error and on_failure see the same error), and retries continue the budget and
// the backoff where they stopped. `locus resume --retry-failed` removes a failure record.
#include "runtime/engine/executor.h"

#include <chrono>
#include <random>
#include <thread>

namespace locus::rt {

namespace {

std::string failedKey(const std::string& stepId) {
  return stepId + "@failed";
}
std::string attemptKey(const std::string& stepId, int attempt) {
  return stepId + "@attempt#" + std::to_string(attempt);
}

// Writes a marker checkpoint; another worker having written it first is as good.
void putMarker(Store& store, const std::string& run, const std::string& key, const Json& value) {
  try {
    auto tx = store.begin();
    tx->putCheckpoint(run, key, value);
    tx->commit();
  } catch (const CheckpointConflict&) {
  }
}

} // namespace

void Execution::replayRecordedFailure(const std::string& stepId) {
  std::optional<Json> failed = completed(failedKey(stepId));
  if (!failed) return;
  StepError e(failed->value("message", "failed"), false, failed->value("code", "error"),
              failed->contains("data") ? (*failed)["data"] : Json());
  e.step = failed->value("step", stepId);
  throw e;
}

void Execution::recordFailure(const std::string& stepId, const StepError& e) {
  // A lost lease or a cancelled sibling branch is not this step's outcome.
  if (leaseLost_ || e.code == "lease" || e.code == "cancelled" || e.notStarted) return;
  Json j = {{"message", e.what()}, {"code", e.code}, {"step", e.step.empty() ? stepId : e.step}};
  if (!e.data.is_null()) j["data"] = e.data;
  putMarker(services.store, run.id, failedKey(stepId), j);
  remember(failedKey(stepId), j);
}

int Execution::nextAttempt(const std::string& stepId, int64_t& dueAtMs) {
  dueAtMs = 0;
  int attempt = 1;
  while (std::optional<Json> retry = completed(attemptKey(stepId, attempt))) {
    dueAtMs = retry->value("nextAtMs", int64_t{0});
    ++attempt;
  }
  return attempt;
}

void Execution::recordRetry(const std::string& stepId, int attempt, int64_t nextAtMs) {
  Json j = {{"nextAtMs", nextAtMs}};
  putMarker(services.store, run.id, attemptKey(stepId, attempt), j);
  remember(attemptKey(stepId, attempt), j);
}

void Execution::recordWait(const std::string& stepId, const std::string& key) {
  std::string marker = stepId + "@waiting";
  if (completed(marker)) return;
  Json j = {{"key", key}};
  putMarker(services.store, run.id, marker, j);
  remember(marker, j);
}

bool conflictPause(int conflicts) {
  constexpr int kMaxConflicts = 50;
  if (conflicts >= kMaxConflicts) return false;
  thread_local std::mt19937 rng{std::random_device{}()};
  int ceilingMs = std::min(2 << std::min(conflicts, 5), 50);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution<int>(1, ceilingMs)(rng)));
  return true;
}

} // namespace locus::rt
