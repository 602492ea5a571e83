#include "generators/sql/dialect.h"

#include <map>

namespace locus::sql {

namespace {

std::string baseType(Dialect d, const std::string& type) {
  static const std::map<std::string, std::pair<const char*, const char*>> types = {
      // IR primitive → {SQLite, PostgreSQL}
      {"String", {"TEXT", "TEXT"}},        {"Text", {"TEXT", "TEXT"}},
      {"Email", {"TEXT", "TEXT"}},         {"URL", {"TEXT", "TEXT"}},
      {"Integer", {"INTEGER", "INTEGER"}}, {"BigInt", {"BIGINT", "BIGINT"}},
      {"Decimal", {"DECIMAL", "NUMERIC"}}, {"Float", {"REAL", "DOUBLE PRECISION"}},
      {"Boolean", {"BOOLEAN", "BOOLEAN"}}, {"DateTime", {"DATETIME", "TIMESTAMPTZ(3)"}},
      {"Json", {"TEXT", "JSONB"}},         {"UUID", {"TEXT", "UUID"}},
  };
  auto it = types.find(type);
  if (it == types.end()) return "TEXT";
  return d == Dialect::Sqlite ? it->second.first : it->second.second;
}

bool isControl(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

// A string with control characters as `('a' || char(9) || 'b')` (SQLite) or `chr(9)`
// (PostgreSQL): SQL string literals have no escapes, and a raw NUL ends the statement for SQLite.
// (PostgreSQL text cannot hold NUL at all; the checker rejects such defaults, E0206.)
std::string textLiteral(Dialect d, const std::string& text) {
  bool control = false;
  for (char c : text) control = control || isControl(c);
  if (!control) return quoteString(text);
  const char* fn = d == Dialect::Sqlite ? "char(" : "chr(";
  std::string out = "(", run;
  auto flush = [&] {
    if (!run.empty()) out += (out.size() > 1 ? " || " : "") + quoteString(run);
    run.clear();
  };
  for (char c : text) {
    if (!isControl(c)) {
      run += c;
      continue;
    }
    flush();
    out += (out.size() > 1 ? " || " : "") + std::string(fn) +
           std::to_string(static_cast<unsigned char>(c)) + ")";
  }
  flush();
  return out + ")";
}

// A scalar literal in SQL: numbers as written, booleans per dialect, strings quoted.
std::string scalarLiteral(Dialect d, const nlohmann::json& v) {
  if (v.is_boolean())
    return d == Dialect::Postgres ? (v.get<bool>() ? "TRUE" : "FALSE")
                                  : (v.get<bool>() ? "1" : "0");
  if (v.is_number()) return v.dump();
  if (v.is_string()) return textLiteral(d, v.get<std::string>());
  if (v.is_null()) return "NULL";
  return quoteString(v.dump());
}

std::string literalDefault(Dialect d, const Column& c) {
  const nlohmann::json& v = c.defaultValue;
  if (v.is_null()) return "NULL";
  if (c.type == "Json" && !c.list) {
    std::string text = quoteString(v.dump());
    return d == Dialect::Postgres ? text + "::jsonb" : text;
  }
  if (c.list) {
    nlohmann::json items = v.is_array() ? v : nlohmann::json::array({v});
    if (d == Dialect::Sqlite) return quoteString(items.dump()); // lists are JSON text in SQLite
    if (items.empty()) return "'{}'";
    std::string out = "ARRAY[";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + scalarLiteral(d, items[i]);
    return out + "]::" + columnType(d, c);
  }
  return scalarLiteral(d, v);
}

// A random version-4 UUID in SQLite, which has no uuid function.
const char* kSqliteUuid =
    "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))";

// `text` between two `quote`s, each `quote` inside doubled (SQL's escape for both kinds).
std::string quoted(const std::string& text, char quote) {
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (char c : text) {
    if (c == quote) out += quote;
    out += c;
  }
  out += quote;
  return out;
}

} // namespace

const char* dialectFolder(Dialect d) {
  return d == Dialect::Sqlite ? "sqlite" : "postgres";
}

std::string quoteIdent(const std::string& name) {
  return quoted(name, '"');
}

std::string quoteString(const std::string& text) {
  return quoted(text, '\'');
}

std::string columnType(Dialect d, const Column& c) {
  if (c.autoincrement && d == Dialect::Sqlite) return "INTEGER"; // the rowid alias
  if (c.list) return d == Dialect::Sqlite ? "TEXT" : baseType(d, c.type) + "[]";
  return baseType(d, c.type);
}

bool hasConstantDefault(const Column& c) {
  return c.defaultKind == DefaultKind::None || c.defaultKind == DefaultKind::Literal;
}

std::string defaultClause(Dialect d, const Column& c) {
  switch (c.defaultKind) {
  case DefaultKind::None:
    return "";
  case DefaultKind::Literal:
    return "DEFAULT " + literalDefault(d, c);
  case DefaultKind::Now:
    if (d == Dialect::Postgres) return "DEFAULT CURRENT_TIMESTAMP";
    return "DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"; // ISO 8601, milliseconds, UTC
  case DefaultKind::Uuid:
    if (d == Dialect::Postgres)
      return c.type == "UUID" ? "DEFAULT gen_random_uuid()" : "DEFAULT gen_random_uuid()::text";
    return std::string("DEFAULT ") + kSqliteUuid;
  }
  return "";
}

std::string checkExpression(Dialect d, const Check& check) {
  std::string col = quoteIdent(check.column);
  if (check.kind == "min") return col + " >= " + check.lower.dump();
  if (check.kind == "max") return col + " <= " + check.upper.dump();
  if (check.kind == "in") { // an enum: one of the listed values
    std::string values;
    for (const nlohmann::json& v : check.lower)
      values += (values.empty() ? "" : ", ") + textLiteral(d, v.get<std::string>());
    return col + " IN (" + values + ")";
  }
  std::string len = (d == Dialect::Postgres ? "char_length(" : "length(") + col + ")";
  if (!check.lower.is_null() && !check.upper.is_null())
    return len + " BETWEEN " + check.lower.dump() + " AND " + check.upper.dump();
  if (!check.lower.is_null()) return len + " >= " + check.lower.dump();
  return len + " <= " + check.upper.dump();
}

std::string onDeleteAction(const std::string& onDelete) {
  if (onDelete == "cascade") return "CASCADE";
  if (onDelete == "set_null") return "SET NULL";
  return "RESTRICT";
}

} // namespace locus::sql
