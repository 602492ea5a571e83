// The migrations of earlier builds, read back from GeneratorInput::previous: they are re-emitted
// byte for byte, and the next migration takes the next number.
#pragma once

#include "generators/generator.h"
#include "generators/sql/dialect.h"
#include "generators/sql/migration_sql.h"

#include <optional>

namespace locus::sql {

struct PreviousBuild {
  GeneratedFiles migrations;           // db/<dialect>/migrations/NNNN_*.sql, unchanged
  int lastNumber = 0;                  // the highest NNNN over both dialects (0 = none)
  std::optional<std::string> snapshot; // db/schema.snapshot.json, if there was one
};

PreviousBuild readPreviousBuild(const GeneratedFiles& previous);

// db/<dialect>/migrations/NNNN_<description>.sql
std::string migrationPath(Dialect d, const MigrationName& name);

} // namespace locus::sql
