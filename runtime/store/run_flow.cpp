#include "runtime/store/run_flow.h"

#include <algorithm>
#include <cmath>

namespace locus::rt {

int64_t clampPriority(double value) {
  if (std::isnan(value)) return 0;
  return static_cast<int64_t>(
      std::clamp(std::trunc(value), -double(kMaxPriority), double(kMaxPriority)));
}

int64_t startRank(int64_t createdMs, int64_t priority, int64_t agingMs) {
  return createdMs - priority * agingMs;
}

bool rateLimited(int64_t inWindow, int64_t limit) {
  return limit > 0 && inWindow >= limit;
}

int64_t debounceStartMs(int64_t nowMs, int64_t periodMs, int64_t timeoutMs, int64_t firstMs) {
  int64_t start = nowMs + periodMs;
  if (timeoutMs > 0) start = std::min(start, std::max(firstMs + timeoutMs, nowMs));
  return start;
}

ThrottleDecision throttleAdmission(const std::vector<int64_t>& startsInWindow, int64_t readyAhead,
                                   int64_t limit, int64_t periodMs, int64_t nowMs) {
  int64_t used = 0;
  for (int64_t s : startsInWindow) used += s > nowMs - periodMs ? 1 : 0;
  if (used + readyAhead < limit) return {true, 0};
  // Slots free up as the oldest starts leave the window; the runs ahead take the first ones.
  int64_t mustLeave = used + readyAhead - limit + 1;
  if (mustLeave > used) return {false, 0};
  std::vector<int64_t> live;
  for (int64_t s : startsInWindow)
    if (s > nowMs - periodMs) live.push_back(s);
  std::sort(live.begin(), live.end());
  return {false, live[static_cast<size_t>(mustLeave - 1)] + periodMs};
}

nlohmann::json flowConfig(const RunFlow& f) {
  nlohmann::json j = nlohmann::json::object();
  if (f.priority) j["priority"] = f.priority, j["agingMs"] = f.agingMs;
  if (!f.throttleKey.empty())
    j["throttle"] = {{"limit", f.throttleLimit}, {"periodMs", f.throttlePeriodMs}};
  if (!f.rateKey.empty()) j["rateLimit"] = {{"limit", f.rateLimit}, {"periodMs", f.ratePeriodMs}};
  if (!f.debounceKey.empty())
    j["debounce"] = {{"periodMs", f.debouncePeriodMs},
                     {"timeoutMs", f.debounceTimeoutMs},
                     {"firstMs", f.debounceFirstMs}};
  return j;
}

void readFlowConfig(const nlohmann::json& j, RunFlow& f) {
  if (!j.is_object()) return;
  f.priority = j.value("priority", int64_t{0});
  f.agingMs = j.value("agingMs", int64_t{10000});
  if (const auto t = j.find("throttle"); t != j.end() && t->is_object())
    f.throttleLimit = t->value("limit", int64_t{0}), f.throttlePeriodMs = t->value("periodMs", 0);
  if (const auto r = j.find("rateLimit"); r != j.end() && r->is_object())
    f.rateLimit = r->value("limit", int64_t{0}), f.ratePeriodMs = r->value("periodMs", 0);
  if (const auto d = j.find("debounce"); d != j.end() && d->is_object()) {
    f.debouncePeriodMs = d->value("periodMs", int64_t{0});
    f.debounceTimeoutMs = d->value("timeoutMs", int64_t{0});
    f.debounceFirstMs = d->value("firstMs", int64_t{0});
  }
}

nlohmann::json rateLimitedError(const RunFlow& f) {
  return {{"message", "skipped: rate limit of " + std::to_string(f.rateLimit) + " run(s) per " +
                          std::to_string(f.ratePeriodMs) + " ms reached for key " + f.rateKey},
          {"reason", "rateLimited"},
          {"key", f.rateKey}};
}

nlohmann::json debouncedError(const std::string& replacedBy) {
  return {{"message", "skipped: debounced, replaced by run " + replacedBy},
          {"reason", "debounced"},
          {"replacedBy", replacedBy}};
}

} // namespace locus::rt
