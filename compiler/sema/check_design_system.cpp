// checkDesignSystem: token names, and the format of colors, sizes and font weights.
// Duplicate tokens are found while merging (merge.cpp), so they are not checked here.
#include "compiler/base/suggest.h"
#include "compiler/sema/checks.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace locus {

namespace {

using ast::Expr;
using ast::ExprKind;
using ast::TokenEntry;

bool isLower(char c) {
  return c >= 'a' && c <= 'z';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isHex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

// lower_snake_case (with `separator`) : a lower-case letter, then lower-case words joined by it.
bool isLowerSeparated(const std::string& s, const std::string& separators) {
  if (s.empty() || !isLower(s[0])) return false;
  bool afterSep = false;
  for (char c : s) {
    bool sep = separators.find(c) != std::string::npos;
    if (sep && afterSep) return false;
    if (!sep && !isLower(c) && !isDigit(c)) return false;
    afterSep = sep;
  }
  return !afterSep;
}

bool isLowerCamel(const std::string& s) {
  return !s.empty() && isLower(s[0]) &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(uint8_t(c)) != 0; });
}

bool isTokenName(const std::string& s) {
  return isLowerSeparated(s, "_") || isLowerCamel(s);
}

// Theme names end up in `[data-theme="…"]`, where kebab-case is common and harmless.
bool isThemeName(const std::string& s) {
  return isLowerSeparated(s, "_-") || isLowerCamel(s);
}

std::string toSnakeCase(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isupper(uint8_t(c))) {
      if (!out.empty() && out.back() != '_') out += '_';
      out += char(std::tolower(uint8_t(c)));
    } else if (std::isalnum(uint8_t(c))) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty() || !isLower(out[0])) out = "token_" + out;
  return out;
}

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

void checkTokenName(const TokenEntry& e, const std::string& path, bool theme,
                    DiagnosticSink& sink) {
  if (e.key.name.empty() || (theme ? isThemeName(e.key.name) : isTokenName(e.key.name))) return;
  std::string fixed = toSnakeCase(e.key.name);
  sink.emit(DiagKind::InvalidTokenName, e.key.span,
            "design token name '" + e.key.name + "' in " + path +
                " must be lower_snake_case or lowerCamelCase, e.g. '" + fixed + "'")
      .suggestion = fixed;
}

// Names of all leaves and groups below `group`, recursively.
void checkNamesBelow(const TokenEntry& group, const std::string& path, DiagnosticSink& sink) {
  for (const TokenEntry& e : group.group) {
    checkTokenName(e, path, /*theme=*/false, sink);
    if (e.isGroup) checkNamesBelow(e, join(path, e.key.name), sink);
  }
}

// --------------------------------------------------------------------------------- colors

bool isHexColor(std::string text) {
  if (text.empty() || text[0] != '#') return false;
  text.erase(0, 1);
  size_t n = text.size();
  return (n == 3 || n == 4 || n == 6 || n == 8) && std::all_of(text.begin(), text.end(), isHex);
}

std::string valueText(const Expr* v) {
  if (!v) return "nothing";
  if (v->kind == ExprKind::String) return "\"" + v->text + "\"";
  return v->text.empty() ? ast::exprKindName(v->kind) : v->text;
}

void checkColorValue(const TokenEntry& e, const std::string& path, DiagnosticSink& sink) {
  const Expr* v = e.value.get();
  if (v && (v->kind == ExprKind::String || v->kind == ExprKind::Color)) {
    std::string text = v->text;
    if (v->kind == ExprKind::Color && (text.empty() || text[0] != '#')) text = "#" + text;
    if (isHexColor(text)) return;
  }
  sink.emit(DiagKind::InvalidColor, v ? v->span : e.span,
            "invalid color " + valueText(v) + " for '" + join(path, e.key.name) +
                "'; write a hex color such as \"#0a84ff\" (#rgb, #rgba, #rrggbb or #rrggbbaa)");
}

void checkColorLeaf(const TokenEntry& e, const std::string& path, DiagnosticSink& sink) {
  checkTokenName(e, path, /*theme=*/false, sink);
  if (!e.isGroup) return checkColorValue(e, path, sink);
  sink.emit(DiagKind::InvalidColor, e.key.span,
            "'" + join(path, e.key.name) + "' must be a color value, not a group; themes hold " +
                "colors directly (colors { light { primary: \"#fff\" } })");
}

// colors { light { primary: "#fff" } } — or colors { primary: "#fff" } without themes.
void checkColors(const TokenEntry& section, DiagnosticSink& sink) {
  for (const TokenEntry& e : section.group) {
    if (!e.isGroup) {
      checkColorLeaf(e, "colors", sink);
      continue;
    }
    checkTokenName(e, "colors", /*theme=*/true, sink);
    std::string themePath = join("colors", e.key.name);
    for (const TokenEntry& color : e.group) checkColorLeaf(color, themePath, sink);
  }
}

