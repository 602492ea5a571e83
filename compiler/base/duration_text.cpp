#include "compiler/base/duration_text.h"

#include <cctype>
#include <cmath>
#include <string>

namespace locus {

namespace {

std::optional<double> unitMs(std::string_view unit) {
  std::string u;
  for (char c : unit) u += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u == "ms" || u == "millisecond" || u == "milliseconds") return 1.0;
  if (u == "s" || u == "sec" || u == "secs" || u == "second" || u == "seconds") return 1e3;
  if (u == "m" || u == "min" || u == "mins" || u == "minute" || u == "minutes") return 6e4;
  if (u == "h" || u == "hr" || u == "hrs" || u == "hour" || u == "hours") return 3.6e6;
  if (u == "d" || u == "day" || u == "days") return 8.64e7;
  if (u == "w" || u == "week" || u == "weeks") return 6.048e8;
  return std::nullopt;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

} // namespace

std::optional<uint64_t> parseDurationMs(std::string_view text) {
  text = trim(text);
  size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  std::string_view number = text.substr(0, i);
  if (number.empty() || number.front() == '.' || number.back() == '.' ||
      number.find('.') != number.rfind('.'))
    return std::nullopt;
  auto ms = unitMs(trim(text.substr(i)));
  if (!ms) return std::nullopt;
  double value = std::stod(std::string(number)) * *ms;
  if (!std::isfinite(value) || value > 1e18) return std::nullopt;
  return static_cast<uint64_t>(std::llround(value));
}

} // namespace locus
