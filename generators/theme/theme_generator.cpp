#include "generators/theme/theme_generator.h"
#include "generators/common/ir_get.h"
#include "generators/common/make_generator.h"

#include "compiler/base/json_text.h"
#include "generators/templates/template_set.h"
#include "generators/theme/theme_tokens.h"

namespace locus {

namespace {

using nlohmann::json;
using ordered_json = locus::OrderedJson;

// A token value ends its declaration; `;`, braces or a newline would break out of it.
bool isSafeCssValue(const std::string& v) {
  return v.find_first_of(";{}\n\r") == std::string::npos && v.find("*/") == std::string::npos;
}

json varsJson(const std::vector<theme::CssVar>& vars) {
  json out = json::array();
  for (const theme::CssVar& v : vars) out.push_back({{"name", v.name}, {"value", v.value}});
  return out;
}

// Unsafe values are dropped with W0809 at the design system's span.
void dropUnsafe(std::vector<theme::CssVar>& vars, const ordered_json& span,
                std::vector<GeneratorMessage>& messages) {
  std::vector<theme::CssVar> kept;
  for (theme::CssVar& v : vars) {
    if (isSafeCssValue(v.value)) {
      kept.push_back(std::move(v));
      continue;
    }
    messages.push_back({DiagKind::GeneratorUnsupported,
                        "theme: token --" + v.name +
                            " has a value with `;`, braces or a newline, " +
                            "which cannot be a CSS custom property; it was left out",
                        span});
  }
  vars = std::move(kept);
}

GeneratorOutput runTheme(const GeneratorInput& input) {
  GeneratorOutput out;
  const ordered_json& ds =
      input.ir.contains("designSystem") ? get(input.ir, "designSystem") : ordered_json();
  theme::ThemeModel model = theme::buildThemeModel(ds);
  ordered_json span = ds.is_object() && ds.contains("span") ? get(ds, "span") : ordered_json();
  dropUnsafe(model.rootVars, span, out.messages);
  for (theme::ColorTheme& t : model.themes) dropUnsafe(t.vars, span, out.messages);

  json themes = json::array(), rootColors = json::array(), darkVars = json::array();
  json themeNames = json::array();
  for (const theme::ColorTheme& t : model.themes) {
    if (t.name.empty() || t.name == model.defaultTheme) {
      json vars = varsJson(t.vars);
      rootColors.insert(rootColors.end(), vars.begin(), vars.end());
    }
    if (t.name.empty()) continue;
    themes.push_back({{"name", t.name}, {"vars", varsJson(t.vars)}});
    themeNames.push_back(t.name);
    if (t.name == "dark" && model.defaultTheme != "dark") darkVars = varsJson(t.vars);
  }
  json css = {{"rootVars", varsJson(model.rootVars)},
              {"rootColors", rootColors},
              {"themes", themes},
              {"darkVars", darkVars},
              {"hasDark", !darkVars.empty()}};
  json ts = {{"tokens", jsonText(model.tokens, 2)},
             {"vars", jsonText(model.cssVars, 2)},
             {"themes", jsonText(themeNames)},
             {"defaultTheme",
              model.defaultTheme.empty() ? std::string("null") : json(model.defaultTheme).dump()}};
  try {
    out.files["web/src/theme/theme.css"] = input.templates.render("theme_css", css);
    out.files["web/src/theme/tokens.ts"] = input.templates.render("tokens_ts", ts);
  } catch (const TemplateError& e) {
    out.messages.push_back({DiagKind::TemplateError, e.what(), nullptr});
  }
  return out;
}

} // namespace

Generator themeGenerator() {
  return makeGenerator("theme", "CSS custom properties for every design token (web/src/theme/)",
                       runTheme);
}

} // namespace locus
