// Which minutes of an `on:schedule("cron")` trigger to fire now, given the minute up to which the
// schedule was already handled (the store's schedule mark). The policy (docs/runtime.md, "Cron
// triggers"): on a first start only the current minute counts; after downtime, of the matching
// minutes since the mark, the `catchUp` most recent ones fire (default 1: the latest missed one);
// minutes older than kCronLookbackMinutes are never fired.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace locus::rt {

inline constexpr int64_t kCronLookbackMinutes = 366LL * 24 * 60;

// Minutes (epoch ms, multiples of 60000) in ascending order. `nowMinuteMs` is the current minute.
// `zone` as for cronMatches ("" is UTC).
std::vector<int64_t> cronMinutesToFire(const std::string& expr, std::optional<int64_t> markMs,
                                       int64_t nowMinuteMs, int catchUp,
                                       const std::string& zone = "");

} // namespace locus::rt
