// db/schema.snapshot.json: the schema as the last build generated it. The next build reads it
// back (from GeneratorInput::previous) to plan the next migration. Source spans are left out, so
// moving a declaration in the source does not change the file.
#pragma once

#include "generators/sql/schema_model.h"

#include <optional>
#include <string>

namespace locus::sql {

constexpr int kSnapshotVersion = 1;
inline const char* kSnapshotPath = "db/schema.snapshot.json";

std::string writeSnapshot(const Schema& schema);

// The schema of a snapshot file, or nullopt with `error` set when it is not one.
std::optional<Schema> readSnapshot(const std::string& text, std::string& error);

} // namespace locus::sql
