// Validation of 5-field cron expressions (minute hour day-of-month month day-of-week), used by
// `on:schedule("…")` triggers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace locus {

// nullopt if `expr` is a valid cron expression, else a lower-case message naming the first bad
// field. Each field is a comma-separated list of `*`, `N`, `A-B`, `*/S`, `A-B/S` or `N/S`;
// months also accept jan..dec and weekdays sun..sat (0 and 7 are both Sunday).
std::optional<std::string> cronError(std::string_view expr);

// nullopt if `name` is a zone of the tz database ("Europe/Paris", "UTC"), as installed under
// /usr/share/zoneinfo; where no database is installed only the name's shape is checked.
std::optional<std::string> timeZoneError(std::string_view name);

} // namespace locus
