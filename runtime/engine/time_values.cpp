#include "runtime/engine/time_values.h"

#include "compiler/base/duration_text.h"

#include <ctime>
#include <regex>

namespace locus::rt {

std::optional<int64_t> durationMsOf(const nlohmann::json& v) {
  if (v.is_number()) return static_cast<int64_t>(v.get<double>());
  if (!v.is_string()) return std::nullopt;
  auto ms = parseDurationMs(v.get<std::string>());
  if (!ms) return std::nullopt;
  return static_cast<int64_t>(*ms);
}

std::optional<int64_t> timeMsOf(const nlohmann::json& v) {
  if (v.is_number()) return static_cast<int64_t>(v.get<double>());
  if (!v.is_string()) return std::nullopt;
  static const std::regex iso(
      R"(^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z|[+-]\d{2}:?\d{2})?$)");
  std::smatch m;
  std::string s = v.get<std::string>();
  if (!std::regex_match(s, m, iso)) return std::nullopt;
  std::tm tm{};
  tm.tm_year = std::stoi(m[1]) - 1900;
  tm.tm_mon = std::stoi(m[2]) - 1;
  tm.tm_mday = std::stoi(m[3]);
  tm.tm_hour = m[4].matched ? std::stoi(m[4]) : 0;
  tm.tm_min = m[5].matched ? std::stoi(m[5]) : 0;
  tm.tm_sec = m[6].matched ? std::stoi(m[6]) : 0;
  int64_t ms = static_cast<int64_t>(timegm(&tm)) * 1000;
  if (m[7].matched) {
    std::string frac = m[7].str();
    while (frac.size() < 3) frac += '0';
    ms += std::stoi(frac);
  }
  if (m[8].matched && m[8].str() != "Z") {
    std::string z = m[8].str();
    int sign = z[0] == '-' ? -1 : 1;
    int hh = std::stoi(z.substr(1, 2)), mm = std::stoi(z.substr(z.size() - 2));
    ms -= sign * (hh * 60 + mm) * 60000LL;
  }
  return ms;
}

} // namespace locus::rt
