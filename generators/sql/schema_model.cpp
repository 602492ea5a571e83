#include "generators/sql/schema_model.h"

namespace locus::sql {

const Table* findTable(const Schema& schema, const std::string& name) {
  for (const Table& t : schema.tables)
    if (t.name == name) return &t;
  return nullptr;
}

const Column* findColumn(const Table& table, const std::string& name) {
  for (const Column& c : table.columns)
    if (c.name == name) return &c;
  return nullptr;
}

} // namespace locus::sql
