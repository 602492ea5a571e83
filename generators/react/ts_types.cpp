#include "generators/react/ts_types.h"
#include "generators/common/ir_get.h"
#include "generators/common/ts_view.h"

namespace locus::react {

using ordered_json = locus::OrderedJson;

std::string tsPrimitive(const std::string& p) {
  if (p == "Integer" || p == "Decimal" || p == "Float") return "number";
  if (p == "Boolean") return "boolean";
  if (p == "Json" || p == "any") return "Json";
  return "string"; // String Text Email URL UUID DateTime BigInt
}

std::string tsBaseType(const ordered_json& type) {
  if (!type.is_object()) return "Json";
  if (type.contains("enum")) // the union of its values, parenthesised before `[]`
    return api::tsUnion(type["enum"]["values"].get<std::vector<std::string>>(),
                        type.value("list", false));
  std::string kind = type.value("kind", "any");
  std::string name = type.value("name", "any");
  if (kind == "entity") return name;
  if (kind == "primitive") return tsPrimitive(name);
  return "Json"; // untyped, or a client-side type the compiler does not know
}

namespace {

bool flag(const ordered_json& type, const char* key) {
  return type.is_object() && type.value(key, false);
}

// `base`, as a list when `list`, and `| null` when it may be missing.
std::string withSuffixes(std::string base, bool list, bool orNull) {
  if (list) base += "[]";
  return orNull ? base + " | null" : base;
}

} // namespace

std::string tsType(const ordered_json& type) {
  return withSuffixes(tsBaseType(type), flag(type, "list"),
                      flag(type, "optional") || flag(type, "nullable"));
}

std::string tsFieldType(const ordered_json& field) {
  bool list = flag(field, "list");
  std::string base =
      field.contains("enum")
          ? api::tsUnion(field["enum"]["values"].get<std::vector<std::string>>(), list)
          : tsPrimitive(field.value("type", "any"));
  return withSuffixes(std::move(base), list, flag(field, "optional") || flag(field, "nullable"));
}

std::string tsPropType(const ordered_json& type) {
  return withSuffixes(tsBaseType(type), flag(type, "list"), flag(type, "nullable"));
}

std::string tsDefaultValue(const ordered_json& type) {
  if (flag(type, "list")) return "[]";
  if (flag(type, "optional") || flag(type, "nullable")) return "null";
  if (type.is_object() && type.contains("enum")) // an enum starts at its first value
    return api::tsString(type["enum"]["values"][0].get<std::string>());
  std::string base = tsBaseType(type);
  if (base == "string") return "\"\"";
  if (base == "number") return "0";
  if (base == "boolean") return "false";
  if (base == "Json") return "null";
  return "";
}

bool isNumericType(const ordered_json& type) {
  return tsBaseType(type) == "number" && !flag(type, "list");
}
bool isBooleanType(const ordered_json& type) {
  return tsBaseType(type) == "boolean" && !flag(type, "list");
}
bool isStringType(const ordered_json& type) {
  return tsBaseType(type) == "string" && !flag(type, "list");
}

} // namespace locus::react
