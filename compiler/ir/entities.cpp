// Entities: every `entity` of every `database` block (and top-level ones), in source order,
// with table and column names derived once (naming.h), scalar fields and relations apart.
#include "compiler/ir/entity_parts.h"

#include "compiler/ir/naming.h"

namespace locus::ir {

namespace {

std::string columnOf(const ast::Field& field, const Json& attributes) {
  if (attributes.contains("map") && attributes["map"].is_string())
    return attributes["map"].get<std::string>();
  return snakeCase(field.name.name);
}

Json lowerField(const ast::Field& field, const Context& cx) {
  ResolvedType t = resolveType(field.type, cx.symbols());
  LoweredAttributes attrs = lowerAttributes(field.attributes, cx);
  std::string column = columnOf(field, attrs.known);
  Json j = jsonObject("kind", "field", "name", field.name.name, "column", std::move(column), "type",
                      t.name, "alias", t.alias.empty() ? Json(nullptr) : Json(t.alias), "list",
                      t.list, "optional", t.optional, "nullable", t.nullable, "attributes",
                      std::move(attrs.known), "customAttributes", std::move(attrs.custom), "span",
                      cx.span(field.span));
  if (t.enumDecl) j["enum"] = enumJson(*t.enumDecl); // a String restricted to these values
  return j;
}

bool hasIdAttribute(const ast::Field& f) {
  for (const ast::Attribute& a : f.attributes)
    if (a.name.name == "id") return true;
  return false;
}

// The field marked @id, else a field called `id`, else the implicit `id: Integer` key that
// every generator adds (autoincrement).
Json primaryKey(const ast::Entity& entity, const Json& fields) {
  const Json* chosen = nullptr;
  for (const ast::Field& f : entity.fields) {
    if (f.relation != ast::RelationKind::None || !hasIdAttribute(f)) continue;
    for (const Json& j : fields)
      if (j["name"] == f.name.name && !chosen) chosen = &j;
  }
  for (const Json& j : fields)
    if (!chosen && j["name"] == "id") chosen = &j;
  Json pk;
  pk["field"] = chosen ? (*chosen)["name"] : Json("id");
  pk["column"] = chosen ? (*chosen)["column"] : Json("id");
  pk["type"] = chosen ? (*chosen)["type"] : Json("Integer");
  pk["implicit"] = chosen == nullptr;
  return pk;
}

Json lowerEntity(const ast::Entity& entity, const Context& cx) {
  Json fields = Json::array(), relations = Json::array();
  for (const ast::Field& f : entity.fields) {
    if (f.relation == ast::RelationKind::None)
      fields.push_back(lowerField(f, cx));
    else
      relations.push_back(lowerRelation(entity, f, cx));
  }
  Json j;
  j["kind"] = "entity";
  j["name"] = entity.name.name;
  j["table"] = tableName(entity.name.name);
  j["primaryKey"] = primaryKey(entity, fields);
  j["fields"] = std::move(fields);
  j["relations"] = std::move(relations);
  if (!cx.program().auths.empty()) j["access"] = lowerAccess(entity, cx); // default deny
  j["span"] = cx.span(entity.span);
  return j;
}

} // namespace

Json lowerEntities(const Context& cx) {
  Json out = Json::array();
  for (const ast::Database& db : cx.program().databases)
    for (const ast::Entity& e : db.entities) out.push_back(lowerEntity(e, cx));
  return out;
}

} // namespace locus::ir
