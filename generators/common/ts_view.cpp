#include "generators/common/ts_view.h"

#include "compiler/base/json_text.h"
#include "generators/templates/view_object.h"

#include <cctype>
#include <cmath>
#include <sstream>

namespace locus::api {

namespace {

std::string tsBool(bool b) {
  return b ? "true" : "false";
}

std::string tsNumber(const std::optional<double>& v) {
  if (!v) return "null";
  if (std::floor(*v) == *v && std::fabs(*v) < 1e15)
    return std::to_string(static_cast<long long>(*v));
  std::ostringstream out;
  out.precision(17);
  out << *v;
  return out.str();
}

std::string tsInteger(const std::optional<std::int64_t>& v) {
  return v ? std::to_string(*v) : "null";
}

// `["a", "b"]`
std::string tsStringArray(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ", ") + tsString(v);
  return "[" + out + "]";
}

std::string elementType(const std::string& type) {
  if (type == "Integer" || type == "Float") return "number";
  if (type == "Boolean") return "boolean";
  if (type == "Json") return "unknown";
  return "string"; // text types, DateTime (ISO text), BigInt and Decimal (exact decimal text)
}

} // namespace

std::string tsString(const std::string& text) {
  std::string out;
  appendJsonString(out, text);
  return out;
}

std::string tsUnion(const std::vector<std::string>& values, bool parenthesise) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : " | ") + tsString(v);
  return parenthesise && values.size() > 1 ? "(" + out + ")" : out;
}

std::string tsType(const ApiField& field) {
  std::string type =
      field.enumValues.empty() ? elementType(field.type) : tsUnion(field.enumValues, field.list);
  if (field.list) type += "[]";
  if ((field.optional || field.nullable) && type != "unknown") type += " | null";
  return type;
}

std::string lowerCamel(const std::string& name) {
  std::string out = name;
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

// Views are built member by member with moved values (jsonObject): one view per field and
// entity adds up on large programs.
OrderedJson fieldSpecView(const ApiField& f) {
  return jsonObject(
      "name", f.name, "nameLiteral", tsString(f.name), "columnLiteral", tsString(f.column), "type",
      f.type, "tsType", tsType(f), "list", tsBool(f.list), "optional", tsBool(f.optional),
      "nullable", tsBool(f.nullable), "hasDefault", tsBool(f.hasDefault), "primaryKey",
      tsBool(f.primaryKey), "generated", tsBool(f.generated), "unique", tsBool(f.unique), "min",
      tsNumber(f.min), "max", tsNumber(f.max), "minLength", tsInteger(f.minLength), "maxLength",
      tsInteger(f.maxLength), "pattern",
      f.pattern ? "new RegExp(" + tsString(*f.pattern) + ")" : "null", "email", tsBool(f.email),
      "values",
      f.enumValues.empty() ? OrderedJson(nullptr) : OrderedJson(tsStringArray(f.enumValues)));
}

OrderedJson entitySummaryView(const ApiEntity& e) {
  std::string source =
      e.span.is_object() && e.span.contains("file")
          ? e.span.at("file").get<std::string>() + ":" + std::to_string(e.span.value("line", 0))
          : "the IR";
  return jsonObject("name", e.name, "nameLiteral", tsString(e.name), "table", e.table,
                    "tableLiteral", tsString(e.table), "fileName", e.table, "routePath",
                    routePath(e), "specName", lowerCamel(e.name) + "Spec", "routerFactory",
                    lowerCamel(e.name) + "Router", "primaryKeyIndex",
                    std::to_string(e.primaryKeyIndex), "sourceFile", std::move(source));
}

namespace {

// A relation spec's TypeScript literals (null where a value does not apply).
OrderedJson relationView(const ApiRelation& r) {
  auto orNull = [](const std::string& text) { return text.empty() ? "null" : tsString(text); };
  return jsonObject("nameLiteral", tsString(r.name), "kindLiteral", tsString(r.kind),
                    "targetLiteral", tsString(r.target), "foreignKey", orNull(r.foreignKey),
                    "manyToMany", tsBool(r.manyToMany), "joinTable", orNull(r.joinTable),
                    "ownColumn", orNull(r.ownColumn), "targetColumn", orNull(r.targetColumn));
}

} // namespace

OrderedJson entityView(const ApiEntity& e) {
  OrderedJson v = entitySummaryView(e);
  OrderedJson relations = OrderedJson::array();
  for (const ApiRelation& r : e.relations) relations.push_back(relationView(r));
  v.get_ref<OrderedJson::object_t&>().emplace_back("relations", std::move(relations));
  OrderedJson fields(OrderedJson::value_t::array);
  fields.get_ref<OrderedJson::array_t&>().reserve(e.fields.size());
  for (const ApiField& f : e.fields) fields.push_back(fieldSpecView(f));
  v.get_ref<OrderedJson::object_t&>().emplace_back("fields", std::move(fields));
  std::string events;
  for (const std::string& event : e.events) events += (events.empty() ? "" : ", ") + tsString(event);
  v.get_ref<OrderedJson::object_t&>().emplace_back("eventsLiteral", "[" + events + "]");
  return v;
}

} // namespace locus::api
