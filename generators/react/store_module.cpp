#include "generators/common/ir_get.h"
#include "generators/react/react_modules.h"
#include "generators/react/ts_expr.h"
#include "generators/react/ts_names.h"
#include "generators/react/ts_types.h"
#include "generators/templates/view_object.h"

namespace locus::react {

namespace {

using nlohmann::json;

void collectEntities(const Json& node, std::set<std::string>& out) {
  if (node.is_object()) {
    if (textAt(node, "kind") == "entity" && node.contains("list") && get(node, "name").is_string())
      out.insert(get(node, "name").get<std::string>());
    for (const auto& [key, value] : node.get_ref<const Json::object_t&>())
      if (key != "span") collectEntities(value, out);
  } else if (node.is_array()) {
    for (const Json& v : node) collectEntities(v, out);
  }
}

json storeView(const Json& store, const ProgramIndex& program,
               std::vector<GeneratorMessage>& messages, std::set<std::string>& entities,
               bool& fullRuntime) {
  CodeScope scope(program, store, messages);
  json state = json::array();
  std::string initial = "{";
  bool first = true;
  bool themeState = false;
  for (const Json& v : get(store, "state")) {
    std::string name = v.value("name", "");
    std::string type = tsType(get(v, "type"));
    if (name == "theme" && type == "string") themeState = true;
    std::string init = get(v, "init").is_null() ? tsDefaultValue(get(v, "type"))
                                                : compileExpr(get(v, "init"), scope);
    if (init.empty()) {
      init = "null";
      type += " | null";
    }
    state.push_back(
        {{"name", safeIdent(name)}, {"type", type}, {"setter", "set" + capitalize(name)}});
    initial += (first ? " " : ", ") + tsKey(name) + ": " + init;
    first = false;
  }
  initial += first ? "}" : " }";
  json actions = json::array();
  for (const Json& a : get(store, "actions"))
    actions.push_back({{"code", actionCode(a, scope, "  ", true)}});
  if (!get(store, "ui").empty()) scope.warn(store, "markup in a store is not rendered");
  if (!get(store, "onLoad").empty()) scope.warn(store, "`on load` in a store is not run");
  collectEntities(store, entities);
  for (const std::string& e : scope.usedEntities) entities.insert(e);
  fullRuntime = fullRuntime || scope.needsFullRuntime;
  return {{"name", store.value("name", "")},
          {"state", state},
          {"initial", initial},
          {"actions", actions},
          {"persistTheme", themeState}};
}

} // namespace

json storesView(const Json& ir, const ProgramIndex& program,
                std::vector<GeneratorMessage>& messages) {
  json stores = json::array();
  std::set<std::string> entities;
  bool fullRuntime = false; // a store reads the session or calls a server action
  for (const Json& s : get(ir, "stores"))
    stores.push_back(storeView(s, program, messages, entities, fullRuntime));
  json view = {{"stores", stores}, {"entityImport", json::array()}, {"fullRuntime", fullRuntime}};
  if (!entities.empty()) {
    std::string names;
    for (const std::string& e : entities) names += (names.empty() ? "" : ", ") + e;
    view["entityImport"].push_back({{"names", names}});
  }
  return view;
}

OrderedJson entitiesView(const Json& ir) {
  OrderedJson entities = OrderedJson::array();
  for (const Json& e : get(ir, "entities")) {
    OrderedJson fields = OrderedJson::array(), relations = OrderedJson::array();
    const Json& pk = get(e, "primaryKey");
    if (pk.value("implicit", false))
      fields.push_back(jsonObject("name", tsKey(pk.value("field", "id")), "type",
                                  tsPrimitive(pk.value("type", "Integer"))));
    for (const Json& f : get(e, "fields"))
      fields.push_back(jsonObject("name", tsKey(f.value("name", "")), "type", tsFieldType(f)));
    for (const Json& r : get(e, "relations")) {
      std::string target = r.value("target", "");
      std::string kind = r.value("kind", "");
      std::string type = kind == "has_many" ? target + "[]" : target + " | null";
      relations.push_back(jsonObject("name", tsKey(r.value("name", "")), "type", std::move(type),
                                     "kind", std::move(kind)));
    }
    entities.push_back(jsonObject("name", e.value("name", ""), "table", e.value("table", ""),
                                  "fields", std::move(fields), "relations", std::move(relations)));
  }
  return jsonObject("entities", std::move(entities));
}

} // namespace locus::react
