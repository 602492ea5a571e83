// Matching 5-field cron expressions (minute hour day-of-month month day-of-week) against a UTC
// minute, for `on:schedule("…")` triggers. The compiler has already validated the syntax.
#pragma once

#include <cstdint>
#include <string>

namespace locus::rt {

// True when the expression fires in the minute that contains `epochMs` (UTC). As in classic
// cron, when both day-of-month and day-of-week are restricted, either one matching is enough.
bool cronMatches(const std::string& expr, int64_t epochMs);

} // namespace locus::rt
