#include "generators/sql/schema_sql.h"

#include "generators/sql/ddl.h"
#include "generators/sql/table_order.h"

namespace locus::sql {

OrderedJson sqlBlock(const std::string& comment, OrderedJson table,
                     std::vector<std::string> statements) {
  return jsonObject("comment", comment.empty() ? OrderedJson(nullptr) : OrderedJson(comment),
                    "table", std::move(table), "statements",
                    textItems("statement", std::move(statements), false));
}

const char* dialectTitle(Dialect d) {
  return d == Dialect::Sqlite ? "SQLite" : "PostgreSQL";
}

std::string renderSchemaSql(Dialect d, const Schema& schema, const TemplateSet& templates) {
  TableOrder order = orderTables(schema);
  OrderedJson blocks = OrderedJson::array(), notes = OrderedJson::array();
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
  return templates.render("schema", jsonObject("dialectTitle", dialectTitle(d), "notes",
                                               std::move(notes), "blocks", std::move(blocks)));
}

} // namespace locus::sql
