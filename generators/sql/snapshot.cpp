#include "generators/sql/snapshot.h"

#include "compiler/base/json_text.h"

namespace locus::sql {

namespace {

using Json = locus::OrderedJson;

const char* defaultKindName(DefaultKind k) {
  switch (k) {
  case DefaultKind::None:
    return "none";
  case DefaultKind::Literal:
    return "literal";
  case DefaultKind::Now:
    return "now";
  case DefaultKind::Uuid:
    return "uuid";
  }
  return "none";
}

DefaultKind defaultKindOf(const std::string& name) {
  if (name == "literal") return DefaultKind::Literal;
  if (name == "now") return DefaultKind::Now;
  if (name == "uuid") return DefaultKind::Uuid;
  return DefaultKind::None;
}

Json columnJson(const Column& c) {
  Json j;
  j["name"] = c.name;
  j["type"] = c.type;
  j["list"] = c.list;
  j["nullable"] = c.nullable;
  j["autoincrement"] = c.autoincrement;
  j["default"] = defaultKindName(c.defaultKind);
  if (c.defaultKind == DefaultKind::Literal) j["value"] = Json(c.defaultValue);
  j["field"] = c.field;
  return j;
}

Json tableJson(const Table& t) {
  Json j;
  j["name"] = t.name;
  j["columns"] = Json::array();
  for (const Column& c : t.columns) j["columns"].push_back(columnJson(c));
  j["primaryKey"] = t.primaryKey;
  j["foreignKeys"] = Json::array();
  for (const ForeignKey& fk : t.foreignKeys)
    j["foreignKeys"].push_back({{"name", fk.name},
                                {"columns", fk.columns},
                                {"refTable", fk.refTable},
                                {"refColumns", fk.refColumns},
                                {"onDelete", fk.onDelete}});
  j["checks"] = Json::array();
  for (const Check& c : t.checks)
    j["checks"].push_back({{"name", c.name},
                           {"column", c.column},
                           {"kind", c.kind},
                           {"lower", Json(c.lower)},
                           {"upper", Json(c.upper)}});
  j["indexes"] = Json::array();
  for (const Index& i : t.indexes)
    j["indexes"].push_back({{"name", i.name}, {"columns", i.columns}, {"unique", i.unique}});
  return j;
}

Table tableOf(const nlohmann::json& j) {
  Table t;
  t.name = j.at("name");
  for (const auto& c : j.at("columns")) {
    Column col;
    col.name = c.at("name");
    col.type = c.at("type");
    col.list = c.at("list");
    col.nullable = c.at("nullable");
    col.autoincrement = c.at("autoincrement");
    col.defaultKind = defaultKindOf(c.at("default"));
    if (c.contains("value")) col.defaultValue = c["value"];
    col.field = c.value("field", "");
    t.columns.push_back(std::move(col));
  }
  t.primaryKey = j.at("primaryKey").get<std::vector<std::string>>();
  for (const auto& f : j.at("foreignKeys"))
    t.foreignKeys.push_back({f.at("name"), f.at("columns"), f.at("refTable"), f.at("refColumns"),
                             f.at("onDelete"), nullptr});
  for (const auto& c : j.at("checks"))
    t.checks.push_back({c.at("name"), c.at("column"), c.at("kind"), c.at("lower"), c.at("upper")});
  for (const auto& i : j.at("indexes"))
    t.indexes.push_back({i.at("name"), i.at("columns"), i.at("unique")});
  return t;
}

} // namespace

std::string writeSnapshot(const Schema& schema) {
  Json j;
  j["snapshotVersion"] = kSnapshotVersion;
  j["generator"] = "sql";
  j["tables"] = Json::array();
  for (const Table& t : schema.tables) j["tables"].push_back(tableJson(t));
  std::string text = jsonText(j, 2);
  text += '\n';
  return text;
}

std::optional<Schema> readSnapshot(const std::string& text, std::string& error) {
  try {
    nlohmann::json j = nlohmann::json::parse(text);
    if (j.value("snapshotVersion", 0) != kSnapshotVersion) {
      error = "unsupported snapshotVersion (expected " + std::to_string(kSnapshotVersion) + ")";
      return std::nullopt;
    }
    Schema schema;
    for (const auto& t : j.at("tables")) schema.tables.push_back(tableOf(t));
    return schema;
  } catch (const nlohmann::json::exception& e) {
    error = e.what();
    return std::nullopt;
  }
}

} // namespace locus::sql
