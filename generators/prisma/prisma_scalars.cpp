// Scalar fields: IR primitive → Prisma type (+ @db native type for PostgreSQL), defaults, @id,
// @unique and @map.
#include "generators/prisma/prisma_model.h"

#include <map>

namespace locus::prisma {

namespace {

struct TypeMapping {
  const char* prisma;
  const char* postgresNative; // "" = Prisma's default mapping already matches the sql generator
};

TypeMapping mappingOf(const std::string& type) {
  static const std::map<std::string, TypeMapping> types = {
      {"String", {"String", ""}},
      {"Text", {"String", ""}},
      {"Email", {"String", ""}},
      {"URL", {"String", ""}},
      {"UUID", {"String", "@db.Uuid"}},
      {"Integer", {"Int", ""}},
      {"BigInt", {"BigInt", ""}},
      {"Decimal", {"Decimal", ""}},
      {"Float", {"Float", ""}},
      {"Boolean", {"Boolean", ""}},
      {"DateTime", {"DateTime", "@db.Timestamptz(3)"}},
      {"Json", {"Json", ""}},
  };
  auto it = types.find(type);
  return it == types.end() ? TypeMapping{"String", ""} : it->second;
}

std::string literal(const nlohmann::json& v) {
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + literal(v[i]);
    return out + "]";
  }
  if (v.is_object()) return nlohmann::json(v.dump()).dump();
  return v.dump(); // strings are JSON-escaped, which Prisma's string literals accept
}

bool isIntegral(const std::string& t) {
  return t == "Integer" || t == "BigInt";
}

// "@default(...)" or "".
std::string defaultAttribute(const IrJson& field, bool primaryKey, bool jsonColumn) {
  const IrJson& attrs = field["attributes"];
  if (!attrs.contains("default")) {
    if (primaryKey && isIntegral(field["type"]) && !field["list"].get<bool>())
      return "@default(autoincrement())";
    return "";
  }
  const IrJson& d = attrs["default"];
  if (d["kind"] == "call") {
    std::string fn = d["name"];
    if (fn == "autoincrement" && !primaryKey) return ""; // the sql generator reports it
    return "@default(" + fn + "())";
  }
  nlohmann::json v = nlohmann::json::parse(d["value"].dump());
  if (v.is_null()) return "";
  if (field.contains("enum") && v.is_string()) // an enum value is written bare: @default(todo)
    return "@default(" + v.get<std::string>() + ")";
  if (jsonColumn) return "@default(" + nlohmann::json(v.dump()).dump() + ")";
  return "@default(" + literal(v) + ")";
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : " ") + p;
  return out;
}

} // namespace

std::vector<PrismaField> scalarFields(const IrJson& entity, Provider provider) {
  std::vector<PrismaField> out;
  const IrJson& pk = entity["primaryKey"];
  std::string idMap =
      pk["column"] == "id" ? "" : "@map(\"" + pk["column"].get<std::string>() + "\")";
  if (pk["implicit"].get<bool>())
    out.push_back({"id", "Int", join({"@id", "@default(autoincrement())", idMap})});
  for (const IrJson& f : entity["fields"]) {
    bool isKey = f["name"] == pk["field"];
    std::string irType = f["type"];
    TypeMapping m = mappingOf(irType);
    bool list = f["list"].get<bool>();
    bool sqliteList = list && provider == Provider::Sqlite; // no scalar lists: JSON
    bool isEnum = f.contains("enum");
    std::string type = sqliteList ? "Json"
                       : isEnum   ? f["enum"]["name"].get<std::string>()
                                  : m.prisma;
    if (list && !sqliteList)
      type += "[]";
    else if (!isKey && (f["optional"].get<bool>() || f["nullable"].get<bool>()))
      type += "?";
    bool jsonDefault = sqliteList || (irType == "Json" && !list); // Prisma wants a JSON string
    std::string column = f["column"];
    std::vector<std::string> attrs = {
        isKey ? "@id" : "", defaultAttribute(f, isKey, jsonDefault),
        !isKey && f["attributes"].contains("unique") ? "@unique" : "",
        column != f["name"].get<std::string>() ? "@map(\"" + column + "\")" : "",
        provider == Provider::Postgresql && !sqliteList && !isEnum ? m.postgresNative : ""};
    out.push_back({f["name"], type, join(attrs)});
  }
  return out;
}

} // namespace locus::prisma
