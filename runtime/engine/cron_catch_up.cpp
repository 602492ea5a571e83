#include "runtime/engine/cron_catch_up.h"

#include "runtime/engine/cron_schedule.h"

#include <algorithm>

namespace locus::rt {

std::vector<int64_t> cronMinutesToFire(const std::string& expr, std::optional<int64_t> markMs,
                                       int64_t nowMinuteMs, int catchUp, const std::string& zone) {
  std::vector<int64_t> out;
  if (markMs && *markMs >= nowMinuteMs) return out;
  int64_t oldest = markMs ? std::max(*markMs + 60000, nowMinuteMs - kCronLookbackMinutes * 60000)
                          : nowMinuteMs; // first start: nothing was missed
  size_t wanted = static_cast<size_t>(std::max(catchUp, 1));
  // Newest first, so the default (one) stops at the latest matching minute.
  for (int64_t m = nowMinuteMs; m >= oldest && out.size() < wanted; m -= 60000)
    if (cronMatches(expr, m, zone)) out.push_back(m);
  std::reverse(out.begin(), out.end());
  return out;
}

} // namespace locus::rt
