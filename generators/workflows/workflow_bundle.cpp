#include "generators/workflows/workflow_bundle.h"

#include "compiler/base/json_text.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace locus {

namespace {

// Names of server actions that `node` runs (`run` steps) or calls (call expressions), anywhere
// below it.
void collectActionUses(const locus::OrderedJson& node, const std::set<std::string>& serverActions,
                       std::set<std::string>& used) {
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
std::vector<const locus::OrderedJson*> calledActions(const locus::OrderedJson& ir) {
  std::map<std::string, const locus::OrderedJson*> byName;
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
  std::vector<const locus::OrderedJson*> out;
  for (const auto& action : ir.at("actions"))
    if (used.count(action.at("name"))) out.push_back(&action);
  return out;
}

locus::OrderedJson entityMetadata(const locus::OrderedJson& entity) {
  locus::OrderedJson fields = locus::OrderedJson::array();
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
  locus::OrderedJson relations = locus::OrderedJson::array();
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

locus::OrderedJson workflowBundle(const locus::OrderedJson& ir) {
  locus::OrderedJson entities = locus::OrderedJson::array();
  for (const auto& entity : ir.at("entities")) entities.push_back(entityMetadata(entity));
  locus::OrderedJson actions = locus::OrderedJson::array();
  for (const locus::OrderedJson* action : calledActions(ir)) actions.push_back(*action);
  return {{"bundleVersion", kBundleVersion},
          {"irVersion", ir.at("irVersion")},
          {"workflows", ir.at("workflows")},
          {"actions", std::move(actions)},
          {"entities", std::move(entities)}};
}

std::string workflowBundleText(const locus::OrderedJson& ir, int indent) {
  std::string text;
  {
    JsonStream out(text, indent);
    out.beginObject();
    out.key("bundleVersion").number(kBundleVersion);
    out.key("irVersion").value(ir.at("irVersion"));
    out.key("workflows").value(ir.at("workflows"));
    out.key("actions").beginArray();
    for (const locus::OrderedJson* action : calledActions(ir)) out.value(*action);
    out.end();
    out.key("entities").beginArray();
    for (const auto& entity : ir.at("entities")) out.value(entityMetadata(entity));
    out.end();
    out.end();
  }
  return text;
}

} // namespace locus
