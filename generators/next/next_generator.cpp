#include "generators/next/next_generator.h"
#include "generators/common/ir_get.h"
#include "generators/common/make_generator.h"
#include "generators/common/names.h"

#include "generators/common/tidy_text.h"
#include "generators/next/next_routes.h"
#include "generators/templates/template_set.h"

#include <cctype>

namespace locus {

namespace {

using nlohmann::json;
using ordered_json = locus::OrderedJson;

std::string jsonString(const std::string& s) {
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

// Mustache renders the title into HTML-free TypeScript/JSON text; keep it printable ASCII.
std::string plainTitle(const std::string& app) {
  std::string out;
  for (char c : app)
    if (std::isprint(static_cast<unsigned char>(c)) && c != '"' && c != '\\' && c != '<' &&
        c != '>' && c != '{' && c != '}')
      out += c;
  return out.empty() ? "Locus app" : out;
}

// "ContactDetail" -> "Contact detail": a page name as a navigation label.
std::string pageLabel(const std::string& page) {
  std::string out;
  for (size_t i = 0; i < page.size(); ++i) {
    char c = page[i];
    if (i > 0 && std::isupper(static_cast<unsigned char>(c))) {
      out += ' ';
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    out += c == '_' ? ' ' : c;
  }
  return plainTitle(out);
}

json routeView(const next::PageRoute& r) {
  std::string types, props;
  for (const next::RouteParam& p : r.params) {
    types += p.name + ": string; ";
    props += (props.empty() ? "" : " ") + p.name + "={" + p.conversion + "}";
  }
  return {{"page", r.page},
          {"url", r.url},
          {"hasParams", !r.params.empty()},
          {"paramTypes", types},
          {"paramProps", props}};
}

GeneratorOutput runNext(const GeneratorInput& input) {
  GeneratorOutput out;
  std::string app = input.options.is_object() && input.options.contains("appName") &&
                            get(input.options, "appName").is_string()
                        ? get(input.options, "appName").get<std::string>()
                        : "Locus app";
  int apiPort = input.options.is_object() && input.options.contains("apiPort") &&
                        get(input.options, "apiPort").is_number_integer()
                    ? get(input.options, "apiPort").get<int>()
                    : 3000;
  std::string title = plainTitle(app);
  std::vector<next::PageRoute> routes = next::pageRoutes(input.ir, out.messages);
  // With the theme generator off (or not yet run in a test), there is no theme.css to import.
  bool themeCss = input.upstream.count("web/src/theme/theme.css") > 0;
  bool componentsCss = input.upstream.count("web/src/runtime/components.css") > 0;
  try {
    out.files["web/app/layout.tsx"] =
        input.templates.render("layout", {{"themeCss", themeCss},
                                          {"componentsCss", componentsCss},
                                          {"title", title},
                                          {"titleLiteral", jsonString(title)}});
    bool hasRoot = false;
    json links = json::array(), navLinks = json::array();
    for (const next::PageRoute& r : routes) {
      out.files[r.dir + "page.tsx"] =
          react::tidyText(input.templates.render("route_page", routeView(r)));
      if (r.url == "/") hasRoot = true;
      if (!r.params.empty()) continue;
      if (r.url != "/") links.push_back({{"page", r.page}, {"url", r.url}});
      navLinks.push_back({{"url", r.url}, {"label", pageLabel(r.page)}});
    }
    if (!hasRoot) {
      out.files["web/app/page.tsx"] =
          input.templates.render("index_page", {{"title", title}, {"links", links}});
      navLinks.insert(navLinks.begin(), json{{"url", "/"}, {"label", "Start"}});
    }
    out.files["web/app/nav.tsx"] = input.templates.render("nav", {{"links", navLinks}});
    out.files["web/app/not-found.tsx"] = input.templates.render("not_found", json::object());
    out.files["web/app/error.tsx"] = input.templates.render("error_page", json::object());
    json pkg = {{"packageName", npmPackageName(app)}, {"title", title}};
    out.files["web/package.json"] = input.templates.render("package_json", pkg);
    out.files["web/tsconfig.json"] = input.templates.render("tsconfig_json", json::object());
    out.files["web/next.config.mjs"] = input.templates.render("next_config", json::object());
    out.files["web/app/api/[...path]/route.ts"] =
        input.templates.render("api_proxy", {{"apiPort", apiPort}});
    out.files["web/pages/README.md"] = input.templates.render("pages_placeholder", json::object());
    out.files["web/next-env.d.ts"] = input.templates.render("next_env", json::object());
  } catch (const TemplateError& e) {
    out.messages.push_back({DiagKind::TemplateError, e.what(), nullptr});
  }
  return out;
}

} // namespace

Generator nextGenerator() {
  return makeGenerator("next",
                       "Next.js 14 app shell: routes, layout, package.json, tsconfig (web/)",
                       runNext, {"theme", "react"});
}

} // namespace locus
