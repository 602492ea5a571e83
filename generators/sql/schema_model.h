// The database schema the sql generator works on: plain data, independent of the SQL dialect.
// It is built from the IR (schema_from_ir.h), saved as db/schema.snapshot.json (snapshot.h) and
// compared with the previous build's snapshot to plan migrations (migration_plan.h).
#pragma once

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace locus::sql {

// How a column gets a value when an INSERT leaves it out. `cuid()`/`nanoid()` have no database
// equivalent: the application fills them (DefaultKind::None here).
enum class DefaultKind { None, Literal, Now, Uuid };

struct Column {
  std::string name;           // the SQL column name (IR `column`)
  std::string type;           // the IR primitive: String, Integer, DateTime, …
  bool list = false;          // `T[]`: a native array in PostgreSQL, JSON text in SQLite
  bool nullable = false;      // `T?` or `T | Null`
  bool autoincrement = false; // an integer primary key the database numbers
  DefaultKind defaultKind = DefaultKind::None;
  nlohmann::json defaultValue; // the literal when defaultKind == Literal
  std::string field;           // `Entity.field` for messages ("" for join-table columns)
  locus::OrderedJson span;     // the IR span of the field (not saved in the snapshot)
};

// A CHECK constraint derived from @min / @max / @length.
struct Check {
  std::string name; // e.g. products_price_cents_min
  std::string column;
  std::string kind;            // "min", "max", "length" or "in"
  nlohmann::json lower, upper; // min: lower; max: upper; length: either may be null; in: lower
                               // lists the allowed strings
};

struct ForeignKey {
  std::string name; // e.g. orders_customer_id_fkey
  std::vector<std::string> columns;
  std::string refTable;
  std::vector<std::string> refColumns;
  std::string onDelete; // cascade, restrict, set_null
  locus::OrderedJson span;
};

struct Index {
  std::string name; // <table>_<cols>_key (unique) or <table>_<cols>_idx
  std::vector<std::string> columns;
  bool unique = false;
};

struct Table {
  std::string name;
  std::vector<Column> columns; // source order
  std::vector<std::string> primaryKey;
  std::vector<ForeignKey> foreignKeys;
  std::vector<Check> checks;
  std::vector<Index> indexes;
  locus::OrderedJson span; // the entity (or many-to-many relation) it comes from
};

struct Schema {
  std::vector<Table> tables; // entities in source order, then join tables
};

const Table* findTable(const Schema& schema, const std::string& name);
const Column* findColumn(const Table& table, const std::string& name);

} // namespace locus::sql
