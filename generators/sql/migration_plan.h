// What changed between the previous build's schema (the snapshot) and the current one, as a
// dialect-independent plan; changes that cannot be applied safely become E0802 errors.
#pragma once

#include "generators/generator.h"
#include "generators/sql/schema_model.h"

namespace locus::sql {

struct ColumnChange {
  const Column* before;
  const Column* after; // differs in nullability (loosened) and/or default only
};

struct TableDiff {
  const Table* before = nullptr;
  const Table* after = nullptr;
  std::vector<const Column*> addedColumns;   // of `after`
  std::vector<const Column*> droppedColumns; // of `before`
  std::vector<ColumnChange> changedColumns;
  std::vector<const ForeignKey*> addedForeignKeys, droppedForeignKeys;
  std::vector<const Check*> addedChecks, droppedChecks;
  std::vector<const Index*> addedIndexes, droppedIndexes;

  bool empty() const;
  // True when only columns and indexes were added: no constraint or existing column changed.
  bool onlyAdditions() const;
};

struct MigrationPlan {
  std::vector<const Table*> createdTables; // of the new schema, in creation order
  std::vector<const Table*> droppedTables; // of the old schema, dependents first
  std::vector<TableDiff> alteredTables;    // in the new schema's creation order
  std::vector<GeneratorMessage> errors;    // E0802: changes that need a manual step

  bool empty() const;
  // A short snake_case description for the file name: create_reviews, alter_orders, …
  std::string description() const;
};

// `before` and `after` must outlive the plan (it points into them).
MigrationPlan planMigration(const Schema& before, const Schema& after);

} // namespace locus::sql
