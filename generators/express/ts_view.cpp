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

nlohmann::json fieldSpecView(const ApiField& f) {
  return {
      {"name", f.name},
      {"nameLiteral", tsString(f.name)},
      {"columnLiteral", tsString(f.column)},
      {"type", f.type},
      {"tsType", tsType(f)},
      {"list", tsBool(f.list)},
      {"optional", tsBool(f.optional)},
      {"nullable", tsBool(f.nullable)},
      {"hasDefault", tsBool(f.hasDefault)},
      {"primaryKey", tsBool(f.primaryKey)},
      {"generated", tsBool(f.generated)},
      {"unique", tsBool(f.unique)},
      {"min", tsNumber(f.min)},
      {"max", tsNumber(f.max)},
      {"minLength", tsInteger(f.minLength)},
      {"maxLength", tsInteger(f.maxLength)},
      {"pattern", f.pattern ? "new RegExp(" + tsString(*f.pattern) + ")" : "null"},
      {"email", tsBool(f.email)},
  };
}

nlohmann::json entityView(const ApiEntity& e) {
  nlohmann::json fields = nlohmann::json::array();
  for (const ApiField& f : e.fields) fields.push_back(fieldSpecView(f));
  std::string source =
      e.span.is_object() && e.span.contains("file")
          ? e.span.at("file").get<std::string>() + ":" + std::to_string(e.span.value("line", 0))
          : "the IR";
  return {
      {"name", e.name},
      {"nameLiteral", tsString(e.name)},
      {"table", e.table},
      {"tableLiteral", tsString(e.table)},
      {"fileName", e.table},
      {"routePath", routePath(e)},
      {"specName", lowerCamel(e.name) + "Spec"},
      {"routerFactory", lowerCamel(e.name) + "Router"},
      {"primaryKeyIndex", std::to_string(e.primaryKeyIndex)},
      {"sourceFile", source},
      {"fields", fields},
  };
}

} // namespace locus::api
