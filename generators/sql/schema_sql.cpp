#include "generators/sql/schema_sql.h"

#include "generators/sql/ddl.h"
#include "generators/sql/table_order.h"

namespace locus::sql {

nlohmann::json sqlBlock(const std::string& comment, nlohmann::json table,
                        const std::vector<std::string>& statements) {
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& s : statements) list.push_back({{"statement", s}});
  return {{"comment", comment.empty() ? nlohmann::json(nullptr) : nlohmann::json(comment)},
          {"table", std::move(table)},
          {"statements", std::move(list)}};
}

const char* dialectTitle(Dialect d) {
  return d == Dialect::Sqlite ? "SQLite" : "PostgreSQL";
}

std::string renderSchemaSql(Dialect d, const Schema& schema, const TemplateSet& templates) {
  TableOrder order = orderTables(schema);
  nlohmann::json blocks = nlohmann::json::array(), notes = nlohmann::json::array();
  std::vector<std::string> deferred;
  for (const Table* t : order.tables) {
    std::set<std::string> skip;
    for (const ForeignKey& fk : t->foreignKeys)
      if (d == Dialect::Postgres && order.deferred.count({t->name, fk.name})) {
        skip.insert(fk.name);
        deferred.push_back(addForeignKeyStatement(t->name, fk));
      }
    blocks.push_back(sqlBlock("", createTableView(d, *t, skip)));
  }
  if (!deferred.empty())
    blocks.push_back(sqlBlock("Foreign keys between tables that reference each other, added once "
                              "all of them exist.",
                              nullptr, deferred));
  if (d == Dialect::Sqlite && !order.deferred.empty())
    notes.push_back("Some tables reference each other in a cycle; SQLite accepts references to "
                    "tables created later and checks them when rows are written.");
  if (d == Dialect::Sqlite)
    notes.push_back("Foreign keys are enforced only on connections that run "
                    "PRAGMA foreign_keys = ON.");
  nlohmann::json view = {{"dialectTitle", dialectTitle(d)},
                         {"notes", std::move(notes)},
                         {"blocks", std::move(blocks)}};
  return templates.render("schema", view);
}

} // namespace locus::sql
