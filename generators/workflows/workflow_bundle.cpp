#include "generators/workflows/workflow_bundle.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace locus {

namespace {

// Names of server actions that `node` runs (`run` steps) or calls (call expressions), anywhere
// below it.
void collectActionUses(const nlohmann::ordered_json& node,
                       const std::set<std::string>& serverActions, std::set<std::string>& used) {
  if (node.is_array()) {
    for (const auto& item : node) collectActionUses(item, serverActions, used);
    return;
  }
  if (!node.is_object()) return;
  std::string kind = node.value("kind", "");
  if (kind == "run" && node.value("actionKind", "") == "server" && node["action"].is_string())
    used.insert(node["action"].get<std::string>());
  if (kind == "call" && node.contains("callee") && node["callee"].value("kind", "") == "name") {
    std::string callee = node["callee"].value("name", "");
    if (serverActions.count(callee)) used.insert(callee);
  }
  for (const auto& [key, value] : node.items())
    if (key != "span") collectActionUses(value, serverActions, used);
}

// The server actions the workflows need, in source order, closed over action-to-action calls.
nlohmann::ordered_json calledActions(const nlohmann::ordered_json& ir) {
  std::map<std::string, const nlohmann::ordered_json*> byName;
  std::set<std::string> names;
  for (const auto& action : ir["actions"]) {
    byName[action["name"]] = &action;
    names.insert(action["name"]);
  }
  std::set<std::string> used;
  collectActionUses(ir["workflows"], names, used);
  std::vector<std::string> pending(used.begin(), used.end());
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    std::set<std::string> inner;
    collectActionUses((*byName[name])["body"], names, inner);
    for (const std::string& n : inner)
      if (used.insert(n).second) pending.push_back(n);
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& action : ir["actions"])
    if (used.count(action["name"])) out.push_back(action);
  return out;
}

nlohmann::ordered_json entityMetadata(const nlohmann::ordered_json& entity) {
  nlohmann::ordered_json fields = nlohmann::ordered_json::array();
  for (const auto& f : entity["fields"]) {
    const auto& attrs = f["attributes"];
    fields.push_back({{"name", f["name"]},
                      {"column", f["column"]},
                      {"type", f["type"]},
                      {"list", f["list"]},
                      {"optional", f["optional"]},
                      {"nullable", f["nullable"]},
                      {"unique", attrs.contains("unique")},
                      {"default", attrs.contains("default") ? attrs["default"] : nullptr}});
  }
  nlohmann::ordered_json relations = nlohmann::ordered_json::array();
  for (const auto& r : entity["relations"])
    relations.push_back({{"kind", r["kind"]},
                         {"name", r["name"]},
                         {"target", r["target"]},
                         {"targetTable", r["targetTable"]},
                         {"foreignKey", r["foreignKey"]},
                         {"foreignKeyEntity", r["foreignKeyEntity"]},
                         {"references", r["references"]},
                         {"onDelete", r["onDelete"]},
                         {"manyToMany", r["manyToMany"]},
                         {"joinTable", r["joinTable"]}});
  return {{"name", entity["name"]},
          {"table", entity["table"]},
          {"primaryKey", entity["primaryKey"]},
          {"fields", fields},
          {"relations", relations}};
}

} // namespace

nlohmann::ordered_json workflowBundle(const nlohmann::ordered_json& ir) {
  nlohmann::ordered_json entities = nlohmann::ordered_json::array();
  for (const auto& entity : ir["entities"]) entities.push_back(entityMetadata(entity));
  return {{"bundleVersion", kBundleVersion},
          {"irVersion", ir["irVersion"]},
          {"workflows", ir["workflows"]},
          {"actions", calledActions(ir)},
          {"entities", entities}};
}

} // namespace locus
