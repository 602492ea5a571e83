// SQL text shared by the stores' entity reads and writes (SQLite and PostgreSQL): quoted
// identifiers, field lookup with a clear error, and the ORDER BY of a find. Values are never
// part of this text: each store binds them with its own placeholders.
#pragma once

#include "runtime/store/entity_meta.h"

#include <nlohmann/json.hpp>

#include <string>

namespace locus::rt {

using Json = nlohmann::json;

// "name" with embedded quotes doubled (the same rule in SQLite and PostgreSQL).
std::string quoteIdentifier(const std::string& name);

// The field named `name`; std::invalid_argument listing the entity's fields otherwise.
const FieldMeta& fieldOf(const EntityMeta& e, const std::string& name);

// " ORDER BY …" for a find: the `orderBy` object ({field: "asc"|"desc"}) in its order, else the
// primary key. std::invalid_argument for another direction or an unknown field.
std::string orderByClause(const EntityMeta& e, const Json& orderBy);

} // namespace locus::rt
