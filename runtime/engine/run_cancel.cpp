// Cancellation and termination at step boundaries. `locus cancel` records the signal kCancelSignal;
// an execution notices it before its next step that has no checkpoint (so a resumed run first
// replays to where it stopped and unwinds through the `finally` blocks around that point) and while
// it sleeps.
#include "runtime/engine/executor.h"
#include "runtime/engine/run_control.h"

#include <chrono>

namespace locus::rt {

namespace {

int64_t steadyNowUs() {
  using namespace std::chrono;
  return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

constexpr int64_t kCancelPollUs = 200'000;

} // namespace

void Execution::throwIfCancelled() {
  if (cleaningUp_) return;
  int64_t now = steadyNowUs(), last = cancelCheckedUs_.load();
  if (last && now - last < kCancelPollUs) return;
  if (!cancelCheckedUs_.compare_exchange_strong(last, now)) return; // another branch looks
  // Terminated (or taken over): stop without cleanup, as when the lease is lost.
  std::optional<RunRecord> current = services.store.getRun(run.id);
  if (!current || current->status != "running" || current->leaseOwner != owner) {
    leaseLost_ = true;
    return;
  }
  std::optional<Json> request = services.store.signal(run.id, kCancelSignal);
  if (!request) return;
  cleaningUp_ = true;
  throw RunCancelled{request->value("reason", "")};
}

} // namespace locus::rt
