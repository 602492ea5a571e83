#include "compiler/driver/config_reader.h"

#include "compiler/base/line_index.h"
#include "compiler/base/suggest.h"

#include <algorithm>

namespace locus {

Span ConfigReader::spanAt(const toml::source_region& region) const {
  Span s;
  s.file = file;
  s.line = region.begin.line ? region.begin.line : 1;
  s.col = region.begin.column ? region.begin.column : 1;
  s.length = 1;
  s.offset = offsetOf(sources.file(file).text, s.line, s.col);
  return s;
}

void ConfigReader::error(const toml::node& at, std::string message) const {
  sink.emit(DiagKind::ProjectConfigError, spanAt(at.source()), std::move(message));
}

void ConfigReader::checkKeys(const toml::table& table, const std::string& where,
                             const std::vector<std::string>& known) const {
  for (const auto& [key, value] : table) {
    std::string name(key.str());
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string message = "unknown key '" + name + "' in " + where;
    if (std::string best = closestMatch(name, known); !best.empty())
      message += "; did you mean '" + best + "'?";
    else
      message += " (known: " + joinNames(known) + ")";
    error(value, message);
  }
}

std::optional<std::string> ConfigReader::string(const toml::table& table, const char* key,
                                                const std::string& where) const {
  const toml::node* node = table.get(key);
  if (!node) return std::nullopt;
  if (auto value = node->value<std::string>()) return *value;
  error(*node, "'" + std::string(key) + "' in " + where + " must be a string");
  return std::nullopt;
}

std::optional<int64_t> ConfigReader::integer(const toml::table& table, const char* key,
                                             const std::string& where, int64_t min,
                                             int64_t max) const {
  const toml::node* node = table.get(key);
  if (!node) return std::nullopt;
  std::optional<int64_t> value = node->is_integer() ? node->value<int64_t>() : std::nullopt;
  if (value && *value >= min && *value <= max) return value;
  error(*node, "'" + std::string(key) + "' in " + where + " must be an integer from " +
                   std::to_string(min) + " to " + std::to_string(max));
  return std::nullopt;
}

std::string ConfigReader::joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

} // namespace locus
