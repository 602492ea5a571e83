// Matching 5-field cron expressions (minute hour day-of-month month day-of-week) against a
// minute, for `on:schedule("…")` triggers, read in UTC or in the local time of a zone of the tz
// database (`timezone: "Europe/Paris"`). The compiler has already validated the syntax.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace locus::rt {

// True when the expression fires in the minute that contains `epochMs` (UTC). As in classic
// cron, when both day-of-month and day-of-week are restricted, either one matching is enough.
// With a `zone`, the fields are local times of that zone: a local minute that a daylight-saving
// change skips never fires, and one that it repeats fires once (the first time). An unknown zone
// matches nothing (see knownTimeZone).
bool cronMatches(const std::string& expr, int64_t epochMs, const std::string& zone = "");
bool knownTimeZone(const std::string& zone);
// The first minute after `afterMs` that the expression fires in (within a year), if any.
std::optional<int64_t> nextCronMinute(const std::string& expr, int64_t afterMs,
                                      const std::string& zone = "");

} // namespace locus::rt