// ---------------------------------------------------------------------------------- sizes

bool hasCssUnit(const std::string& s) {
  size_t i = 0;
  while (i < s.size() && (isDigit(s[i]) || s[i] == '.')) ++i;
  if (i == 0 || s[0] == '.' || s[i - 1] == '.' || std::count(s.begin(), s.begin() + i, '.') > 1)
    return false;
  std::string unit = s.substr(i);
  return unit == "px" || unit == "rem" || unit == "em";
}

void reportSize(const TokenEntry& e, const std::string& path, const char* expected,
                DiagnosticSink& sink) {
  const Expr* v = e.value.get();
  sink.emit(DiagKind::InvalidCssSize, v ? v->span : e.span,
            "invalid size " + valueText(v) + " for '" + join(path, e.key.name) + "'; " + expected);
}

// spacing/radii/breakpoints: a plain number of pixels or a "16px" / "1rem" / "1.5em" string.
void checkSizeValues(const TokenEntry& group, const std::string& path, DiagnosticSink& sink) {
  for (const TokenEntry& e : group.group) {
    if (e.isGroup) {
      checkSizeValues(e, join(path, e.key.name), sink);
      continue;
    }
    const Expr* v = e.value.get();
    bool ok = v && ((v->kind == ExprKind::Number) ||
                    (v->kind == ExprKind::String && hasCssUnit(v->text)));
    if (!ok) reportSize(e, path, "write a number or a px/rem/em string such as \"8px\"", sink);
  }
}

// -------------------------------------------------------------------------------- typography

void checkWeights(const TokenEntry& weights, DiagnosticSink& sink) {
  if (!weights.isGroup) {
    sink.emit(DiagKind::InvalidFontWeight, weights.key.span,
              "typography.weights must be a block of named weights, e.g. "
              "weights { regular: 400 bold: 700 }");
    return;
  }
  for (const TokenEntry& w : weights.group) {
    const Expr* v = w.value.get();
    bool whole =
        v && v->kind == ExprKind::Number && std::all_of(v->text.begin(), v->text.end(), isDigit);
    long value = whole && v->text.size() < 6 ? std::stol(v->text) : 0;
    if (!w.isGroup && whole && value >= 100 && value <= 1000) continue;
    sink.emit(DiagKind::InvalidFontWeight, v ? v->span : w.key.span,
              "invalid font weight " + valueText(v) + " for 'typography.weights." + w.key.name +
                  "'; use a whole number from 100 to 1000");
  }
}

void checkTypography(const TokenEntry& section, DiagnosticSink& sink) {
  for (const TokenEntry& e : section.group) {
    if (e.key.name == "weights") {
      checkWeights(e, sink);
    } else if (e.key.name == "baseSize") {
      const Expr* v = e.value.get();
      if (e.isGroup || !v || v->kind != ExprKind::String || !hasCssUnit(v->text))
        reportSize(e, "typography", "write a px/rem/em string such as \"16px\"", sink);
    }
  }
}

// ---------------------------------------------------------------------------------- sections

const std::vector<std::string>& knownSections() {
  static const std::vector<std::string> names = {"colors", "typography", "spacing",
                                                 "radii",  "shadows",    "breakpoints"};
  return names;
}

void checkSection(const TokenEntry& section, DiagnosticSink& sink) {
  const std::string& name = section.key.name;
  const auto& known = knownSections();
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    std::string hint = didYouMean(name, known);
    sink.emit(DiagKind::UnknownDesignSection, section.key.span,
              "unknown design_system section '" + name + "' is ignored; known sections are " +
                  "colors, typography, spacing, radii, shadows and breakpoints" +
                  (hint.empty() ? "" : " (" + hint + ")"))
        .suggestion = closestMatch(name, known);
  } else if (!section.isGroup) {
    sink.emit(DiagKind::UnknownDesignSection, section.key.span,
              "design_system section '" + name + "' must be a block `" + name +
                  " { … }`; it is ignored");
    return;
  }
  if (name == "colors") return checkColors(section, sink); // names checked there (themes differ)
  checkNamesBelow(section, name, sink);
  if (name == "typography") checkTypography(section, sink);
  if (name == "spacing" || name == "radii" || name == "breakpoints")
    checkSizeValues(section, name, sink);
}

} // namespace

void checkDesignSystem(const ast::File& program, DiagnosticSink& sink) {
  for (const ast::DesignSystem& ds : program.designSystems)
    for (const TokenEntry& section : ds.sections) checkSection(section, sink);
}

} // namespace locus
