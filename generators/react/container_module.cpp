#include "generators/common/ir_get.h"
#include "generators/react/jsx_render.h"
#include "generators/react/react_modules.h"
#include "generators/react/ts_expr.h"
#include "generators/react/ts_names.h"
#include "generators/react/ts_stmt.h"
#include "generators/react/ts_types.h"

namespace locus::react {

namespace {

using nlohmann::json;

std::string sourceOf(const Json& node) {
  if (!node.contains("span") || !get(node, "span").is_object()) return "";
  const Json& span = get(node, "span");
  return span.value("file", "") + ":" + std::to_string(span.value("line", 0));
}

json stateView(const Json& container, CodeScope& scope) {
  json out = json::array();
  for (const Json& v : get(container, "state")) {
    std::string name = v.value("name", "");
    std::string type = tsType(get(v, "type"));
    std::string init;
    if (!get(v, "init").is_null()) {
      init = compileExpr(get(v, "init"), scope);
    } else {
      init = tsDefaultValue(get(v, "type"));
      if (init.empty()) { // an entity without a value yet
        init = "null";
        type += " | null";
      }
    }
    out.push_back({{"name", safeIdent(name)},
                   {"setter", "set" + capitalize(name)},
                   {"getter", name + "$"},
                   {"type", type},
                   {"init", init}});
  }
  return out;
}

json propsView(const Json& container, const CodeScope& scope, std::string& destructure) {
  json props = json::array();
  std::vector<std::string> names;
  for (const Json& p : get(container, "params")) {
    if (p.value("name", "") == "children") continue; // `param children: slot`: added below
    std::string name = safeIdent(p.value("name", ""));
    bool optional = get(p, "type").value("optional", false) || !get(p, "default").is_null();
    props.push_back({{"name", name}, {"optional", optional}, {"type", tsPropType(get(p, "type"))}});
    names.push_back(name); // defaults are added by the caller (they are expressions)
  }
  for (const std::string& slot : scope.namedSlots) {
    props.push_back({{"name", slot}, {"optional", true}, {"type", "ReactNode"}});
    names.push_back(slot);
  }
  props.push_back({{"name", "children"}, {"optional", true}, {"type", "ReactNode"}});
  names.push_back("children");
  destructure = "{ ";
  for (size_t i = 0; i < names.size(); ++i) destructure += (i ? ", " : "") + names[i];
  destructure += " }";
  return props;
}

// `{ a, b = 5, children }`: parameter defaults are compiled in Render context.
std::string withDefaults(const Json& container, CodeScope& scope, std::string destructure) {
  for (const Json& p : get(container, "params")) {
    if (get(p, "default").is_null()) continue;
    std::string name = safeIdent(p.value("name", ""));
    std::string value = compileExpr(get(p, "default"), scope);
    size_t at = destructure.find(" " + name + ",");
    if (at == std::string::npos) at = destructure.find(" " + name + " ");
    if (at != std::string::npos) destructure.insert(at + 1 + name.size(), " = " + value);
  }
  return destructure;
}

// Every entity named by a type anywhere in the container (params, state, locals, actions).
void collectEntityTypes(const Json& node, std::set<std::string>& out) {
  if (node.is_object()) {
    if (textAt(node, "kind") == "entity" && node.contains("list") && get(node, "name").is_string())
      out.insert(get(node, "name").get<std::string>());
    for (const auto& [key, value] : node.get_ref<const Json::object_t&>())
      if (key != "span") collectEntityTypes(value, out);
  } else if (node.is_array()) {
    for (const Json& v : node) collectEntityTypes(v, out);
  }
}

} // namespace

ContainerModule containerModule(const Json& container, const ProgramIndex& program,
                                std::vector<GeneratorMessage>& messages) {
  CodeScope scope(program, container, messages);
  std::string kind = container.value("kind", "");
  std::string name = container.value("name", "");
  for (const Json& a : get(container, "args")) {
    if (a.value("name", "") != "guard")
      scope.warn(a, "page argument '" + a.value("name", "") + "' (only `guard:` means something " +
                        "to the generated web app)");
    else if (!program.hasAuth)
      scope.warn(a, "page argument 'guard': nothing enforces it without an `auth { }` block; add "
                    "`auth { user: User, identity: email, password: passwordHash, role: role }` "
                    "(docs/auth.md)");
  }
  json view = {
      {"kind", kind}, {"name", name}, {"source", sourceOf(container)}, {"runtime", "../runtime"}};
  view["state"] = stateView(container, scope);
  json actions = json::array();
  for (const Json& a : get(container, "actions"))
    actions.push_back({{"code", actionCode(a, scope, "  ", false)}});
  view["actions"] = actions;
  if (!get(container, "onLoad").empty()) {
    std::string code;
    CodeContext saved = scope.context;
    scope.context = CodeContext::Action;
    int reads = scope.currentUserReads;
    for (const Json& block : get(container, "onLoad")) {
      scope.push();
      compileBlock(block, scope, "    ", code);
      scope.pop();
    }
    code = sessionUserPrelude(scope, reads, "    ") + code;
    scope.context = saved;
    while (!code.empty() && code.back() == '\n') code.pop_back();
    view["onLoad"] = json::array({{{"code", code}}});
  } else {
    view["onLoad"] = json::array();
  }
  std::string jsx = renderMarkup(get(container, "ui"), scope, "      ");
  while (!jsx.empty() && jsx.back() == '\n') jsx.pop_back();
  view["jsx"] = jsx;

  std::string destructure;
  view["props"] = propsView(container, scope, destructure);
  view["destructure"] = withDefaults(container, scope, destructure);

  json stores = json::array(), imports = json::array();
  std::set<std::string> entityTypes = scope.usedEntities;
  collectEntityTypes(container, entityTypes);
  std::string types = "Json";
  for (const std::string& e : entityTypes) types += ", " + e;
  imports.push_back({{"line", "import type { " + types + " } from \"../runtime/entities\";"}});
  for (const std::string& s : scope.usedStores) {
    stores.push_back({{"name", s}});
    imports.push_back({{"line", "import { " + s + " } from \"../runtime/stores\";"}});
  }
  std::string componentDir = kind == "component" ? "./" : "../components/";
  for (const std::string& c : scope.usedComponents)
    if (!(kind == "component" && c == name))
      imports.push_back({{"line", "import { " + c + " } from \"" + componentDir + c + "\";"}});
  ContainerModule out;
  if (get(container, "styleOverride").is_string()) {
    out.css = get(container, "styleOverride").get<std::string>();
    imports.push_back({{"line", "import \"./" + name + ".css\";"}});
  }
  view["imports"] = imports;
  view["stores"] = stores;
  view["usesCurrentUser"] = scope.usesCurrentUser;
  out.view = std::move(view);
  return out;
}

} // namespace locus::react
