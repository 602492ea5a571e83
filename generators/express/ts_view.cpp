#include "generators/express/ts_view.h"

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

std::string elementType(const std::string& type) {
  if (type == "Integer" || type == "Float") return "number";
  if (type == "Boolean") return "boolean";
  if (type == "Json") return "unknown";
  return "string"; // text types, DateTime (ISO text), BigInt and Decimal (exact decimal text)
}

} // namespace

std::string tsString(const std::string& text) {
  return nlohmann::json(text).dump();
}

std::string tsType(const ApiField& field) {
  std::string type = elementType(field.type);
  if (field.list) type += "[]";
  if ((field.optional || field.nullable) && type != "unknown") type += " | null";
  return type;
}

std::string lowerCamel(const std::string& name) {
  std::string out = name;
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string npmPackageName(const std::string& appName) {
  std::string out;
  for (char c : appName) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      out += static_cast<char>(std::tolower(u));
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "locus-app" : out;
}

// Views are built key by key with moved values: nlohmann's initializer lists copy every
// element once more, which showed up on large programs (one view per field and entity).
nlohmann::json fieldSpecView(const ApiField& f) {
  nlohmann::json v = nlohmann::json::object();
  v["name"] = f.name;
  v["nameLiteral"] = tsString(f.name);
  v["columnLiteral"] = tsString(f.column);
  v["type"] = f.type;
  v["tsType"] = tsType(f);
  v["list"] = tsBool(f.list);
  v["optional"] = tsBool(f.optional);
  v["nullable"] = tsBool(f.nullable);
  v["hasDefault"] = tsBool(f.hasDefault);
  v["primaryKey"] = tsBool(f.primaryKey);
  v["generated"] = tsBool(f.generated);
  v["unique"] = tsBool(f.unique);
  v["min"] = tsNumber(f.min);
  v["max"] = tsNumber(f.max);
  v["minLength"] = tsInteger(f.minLength);
  v["maxLength"] = tsInteger(f.maxLength);
  v["pattern"] = f.pattern ? "new RegExp(" + tsString(*f.pattern) + ")" : "null";
  v["email"] = tsBool(f.email);
  return v;
}

nlohmann::json entitySummaryView(const ApiEntity& e) {
  std::string source =
      e.span.is_object() && e.span.contains("file")
          ? e.span.at("file").get<std::string>() + ":" + std::to_string(e.span.value("line", 0))
          : "the IR";
  nlohmann::json v = nlohmann::json::object();
  v["name"] = e.name;
  v["nameLiteral"] = tsString(e.name);
  v["table"] = e.table;
  v["tableLiteral"] = tsString(e.table);
  v["fileName"] = e.table;
  v["routePath"] = routePath(e);
  v["specName"] = lowerCamel(e.name) + "Spec";
  v["routerFactory"] = lowerCamel(e.name) + "Router";
  v["primaryKeyIndex"] = std::to_string(e.primaryKeyIndex);
  v["sourceFile"] = std::move(source);
  return v;
}

nlohmann::json entityView(const ApiEntity& e) {
  nlohmann::json v = entitySummaryView(e);
  nlohmann::json& fields = v["fields"] = nlohmann::json::array();
  for (const ApiField& f : e.fields) fields.push_back(fieldSpecView(f));
  return v;
}

} // namespace locus::api
