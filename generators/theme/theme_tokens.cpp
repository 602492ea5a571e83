#include "generators/theme/theme_tokens.h"
#include "generators/common/ir_get.h"
#include "generators/common/names.h"

#include <algorithm>
#include <cctype>

namespace locus::theme {

namespace {

using ordered_json = locus::OrderedJson;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Lengths written as bare numbers get `px`: spacing, radii, breakpoints and any `…size` key.
// Everything else (font weights, line heights, opacities) stays unitless.
bool isLengthToken(const std::string& section, const std::string& key) {
  return section == "spacing" || section == "radii" || section == "breakpoints" ||
         lower(key).find("size") != std::string::npos;
}

std::string cssValue(const ordered_json& token, const std::string& section) {
  const ordered_json& v = get(token, "value");
  if (v.is_number()) {
    std::string text = v.dump();
    return isLengthToken(section, token.value("key", "")) ? text + "px" : text;
  }
  return v.is_string() ? v.get<std::string>() : v.dump();
}

struct Walker {
  ThemeModel& model;

  // Walks a group, appending vars named `prefix-key` and mirroring the tree into `tokens`/`vars`.
  void walk(const ordered_json& entries, const std::string& section, const std::string& prefix,
            std::vector<CssVar>& out, ordered_json& tokens, ordered_json& vars) {
    for (const ordered_json& e : entries) {
      std::string key = e.value("key", "");
      std::string name = prefix.empty() ? kebabCase(key) : prefix + "-" + kebabCase(key);
      if (e.value("kind", "") == "tokenGroup") {
        ordered_json t = ordered_json::object(), r = ordered_json::object();
        walk(get(e, "entries"), section, name, out, t, r);
        tokens[key] = t;
        vars[key] = r;
        continue;
      }
      std::string value = cssValue(e, section);
      out.push_back({name, value});
      tokens[key] = get(e, "value").is_number() && value == get(e, "value").dump()
                        ? get(e, "value")
                        : ordered_json(value);
      vars[key] = "var(--" + name + ")";
    }
  }

  void colors(const ordered_json& section) {
    ordered_json tokens = ordered_json::object(), vars = ordered_json::object();
    ColorTheme themeless{"", {}};
    for (const ordered_json& e : get(section, "entries")) {
      std::string key = e.value("key", "");
      if (e.value("kind", "") != "tokenGroup") {
        ordered_json t = ordered_json::object(), r = ordered_json::object();
        walk(ordered_json::array({e}), "colors", "color", themeless.vars, t, r);
        tokens[key] = t[key];
        vars[key] = r[key];
        continue;
      }
      ColorTheme theme{key, {}};
      ordered_json t = ordered_json::object(), r = ordered_json::object();
      walk(get(e, "entries"), "colors", "color", theme.vars, t, r);
      if (!tokens.contains("themes")) tokens["themes"] = ordered_json::object();
      tokens["themes"][key] = t;
      // Every theme defines the same variable names, so one reference tree serves all themes.
      for (auto& [k, v] : r.items()) vars[k] = v;
      model.themes.push_back(std::move(theme));
    }
    if (!themeless.vars.empty()) model.themes.insert(model.themes.begin(), std::move(themeless));
    model.tokens["colors"] = tokens;
    model.cssVars["colors"] = vars;
  }
};

} // namespace

std::string cssVarName(const std::string& path) {
  const std::string colors = "colors.";
  if (path.rfind(colors, 0) == 0) {
    std::string rest = path.substr(colors.size());
    size_t dot = rest.find('.');
    return "color-" + kebabCase(dot == std::string::npos ? rest : rest.substr(dot + 1));
  }
  return kebabCase(path);
}

ThemeModel buildThemeModel(const ordered_json& designSystem) {
  ThemeModel model;
  model.tokens = ordered_json::object();
  model.cssVars = ordered_json::object();
  if (!designSystem.is_object()) return model;
  Walker walker{model};
  for (const ordered_json& section : get(designSystem, "sections")) {
    std::string key = section.value("key", "");
    if (key == "colors" && section.value("kind", "") == "tokenGroup") {
      walker.colors(section);
      continue;
    }
    ordered_json t = ordered_json::object(), r = ordered_json::object();
    walker.walk(ordered_json::array({section}), key, "", model.rootVars, t, r);
    model.tokens[key] = t[key];
    model.cssVars[key] = r[key];
  }
  for (const ColorTheme& t : model.themes) {
    if (t.name == "dark") model.hasDarkTheme = true;
    if (t.name == "light") model.defaultTheme = "light";
  }
  if (model.defaultTheme.empty())
    for (const ColorTheme& t : model.themes)
      if (!t.name.empty()) {
        model.defaultTheme = t.name;
        break;
      }
  return model;
}

} // namespace locus::theme
