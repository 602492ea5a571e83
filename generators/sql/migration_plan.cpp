#include "generators/sql/migration_plan.h"

#include "generators/sql/table_order.h"

#include <algorithm>

namespace locus::sql {

namespace {

bool sameForeignKey(const ForeignKey& a, const ForeignKey& b) {
  return a.name == b.name && a.columns == b.columns && a.refTable == b.refTable &&
         a.refColumns == b.refColumns && a.onDelete == b.onDelete;
}
bool sameCheck(const Check& a, const Check& b) {
  return a.name == b.name && a.column == b.column && a.kind == b.kind && a.lower == b.lower &&
         a.upper == b.upper;
}
bool sameIndex(const Index& a, const Index& b) {
  return a.name == b.name && a.columns == b.columns && a.unique == b.unique;
}
bool sameDefault(const Column& a, const Column& b) {
  return a.defaultKind == b.defaultKind &&
         (a.defaultKind != DefaultKind::Literal || a.defaultValue == b.defaultValue);
}

// Items of `from` that have no equal item (same name, same definition) in `to`.
template <class T, class Same>
std::vector<const T*> missingIn(const std::vector<T>& from, const std::vector<T>& to, Same same) {
  std::vector<const T*> out;
  for (const T& item : from)
    if (std::none_of(to.begin(), to.end(), [&](const T& o) { return same(item, o); }))
      out.push_back(&item);
  return out;
}

std::string typeText(const Column& c) {
  return c.type + (c.list ? "[]" : "");
}

std::string fieldText(const Column& c, const Table& t) {
  std::string where = t.name + "." + c.name;
  return c.field.empty() ? "column " + where : "`" + c.field + "` (column " + where + ")";
}

struct Planner {
  MigrationPlan plan;

  void error(const std::string& message, const locus::OrderedJson& span) {
    plan.errors.push_back({DiagKind::MigrationNeedsManualStep, message, span});
  }

  void compareColumns(const Table& before, const Table& after, TableDiff& diff) {
    for (const Column& c : after.columns) {
      const Column* old = findColumn(before, c.name);
      if (!old) {
        if (!c.nullable && !c.autoincrement && c.defaultKind == DefaultKind::None)
          error("new required field " + fieldText(c, after) +
                    " has no default, so existing rows would have no value for it. Give it a "
                    "default (@default(...)) or make it optional (" +
                    c.type +
                    "?); you can make it required in a later build once every row has a value.",
                c.span);
        diff.addedColumns.push_back(&c);
        continue;
      }
      if (old->type != c.type || old->list != c.list) {
        error(fieldText(c, after) + " changed type from " + typeText(*old) + " to " + typeText(c) +
                  "; the sql generator does not convert stored data. Keep the old type, or add a "
                  "new field with the new type, copy the values with your own SQL, then remove "
                  "the old field in a later build.",
              c.span);
        continue;
      }
      if (old->nullable && !c.nullable)
        error(fieldText(c, after) +
                  " became required, but existing rows may hold NULL in it. Keep it optional, "
                  "or fill every NULL with your own SQL first and then make it required with a "
                  "hand-written migration.",
              c.span);
      else if (old->nullable != c.nullable || !sameDefault(*old, c))
        diff.changedColumns.push_back({old, &c});
    }
    for (const Column& c : before.columns)
      if (!findColumn(after, c.name)) diff.droppedColumns.push_back(&c);
  }

  TableDiff compareTables(const Table& before, const Table& after) {
    TableDiff diff;
    diff.before = &before;
    diff.after = &after;
    bool keyChanged = before.primaryKey != after.primaryKey;
    for (const std::string& k : after.primaryKey) {
      const Column* o = findColumn(before, k);
      const Column* n = findColumn(after, k);
      if (o && n && o->autoincrement != n->autoincrement) keyChanged = true;
    }
    if (keyChanged)
      error("the primary key of table " + after.name +
                " changed; rows cannot be re-keyed automatically. Keep the old key, or create "
                "a new entity and copy the rows with your own SQL.",
            after.span);
    compareColumns(before, after, diff);
    diff.addedForeignKeys = missingIn(after.foreignKeys, before.foreignKeys, sameForeignKey);
    diff.droppedForeignKeys = missingIn(before.foreignKeys, after.foreignKeys, sameForeignKey);
    diff.addedChecks = missingIn(after.checks, before.checks, sameCheck);
    diff.droppedChecks = missingIn(before.checks, after.checks, sameCheck);
    diff.addedIndexes = missingIn(after.indexes, before.indexes, sameIndex);
    diff.droppedIndexes = missingIn(before.indexes, after.indexes, sameIndex);
    return diff;
  }
};

} // namespace

bool TableDiff::empty() const {
  return addedColumns.empty() && droppedColumns.empty() && changedColumns.empty() &&
         addedForeignKeys.empty() && droppedForeignKeys.empty() && addedChecks.empty() &&
         droppedChecks.empty() && addedIndexes.empty() && droppedIndexes.empty();
}

bool TableDiff::onlyAdditions() const {
  return droppedColumns.empty() && changedColumns.empty() && addedForeignKeys.empty() &&
         droppedForeignKeys.empty() && addedChecks.empty() && droppedChecks.empty();
}

bool MigrationPlan::empty() const {
  return createdTables.empty() && droppedTables.empty() && alteredTables.empty();
}

std::string MigrationPlan::description() const {
  std::vector<std::string> parts;
  for (const Table* t : createdTables) parts.push_back("create_" + t->name);
  for (const TableDiff& d : alteredTables) parts.push_back("alter_" + d.after->name);
  for (const Table* t : droppedTables) parts.push_back("drop_" + t->name);
  if (parts.empty()) return "no_changes";
  std::string name = parts[0];
  if (parts.size() == 2) name += "_and_" + parts[1];
  if (parts.size() > 2) name += "_and_" + std::to_string(parts.size() - 1) + "_more";
  if (name.size() > 60) name = name.substr(0, 60);
  while (!name.empty() && name.back() == '_') name.pop_back();
  return name;
}

MigrationPlan planMigration(const Schema& before, const Schema& after) {
  Planner p;
  for (const Table* t : orderTables(after).tables) {
    const Table* old = findTable(before, t->name);
    if (!old) {
      p.plan.createdTables.push_back(t);
      continue;
    }
    TableDiff diff = p.compareTables(*old, *t);
    if (!diff.empty()) p.plan.alteredTables.push_back(std::move(diff));
  }
  std::vector<const Table*> oldOrder = orderTables(before).tables;
  for (auto it = oldOrder.rbegin(); it != oldOrder.rend(); ++it)
    if (!findTable(after, (*it)->name)) p.plan.droppedTables.push_back(*it);
  return std::move(p.plan);
}

} // namespace locus::sql
