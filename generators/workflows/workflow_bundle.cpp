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
  if (kind == "run" && node.value("actionKind", "") == "server" && node.at("action").is_string())
    used.insert(node.at("action").get<std::string>());
  if (kind == "call" && node.contains("callee") && node.at("callee").value("kind", "") == "name") {
    std::string callee = node.at("callee").value("name", "");
    if (serverActions.count(callee)) used.insert(callee);
  }
  for (const auto& [key, value] : node.items())
    if (key != "span") collectActionUses(value, serverActions, used);
}

// The server actions the workflows need, in source order, closed over action-to-action calls.
nlohmann::ordered_json calledActions(const nlohmann::ordered_json& ir) {
  std::map<std::string, const nlohmann::ordered_json*> byName;
  std::set<std::string> names;
  for (const auto& action : ir.at("actions")) {
    byName[action.at("name")] = &action;
    names.insert(action.at("name"));
  }
  std::set<std::string> used;
  collectActionUses(ir.at("workflows"), names, used);
  std::vector<std::string> pending(used.begin(), used.end());
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    std::set<std::string> inner;
    collectActionUses((*byName[name]).at("body"), names, inner);
    for (const std::string& n : inner)
      if (used.insert(n).second) pending.push_back(n);
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& action : ir.at("actions"))
    if (used.count(action.at("name"))) out.push_back(action);
  return out;
}

nlohmann::ordered_json entityMetadata(const nlohmann::ordered_json& entity) {
  nlohmann::ordered_json fields = nlohmann::ordered_json::array();
  for (const auto& f : entity.at("fields")) {
    const auto& attrs = f.at("attributes");
    fields.push_back({{"name", f.at("name")},
                      {"column", f.at("column")},
                      {"type", f.at("type")},
                      {"list", f.at("list")},
                      {"optional", f.at("optional")},
                      {"nullable", f.at("nullable")},
                      {"unique", attrs.contains("unique")},
                      {"default", attrs.contains("default") ? attrs.at("default") : nullptr}});
  }
  nlohmann::ordered_json relations = nlohmann::ordered_json::array();
  for (const auto& r : entity.at("relations"))
    relations.push_back({{"kind", r.at("kind")},
                         {"name", r.at("name")},
                         {"target", r.at("target")},
                         {"targetTable", r.at("targetTable")},
                         {"foreignKey", r.at("foreignKey")},
                         {"foreignKeyEntity", r.at("foreignKeyEntity")},
                         {"references", r.at("references")},
                         {"onDelete", r.at("onDelete")},
                         {"manyToMany", r.at("manyToMany")},
                         {"joinTable", r.at("joinTable")}});
  return {{"name", entity.at("name")},
          {"table", entity.at("table")},
          {"primaryKey", entity.at("primaryKey")},
          {"fields", fields},
          {"relations", relations}};
}

} // namespace

nlohmann::ordered_json workflowBundle(const nlohmann::ordered_json& ir) {
  nlohmann::ordered_json entities = nlohmann::ordered_json::array();
  for (const auto& entity : ir.at("entities")) entities.push_back(entityMetadata(entity));
  return {{"bundleVersion", kBundleVersion},
          {"irVersion", ir.at("irVersion")},
          {"workflows", ir.at("workflows")},
          {"actions", calledActions(ir)},
          {"entities", entities}};
}

} // namespace locus
