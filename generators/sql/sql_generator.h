// The `sql` generator: SQLite and PostgreSQL DDL, a schema snapshot, and numbered migrations
// (docs/generators/sql.md).
#pragma once

#include "generators/generator.h"

namespace locus {

Generator sqlGenerator();

} // namespace locus
