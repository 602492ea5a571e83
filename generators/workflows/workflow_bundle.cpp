#include "generators/workflows/workflow_bundle.h"

#include "compiler/base/json_text.h"
#include "generators/common/server_actions.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace locus {

namespace {

// The server actions the workflows need, in source order, closed over action-to-action calls.
std::vector<const locus::OrderedJson*> calledActions(const locus::OrderedJson& ir) {
  std::set<std::string> used;
  actions::collectActionUses(ir.at("workflows"), actions::serverActionNames(ir), used);
  return actions::actionClosure(ir, used);
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
