// Applying the app's schema: a folder of numbered SQL files (`NNNN_<name>.sql`, the layout the
// `sql` generator writes under db/sqlite/migrations), each applied once, in name order, in its own
// transaction, and recorded in `locus_migrations` with a checksum of its text.
#pragma once

#include "runtime/store/store.h"

#include <string>
#include <vector>

namespace locus::rt {

struct MigrationReport {
  std::vector<std::string> applied; // file names applied now
  std::vector<std::string> errors;  // what went wrong, how to fix it
};

// An applied migration whose text changed is an error (a new migration must be added instead).
MigrationReport applyMigrations(Store& store, const std::string& dir);

} // namespace locus::rt
