#include "generators/sql/migration_sql.h"

#include "compiler/base/migration_record.h"
#include "generators/sql/ddl.h"
#include "generators/sql/migration_files.h"
#include "generators/sql/schema_sql.h"

#include <cstdio>
#include <filesystem>
#include <set>

namespace locus::sql {

namespace {

std::string alterTable(const std::string& table, const std::string& action) {
  return "ALTER TABLE " + quoteIdent(table) + " " + action + ";";
}

// SQLite's ADD COLUMN takes only constant defaults, and no key or reference.
bool sqliteCanAddInPlace(const TableDiff& diff) {
  if (!diff.onlyAdditions()) return false;
  for (const Column* c : diff.addedColumns)
    if (c->autoincrement || !hasConstantDefault(*c)) return false;
  return true;
}

struct Renderer {
  Dialect d;
  const MigrationPlan& plan;
  OrderedJson blocks = OrderedJson::array();
  std::vector<std::string> laterForeignKeys, laterIndexes;

  void add(const std::string& comment, OrderedJson table, std::vector<std::string> statements) {
    if (table.is_null() && statements.empty()) return;
    blocks.push_back(sqlBlock(comment, std::move(table), std::move(statements)));
  }

  void dropOldConstraints() {
    for (const TableDiff& diff : plan.alteredTables) {
      if (d == Dialect::Sqlite && !sqliteCanAddInPlace(diff)) continue; // the rebuild drops all
      std::vector<std::string> s;
      for (const Index* i : diff.droppedIndexes) s.push_back(dropIndexStatement(i->name));
      for (const ForeignKey* fk : diff.droppedForeignKeys)
        s.push_back(alterTable(diff.before->name, "DROP CONSTRAINT " + quoteIdent(fk->name)));
      for (const Check* c : diff.droppedChecks)
        s.push_back(alterTable(diff.before->name, "DROP CONSTRAINT " + quoteIdent(c->name)));
      add("", nullptr, s);
    }
  }

  void dropTables() {
    if (plan.droppedTables.empty()) return;
    std::vector<std::string> s;
    if (d == Dialect::Postgres) { // one statement, so tables that reference each other can go
      std::string names;
      for (const Table* t : plan.droppedTables)
        names += (names.empty() ? "" : ", ") + quoteIdent(t->name);
      s.push_back("DROP TABLE " + names + ";");
    } else {
      for (const Table* t : plan.droppedTables)
        s.push_back("DROP TABLE " + quoteIdent(t->name) + ";");
    }
    add("Tables whose entities were removed (their rows are deleted).", nullptr, s);
  }

  void createTables() {
    std::set<std::string> created;
    for (const Table* t : plan.createdTables) created.insert(t->name);
    std::set<std::string> done;
    for (const Table* t : plan.createdTables) {
      std::set<std::string> skip;
      for (const ForeignKey& fk : t->foreignKeys)
        if (d == Dialect::Postgres && created.count(fk.refTable) && !done.count(fk.refTable) &&
            fk.refTable != t->name) {
          skip.insert(fk.name);
          laterForeignKeys.push_back(addForeignKeyStatement(t->name, fk));
        }
      add("", createTableView(d, *t, skip), {});
      done.insert(t->name);
    }
  }

  void alterPostgres(const TableDiff& diff) {
    const std::string& t = diff.after->name;
    std::vector<std::string> s;
    for (const Column* c : diff.droppedColumns)
      s.push_back(alterTable(t, "DROP COLUMN " + quoteIdent(c->name)));
    for (const Column* c : diff.addedColumns)
      s.push_back(alterTable(t, "ADD COLUMN " + columnDefinition(d, *c)));
    for (const ColumnChange& ch : diff.changedColumns) {
      std::string col = "ALTER COLUMN " + quoteIdent(ch.after->name) + " ";
      if (ch.before->nullable != ch.after->nullable)
        s.push_back(alterTable(t, col + "DROP NOT NULL"));
      std::string def = defaultClause(d, *ch.after);
      std::string oldDef = defaultClause(d, *ch.before);
      if (def != oldDef)
        s.push_back(alterTable(t, col + (def.empty() ? "DROP DEFAULT" : "SET " + def)));
    }
    for (const Check* c : diff.addedChecks)
      s.push_back(alterTable(t, "ADD " + checkConstraint(d, *c)));
    for (const ForeignKey* fk : diff.addedForeignKeys)
      laterForeignKeys.push_back(addForeignKeyStatement(t, *fk));
    for (const Index* i : diff.addedIndexes) laterIndexes.push_back(createIndexStatement(t, *i));
    add("Table " + t + ".", nullptr, s);
  }

