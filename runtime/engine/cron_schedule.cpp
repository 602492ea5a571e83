#include "runtime/engine/cron_schedule.h"

#include <date/tz.h>

#include <chrono>
#include <ctime>
#include <optional>
#include <sstream>
#include <vector>

namespace locus::rt {

namespace {

int valueOf(const std::string& word, int field) {
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  static const char* days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
  std::string w;
  for (char c : word) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (field == 3)
    for (int i = 0; i < 12; ++i)
      if (w == months[i]) return i + 1;
  if (field == 4)
    for (int i = 0; i < 7; ++i)
      if (w == days[i]) return i;
  return std::stoi(w);
}

// Does one field (a comma list of *, N, A-B, */S, A-B/S, N/S) contain `v`?
bool fieldMatches(const std::string& field, int index, int v, int lo, int hi) {
  std::stringstream parts(field);
  for (std::string part; std::getline(parts, part, ',');) {
    int step = 1;
    auto slash = part.find('/');
    if (slash != std::string::npos) {
      step = std::stoi(part.substr(slash + 1));
      part = part.substr(0, slash);
    }
    int a = lo, b = hi;
    if (part != "*") {
      auto dash = part.find('-');
      a = valueOf(part.substr(0, dash), index);
      b = dash == std::string::npos ? (slash != std::string::npos ? hi : a)
                                    : valueOf(part.substr(dash + 1), index);
    }
    if (index == 4 && v == 0 && b == 7 && (7 - a) % step == 0) return true; // 7 is Sunday too
    if (v >= a && v <= b && (v - a) % step == 0) return true;
  }
  return false;
}

// The broken-down local time of the minute that contains `epochMs`; nullopt for the second
// pass through a local hour that a daylight-saving change repeats.
std::optional<std::tm> localMinute(int64_t epochMs, const date::time_zone* zone) {
  std::tm tm{};
  std::time_t t = static_cast<std::time_t>(epochMs / 1000);
  if (!zone) {
    gmtime_r(&t, &tm);
    return tm;
  }
  date::sys_seconds sys{std::chrono::seconds(t)};
  date::sys_info info = zone->get_info(sys);
  date::local_seconds local = zone->to_local(sys);
  date::local_info li = zone->get_info(local);
  if (li.result == date::local_info::ambiguous && info.offset == li.second.offset)
    return std::nullopt;
  std::time_t localT = static_cast<std::time_t>(local.time_since_epoch().count());
  gmtime_r(&localT, &tm);
  return tm;
}

const date::time_zone* zoneNamed(const std::string& name) {
  if (name.empty() || name == "UTC") return nullptr;
  return date::locate_zone(name); // throws std::runtime_error for an unknown zone
}

bool matchesAt(const std::vector<std::string>& f, const std::tm& tm) {
  bool dom = fieldMatches(f[2], 2, tm.tm_mday, 1, 31);
  bool dow = fieldMatches(f[4], 4, tm.tm_wday, 0, 7);
  bool day = (f[2] != "*" && f[4] != "*") ? (dom || dow) : (dom && dow);
  return fieldMatches(f[0], 0, tm.tm_min, 0, 59) && fieldMatches(f[1], 1, tm.tm_hour, 0, 23) &&
         fieldMatches(f[3], 3, tm.tm_mon + 1, 1, 12) && day;
}

} // namespace

bool knownTimeZone(const std::string& zone) {
  try {
    zoneNamed(zone);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

bool cronMatches(const std::string& expr, int64_t epochMs, const std::string& zone) {
  std::stringstream in(expr);
  std::vector<std::string> f;
  for (std::string s; in >> s;) f.push_back(s);
  if (f.size() != 5) return false;
  try {
    std::optional<std::tm> tm = localMinute(epochMs, zoneNamed(zone));
    return tm && matchesAt(f, *tm);
  } catch (const std::exception&) {
    return false;
  }
}

std::optional<int64_t> nextCronMinute(const std::string& expr, int64_t afterMs,
                                      const std::string& zone) {
  constexpr int64_t kMinute = 60000, kYear = 366LL * 24 * 60;
  int64_t first = afterMs / kMinute * kMinute + kMinute;
  for (int64_t i = 0; i < kYear; ++i)
    if (cronMatches(expr, first + i * kMinute, zone)) return first + i * kMinute;
  return std::nullopt;
}

} // namespace locus::rt
