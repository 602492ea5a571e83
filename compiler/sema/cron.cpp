#include "compiler/sema/cron.h"

#include <array>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <vector>

namespace locus {

namespace {

struct CronField {
  const char* name;
  int min, max;
  const char* const* names; // three-letter aliases for min.., or nullptr
};

const char* const kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",  "jul",
                               "aug", "sep", "oct", "nov", "dec", nullptr};
const char* const kDays[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", nullptr};

const std::array<CronField, 5> kFields = {{{"minute", 0, 59, nullptr},
                                           {"hour", 0, 23, nullptr},
                                           {"day-of-month", 1, 31, nullptr},
                                           {"month", 1, 12, kMonths},
                                           {"day-of-week", 0, 7, kDays}}};

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::vector<std::string_view> splitSpaces(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) parts.push_back(s.substr(start, i - start));
  }
  return parts;
}

// A number or a name alias, or -1.
int atomValue(std::string_view atom, const CronField& f) {
  if (atom.empty() || atom.size() > 4) return -1;
  bool digits = true;
  for (char c : atom) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits) return std::stoi(std::string(atom));
  if (!f.names || atom.size() != 3) return -1;
  std::string lower;
  for (char c : atom) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (int i = 0; f.names[i]; ++i)
    if (lower == f.names[i]) return f.min + i;
  return -1;
}

std::string fieldError(const CronField& f, std::string_view part, const std::string& why) {
  return std::string(f.name) + " field '" + std::string(part) + "' " + why;
}

std::optional<std::string> checkValue(std::string_view atom, const CronField& f,
                                      std::string_view part) {
  int v = atomValue(atom, f);
  if (v < 0) return fieldError(f, part, "is not a number");
  if (v < f.min || v > f.max)
    return fieldError(f, part,
                      "is out of range " + std::to_string(f.min) + "-" + std::to_string(f.max));
  return std::nullopt;
}

// One list element: `*`, `N`, `A-B`, with an optional `/S`.
std::optional<std::string> checkPart(std::string_view part, const CronField& f) {
  if (part.empty()) return fieldError(f, part, "has an empty list entry");
  std::string_view range = part;
  size_t slash = part.find('/');
  if (slash != std::string_view::npos) {
    range = part.substr(0, slash);
    std::string_view step = part.substr(slash + 1);
    int s = atomValue(step, CronField{f.name, 1, f.max, nullptr});
    if (s < 1 || s > f.max) return fieldError(f, part, "has an invalid step");
  }
  if (range == "*") return std::nullopt;
  size_t dash = range.find('-');
  if (dash == std::string_view::npos) return checkValue(range, f, part);
  std::string_view lo = range.substr(0, dash), hi = range.substr(dash + 1);
  if (auto e = checkValue(lo, f, part)) return e;
  if (auto e = checkValue(hi, f, part)) return e;
  if (atomValue(lo, f) > atomValue(hi, f)) return fieldError(f, part, "has a reversed range");
  return std::nullopt;
}

} // namespace

std::optional<std::string> cronError(std::string_view expr) {
  std::vector<std::string_view> fields = splitSpaces(expr);
  if (fields.size() != kFields.size())
    return "a cron expression has 5 fields (minute hour day-of-month month day-of-week), found " +
           std::to_string(fields.size());
  for (size_t i = 0; i < fields.size(); ++i)
    for (std::string_view part : split(fields[i], ','))
      if (auto e = checkPart(part, kFields[i])) return e;
  return std::nullopt;
}

std::optional<std::string> timeZoneError(std::string_view name) {
  const std::string hint = "; write a zone of the tz database such as \"Europe/Paris\", "
                           "\"America/New_York\" or \"UTC\"";
  bool shape = !name.empty() && name.front() != '/' && name.find("..") == std::string_view::npos;
  for (char c : name)
    shape = shape && (std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' ||
                      c == '-' || c == '+');
  if (!shape) return "'" + std::string(name) + "' is not a time zone name" + hint;
  const std::filesystem::path database = "/usr/share/zoneinfo";
  std::error_code ec;
  if (!std::filesystem::is_directory(database, ec)) return std::nullopt;
  std::ifstream zone(database / std::string(name), std::ios::binary);
  char magic[4] = {};
  if (!zone.read(magic, 4) || std::string_view(magic, 4) != "TZif")
    return "there is no time zone '" + std::string(name) + "' in the tz database" + hint;
  return std::nullopt;
}

} // namespace locus
