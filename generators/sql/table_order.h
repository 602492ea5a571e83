// The order in which tables are created: a table after the tables its foreign keys reference
// (Boost.Graph topological sort of the strongly connected components). Tables that reference each
// other in a cycle keep source order; a foreign key pointing at a table created later is
// "deferred": PostgreSQL adds it with ALTER TABLE once all tables exist, SQLite keeps it inline
// (SQLite does not check references when a table is created).
#pragma once

#include "generators/sql/schema_model.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace locus::sql {

struct TableOrder {
  std::vector<const Table*> tables;                       // creation order
  std::set<std::pair<std::string, std::string>> deferred; // (table, foreign key name)
};

// Only foreign keys between tables of `schema` count; references to other tables are ignored.
TableOrder orderTables(const Schema& schema);

} // namespace locus::sql
