// Flattens the IR design system into the CSS variables and token tree the theme templates render.
#pragma once

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace locus::theme {

// One CSS custom property: `--spacing-md: 8px`.
struct CssVar {
  std::string name;  // without the leading `--`
  std::string value; // as CSS text
};

// The colors of one theme (`colors.light`), or of no theme (colors written directly in `colors`).
struct ColorTheme {
  std::string name; // "" for theme-less colors
  std::vector<CssVar> vars;
};

struct ThemeModel {
  std::vector<CssVar> rootVars;   // every token outside `colors`
  std::vector<ColorTheme> themes; // in source order
  std::string defaultTheme;       // `light` when present, else the first theme ("" = none)
  bool hasDarkTheme = false;      // a theme called `dark` (used for prefers-color-scheme)
  locus::OrderedJson tokens;      // the nested token tree with CSS values (for tokens.ts)
  locus::OrderedJson cssVars;     // the same tree whose leaves are `var(--…)` references
};

// `designSystem` is the IR node (may be null: an empty model).
ThemeModel buildThemeModel(const locus::OrderedJson& designSystem);

// `colors.light.primary` → `color-primary`; other paths: `typography.fontFamily` →
// `typography-font-family` (camelCase to kebab-case, dots to dashes).
std::string cssVarName(const std::string& path);

} // namespace locus::theme
