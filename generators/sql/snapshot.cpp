#include "generators/sql/snapshot.h"

#include "compiler/base/json_text.h"

namespace locus::sql {

namespace {

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

void writeStrings(JsonStream& out, const std::vector<std::string>& items) {
  out.beginArray();
  for (const std::string& item : items) out.string(item);
  out.end();
}

void writeColumn(JsonStream& out, const Column& c) {
  out.beginObject();
  out.key("name").string(c.name);
  out.key("type").string(c.type);
  out.key("list").boolean(c.list);
  out.key("nullable").boolean(c.nullable);
  out.key("autoincrement").boolean(c.autoincrement);
  out.key("default").string(defaultKindName(c.defaultKind));
  if (c.defaultKind == DefaultKind::Literal) out.key("value").value(c.defaultValue);
  out.key("field").string(c.field);
  out.end();
}

void writeTable(JsonStream& out, const Table& t) {
  out.beginObject();
  out.key("name").string(t.name);
  out.key("columns").beginArray();
  for (const Column& c : t.columns) writeColumn(out, c);
  out.end();
  out.key("primaryKey");
  writeStrings(out, t.primaryKey);
  out.key("foreignKeys").beginArray();
  for (const ForeignKey& fk : t.foreignKeys) {
    out.beginObject().key("name").string(fk.name).key("columns");
    writeStrings(out, fk.columns);
    out.key("refTable").string(fk.refTable).key("refColumns");
    writeStrings(out, fk.refColumns);
    out.key("onDelete").string(fk.onDelete).end();
  }
  out.end();
  out.key("checks").beginArray();
  for (const Check& c : t.checks)
    out.beginObject()
        .key("name")
        .string(c.name)
        .key("column")
        .string(c.column)
        .key("kind")
        .string(c.kind)
        .key("lower")
        .value(c.lower)
        .key("upper")
        .value(c.upper)
        .end();
  out.end();
  out.key("indexes").beginArray();
  for (const Index& i : t.indexes) {
    out.beginObject().key("name").string(i.name).key("columns");
    writeStrings(out, i.columns);
    out.key("unique").boolean(i.unique).end();
  }
  out.end();
  out.end();
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

// Written as a stream: the snapshot of a large schema is megabytes of JSON.
std::string writeSnapshot(const Schema& schema) {
  std::string text;
  {
    JsonStream out(text, 2);
    out.beginObject();
    out.key("snapshotVersion").number(kSnapshotVersion);
    out.key("generator").string("sql");
    out.key("tables").beginArray();
    for (const Table& t : schema.tables) writeTable(out, t);
    out.end().end();
  }
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