  void alterSqliteInPlace(const TableDiff& diff) {
    const std::string& t = diff.after->name;
    std::vector<std::string> s;
    for (const Column* c : diff.addedColumns)
      s.push_back(alterTable(t, "ADD COLUMN " + columnDefinition(d, *c)));
    for (const Index* i : diff.addedIndexes) s.push_back(createIndexStatement(t, *i));
    add("Table " + t + ".", nullptr, s);
  }

  void rebuildSqlite(const TableDiff& diff) {
    const Table& after = *diff.after;
    std::string temp = after.name + "__new";
    std::string kept;
    for (const Column& c : after.columns)
      if (findColumn(*diff.before, c.name)) kept += (kept.empty() ? "" : ", ") + quoteIdent(c.name);
    std::vector<std::string> s;
    if (!kept.empty())
      s.push_back("INSERT INTO " + quoteIdent(temp) + " (" + kept + ") SELECT " + kept + " FROM " +
                  quoteIdent(after.name) + ";");
    s.push_back("DROP TABLE " + quoteIdent(after.name) + ";");
    s.push_back(alterTable(temp, "RENAME TO " + quoteIdent(after.name)));
    for (const Index& i : after.indexes) s.push_back(createIndexStatement(after.name, i));
    add("Table " + after.name +
            ": SQLite cannot change its columns or constraints in place, so it is rebuilt and "
            "its rows copied.",
        createTableView(d, after, {}, temp), s);
  }

  OrderedJson render() {
    dropOldConstraints();
    dropTables();
    createTables();
    for (const TableDiff& diff : plan.alteredTables) {
      if (d == Dialect::Postgres)
        alterPostgres(diff);
      else if (sqliteCanAddInPlace(diff))
        alterSqliteInPlace(diff);
      else
        rebuildSqlite(diff);
    }
    add("Foreign keys added once the tables they reference exist.", nullptr, laterForeignKeys);
    add("", nullptr, laterIndexes);
    return std::move(blocks);
  }

  bool needsForeignKeysOff() const {
    if (d != Dialect::Sqlite) return false;
    if (!plan.droppedTables.empty()) return true;
    for (const TableDiff& diff : plan.alteredTables)
      if (!sqliteCanAddInPlace(diff)) return true;
    return false;
  }
};

} // namespace

std::string renderMigration(Dialect d, const MigrationPlan& plan, const MigrationName& name,
                            const TemplateSet& templates) {
  Renderer r{d, plan, OrderedJson::array(), {}, {}};
  OrderedJson blocks = r.render();
  OrderedJson before = OrderedJson::array(), after = OrderedJson::array(),
              notes = OrderedJson::array();
  if (r.needsForeignKeysOff()) {
    // Dropping a table would otherwise run ON DELETE actions on the rows that reference it.
    before.push_back({{"statement", "PRAGMA foreign_keys = OFF;"}});
    after.push_back({{"statement", "PRAGMA foreign_keys = ON;"}});
    notes.push_back("Foreign-key enforcement is switched off while tables are rebuilt or dropped, "
                    "and on again at the end.");
  }
  char number[16];
  std::snprintf(number, sizeof number, "%04d", name.number);
  std::string text = templates.render(
      "migration", jsonObject("number", number, "name", name.description, "dialectTitle",
                              dialectTitle(d), "notes", std::move(notes), "beforeTransaction",
                              std::move(before), "blocks", std::move(blocks), "afterTransaction",
                              std::move(after)));
  // PostgreSQL is the database the API and the runtime share: the migration records itself.
  size_t commit = text.rfind("\nCOMMIT;");
  if (d == Dialect::Postgres && commit != std::string::npos) {
    std::string file = std::filesystem::path(migrationPath(d, name)).filename().string();
    text.insert(commit + 1, pgMigrationRecordSection(file, migrationChecksum(text)));
  }
  return text;
}

} // namespace locus::sql
