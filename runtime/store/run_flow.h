// Flow control of runs (docs/runtime.md "Flow control"): what a run carries from its workflow's
// throttle, rateLimit, debounce and priority, evaluated from its input when it is created, and
// the admission rules both stores apply — when a new run is skipped (rate limit), when a
// pending run is replaced (debounce), when a queued run may start (throttle) and in which order
// ready runs start (priority with aging). The rules are pure functions; the stores feed them
// what they read inside the transaction that creates or claims the run.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace locus::rt {

struct RunFlow {
  int64_t priority = 0;      // -1000..1000, higher starts first
  int64_t agingMs = 10000;   // one point of priority per agingMs waited
  std::string throttleKey;   // "" = not throttled
  int64_t throttleLimit = 0; // starts per period per key
  int64_t throttlePeriodMs = 0;
  std::string rateKey;   // "" = no rate limit
  int64_t rateLimit = 0; // runs per period per key; more are skipped
  int64_t ratePeriodMs = 0;
  std::string debounceKey;       // "" = not debounced
  int64_t debouncePeriodMs = 0;  // quiet time before the last run of a burst starts
  int64_t debounceTimeoutMs = 0; // 0: none; else the latest start after the burst's first run
  int64_t debounceFirstMs = 0;   // when the burst this run ends began

  bool any() const { return !throttleKey.empty() || !rateKey.empty() || !debounceKey.empty(); }
};

inline constexpr int64_t kMaxPriority = 1000;
int64_t clampPriority(double value);

// The order in which ready runs start, lower first: createdMs − priority × agingMs. Ordering by it
// is ordering by the effective priority `priority + waitedMs / agingMs` (equal aging), so a run
// of priority p is passed only by runs created less than (1000 − p) × agingMs after it.
int64_t startRank(int64_t createdMs, int64_t priority, int64_t agingMs);

// Rate limit: true when `inWindow` runs of the key were created in the last period already.
bool rateLimited(int64_t inWindow, int64_t limit);

// Debounce: when the newest run of a burst starts — `period` after it, but not later than
// `timeout` after the burst's first run (when a timeout is set).
int64_t debounceStartMs(int64_t nowMs, int64_t periodMs, int64_t timeoutMs, int64_t firstMs);

// Throttle: a queued run that has never started may start when fewer than `limit` runs of its
// key started in the last period, counting `readyAhead` (ready runs of the key that rank before
// it) as starting first. `startsInWindow` are the start times in (now − period, now], ascending.
struct ThrottleDecision {
  bool admit = false;
  int64_t notBeforeMs = 0; // refused: the earliest time a slot frees up (0: when runs ahead start)
};
ThrottleDecision throttleAdmission(const std::vector<int64_t>& startsInWindow, int64_t readyAhead,
                                   int64_t limit, int64_t periodMs, int64_t nowMs);

// The limits and periods as the stores keep them (the keys have columns of their own).
nlohmann::json flowConfig(const RunFlow& flow);
void readFlowConfig(const nlohmann::json& config, RunFlow& flow);

// The error of a skipped run.
nlohmann::json rateLimitedError(const RunFlow& flow);
nlohmann::json debouncedError(const std::string& replacedBy);

} // namespace locus::rt
