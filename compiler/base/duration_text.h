// Durations written as text: literals (250ms, 5s, 10m, 1h, 2d) and strings ("5 minutes",
// "1.5 hours"). The compiler checks them (compiler/sema/duration.h); the runtime evaluates them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace locus {

// Milliseconds, or nullopt if `text` is not a duration. Accepted units: ms, s, sec(s),
// second(s), m, min(s), minute(s), h, hr(s), hour(s), d, day(s), w, week(s); one number and one
// unit, optional whitespace between them.
std::optional<uint64_t> parseDurationMs(std::string_view text);

} // namespace locus
