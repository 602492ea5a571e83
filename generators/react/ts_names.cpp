#include "generators/react/ts_names.h"
#include "generators/common/ir_get.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cctype>
#include <string_view>

namespace locus::react {

namespace {

bool isReserved(std::string_view name) {
  static constexpr std::array<std::string_view, 47> words = {
      "break",      "case",      "catch",  "class",    "const",      "continue",  "debugger",
      "default",    "delete",    "do",     "else",     "enum",       "export",    "extends",
      "false",      "finally",   "for",    "function", "if",         "import",    "in",
      "instanceof", "new",       "null",   "return",   "super",      "switch",    "this",
      "throw",      "true",      "try",    "typeof",   "var",        "void",      "while",
      "with",       "yield",     "let",    "static",   "implements", "interface", "package",
      "private",    "protected", "public", "await",    "arguments"};
  for (std::string_view w : words)
    if (w == name) return true;
  return false;
}

} // namespace

std::string tsString(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool isIdentifier(const std::string& name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    bool ok = std::isalpha(c) || c == '_' || c == '$' || (i > 0 && std::isdigit(c));
    if (!ok) return false;
  }
  return true;
}

std::string safeIdent(const std::string& name) {
  return isReserved(name) ? name + "_" : name;
}

std::string tsKey(const std::string& name) {
  return isIdentifier(name) ? name : tsString(name);
}

std::string capitalize(const std::string& name) {
  if (name.empty()) return name;
  std::string out = name;
  out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

} // namespace locus::react
