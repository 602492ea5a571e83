#include "generators/next/next_generator.h"
#include "generators/common/ir_get.h"
#include "generators/common/make_generator.h"
#include "generators/common/names.h"
#include "generators/common/page_guards.h"

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

json routeView(const next::PageRoute& r, const std::vector<std::string>& guardRoles) {
  std::string types, props;
  for (const next::RouteParam& p : r.params) {
    types += p.name + ": string; ";
    props += (props.empty() ? "" : " ") + p.name + "={" + p.conversion + "}";
  }
  json view = {{"page", r.page},
               {"url", r.url},
               {"hasParams", !r.params.empty()},
               {"paramTypes", types},
               {"paramProps", props}};
  if (!guardRoles.empty()) {
    std::string up; // web/app/guard.tsx from the route's folder
    for (size_t i = std::string("web/app/").size(); i < r.dir.size(); ++i)
      if (r.dir[i] == '/') up += "../";
    view["guarded"] = true;
    view["guardImport"] = (up.empty() ? "./" : up) + "guard";
    view["rolesLiteral"] = json(guardRoles).dump();
  }
  return view;
}

// "emailAddress" -> "Email address": a field name as a form label.
std::string fieldLabel(const std::string& field) {
  std::string label = pageLabel(field);
  if (!label.empty())
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

// The sign-up form's other fields: the user entity's text fields besides the identity, the
// password and the role (the API refuses those two at sign-up).
json extraSignupFields(const ordered_json& ir, const ordered_json& auth) {
  json fields = json::array();
  for (const ordered_json& e : get(ir, "entities")) {
    if (textAt(e, "name") != textAt(auth, "userEntity")) continue;
    for (const ordered_json& f : get(e, "fields")) {
      std::string name(textAt(f, "name")), type(textAt(f, "type"));
      bool text = type == "String" || type == "Text" || type == "Email" || type == "Url";
      if (!text || textAt(f, "kind") != "field" || get(f, "list") == true ||
          name == textAt(get(auth, "identity"), "field") ||
          name == textAt(get(auth, "password"), "field") ||
          name == textAt(get(auth, "role"), "field"))
        continue;
      fields.push_back({{"name", name}, {"label", fieldLabel(name)}});
    }
  }
  return fields;
}

// With `auth { }`: the login, sign-up and logout pages (unless a page of the program has the
// URL), the guard, who is signed in, and the /auth proxy.
void renderAuthFiles(const GeneratorInput& input, const std::vector<next::PageRoute>& routes,
                     int apiPort, GeneratorOutput& out) {
  const ordered_json& auth = get(input.ir, "auth");
  std::string identity(textAt(get(auth, "identity"), "field"));
  std::string identityType;
  for (const ordered_json& e : get(input.ir, "entities"))
    if (textAt(e, "name") == textAt(auth, "userEntity"))
      for (const ordered_json& f : get(e, "fields"))
        if (textAt(f, "name") == identity) identityType = std::string(textAt(f, "type"));
  json view = {{"identityField", identity},
               {"identityLabel", fieldLabel(identity)},
               {"identityInputType", identityType == "Email" ? "email" : "text"},
               {"extraFields", extraSignupFields(input.ir, auth)}};
  for (const char* page : {"login", "signup", "logout"}) {
    bool taken = false;
    for (const next::PageRoute& r : routes) taken = taken || r.url == std::string("/") + page;
    if (!taken)
      out.files[std::string("web/app/") + page + "/page.tsx"] =
          input.templates.render(std::string(page) + "_page", view);
  }
  out.files["web/app/guard.tsx"] = input.templates.render("guard", json::object());
  out.files["web/app/auth-status.tsx"] = input.templates.render("auth_status", json::object());
  out.files["web/app/auth/[...path]/route.ts"] = input.templates.render(
      "api_proxy", {{"apiPort", apiPort}, {"prefix", "auth"}, {"auth", true}});
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
  bool hasAuth = get(input.ir, "auth").is_object();
  std::map<std::string, std::vector<std::string>> guardsByPage;
  if (hasAuth)
    for (const ordered_json& page : get(input.ir, "pages"))
      guardsByPage[std::string(textAt(page, "name"))] = guards::guardRoles(page);
  try {
    out.files["web/app/layout.tsx"] =
        input.templates.render("layout", {{"themeCss", themeCss},
                                          {"componentsCss", componentsCss},
                                          {"title", title},
                                          {"titleLiteral", jsonString(title)},
                                          {"auth", hasAuth}});
    bool hasRoot = false;
    json links = json::array(), navLinks = json::array();
    for (const next::PageRoute& r : routes) {
      out.files[r.dir + "page.tsx"] =
          react::tidyText(input.templates.render("route_page", routeView(r, guardsByPage[r.page])));
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
    out.files["web/app/api/[...path]/route.ts"] = input.templates.render(
        "api_proxy", {{"apiPort", apiPort}, {"prefix", "api"}, {"auth", hasAuth}});
    if (hasAuth) renderAuthFiles(input, routes, apiPort, out);
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
