// Durations and points in time as workflow values: `5s`, "5 minutes", 3000 (ms); ISO-8601 text
// or epoch milliseconds.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>

namespace locus::rt {

std::optional<int64_t> durationMsOf(const nlohmann::json& v);
std::optional<int64_t> timeMsOf(const nlohmann::json& v); // epoch milliseconds

} // namespace locus::rt
