// The SQL of one migration for one dialect, from a MigrationPlan. PostgreSQL alters tables in
// place; SQLite adds plain columns in place and rebuilds a table for anything else (create the
// new table, copy the rows, drop the old one, rename — SQLite's documented recipe).
#pragma once

#include "generators/sql/dialect.h"
#include "generators/sql/migration_plan.h"
#include "generators/templates/template_set.h"

namespace locus::sql {

struct MigrationName {
  int number;              // 1, 2, …
  std::string description; // init, create_reviews, …
};

std::string renderMigration(Dialect d, const MigrationPlan& plan, const MigrationName& name,
                            const TemplateSet& templates);

} // namespace locus::sql
