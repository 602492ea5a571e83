// The SQL text of single DDL pieces (column definitions, CREATE INDEX, ALTER TABLE …) and the
// plain data view of a CREATE TABLE that the templates lay out.
#pragma once

#include "generators/sql/dialect.h"

#include "compiler/base/ordered_json.h"

#include <set>
#include <string>

namespace locus::sql {

// "\"price_cents\" INTEGER NOT NULL DEFAULT 0"
std::string columnDefinition(Dialect d, const Column& c);
// CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON
// DELETE CASCADE
std::string foreignKeyConstraint(const ForeignKey& fk);
// CONSTRAINT "products_price_cents_min" CHECK ("price_cents" >= 0)
std::string checkConstraint(Dialect d, const Check& check);
std::string createIndexStatement(const std::string& table, const Index& index);
std::string dropIndexStatement(const std::string& index);
std::string addForeignKeyStatement(const std::string& table, const ForeignKey& fk);

// {"name": quoted table name, "definitions": [{"text", "first", "last", "index"}…],
//  "indexes": [{"statement"}…]} for templates/create_table.mustache. Foreign keys named in
// `skipForeignKeys` are left out (they are added later with ALTER TABLE). `createAs` creates the
// table under another name (SQLite's table rebuild); indexes are then left out.
OrderedJson createTableView(Dialect d, const Table& table,
                            const std::set<std::string>& skipForeignKeys = {},
                            const std::string& createAs = "");

} // namespace locus::sql
