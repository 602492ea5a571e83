// Builds the dialect-independent schema from the IR entities: one table per entity (implicit
// `id` key added), one join table per many-to-many relation, foreign keys from belongs_to
// relations, unique and plain indexes, CHECK constraints from @min/@max/@length.
#pragma once

#include "generators/generator.h"
#include "generators/sql/schema_model.h"

namespace locus::sql {

struct SchemaBuild {
  Schema schema;
  std::vector<GeneratorMessage> messages; // W0809 for what SQL cannot express
};

SchemaBuild schemaFromIr(const locus::OrderedJson& ir);

} // namespace locus::sql
