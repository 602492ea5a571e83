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

// An entity's table and column metadata: what the runtime needs to read and write its rows.
void writeEntityMetadata(JsonStream& out, const locus::OrderedJson& entity) {
  static const locus::OrderedJson kNull;
  out.beginObject();
  for (const char* key : {"name", "table", "primaryKey"}) out.key(key).value(entity.at(key));
  out.key("fields").beginArray();
  for (const auto& f : entity.at("fields")) {
    const auto& attrs = f.at("attributes");
    out.beginObject();
    for (const char* key : {"name", "column", "type", "list", "optional", "nullable"})
      out.key(key).value(f.at(key));
    out.key("unique").boolean(attrs.contains("unique"));
    out.key("default").value(attrs.contains("default") ? attrs.at("default") : kNull);
    out.end();
  }
  out.end().key("relations").beginArray();
  for (const auto& r : entity.at("relations")) {
    out.beginObject();
    for (const char* key :
         {"kind", "name", "target", "targetTable", "foreignKey", "foreignKeyEntity", "references",
          "onDelete", "manyToMany", "joinTable"})
      out.key(key).value(r.at(key));
    out.end();
  }
  out.end().end();
}

} // namespace

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
    for (const auto& entity : ir.at("entities")) writeEntityMetadata(out, entity);
    out.end();
    out.end();
  }
  return text;
}

} // namespace locus
