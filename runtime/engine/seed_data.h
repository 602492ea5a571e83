// Seed data: the JSON files of a project's seed/ folder, applied in name order, each an object
// from entity name to a list of rows, in the order written (`{"Company": [{"id": 1, "name":
// "Acme"}], "Contact": [...]}`). Applying is idempotent: a row is inserted only when no row has
// all of its given values already (its key, when it gives one, decides alone), so `locus dev` can
// apply the seeds on every start and `locus seed` any time. Seeding starts no workflows.
#pragma once

#include "runtime/engine/program.h"
#include "runtime/store/store.h"

#include <string>
#include <vector>

namespace locus::rt {

struct SeedReport {
  size_t inserted = 0;
  size_t present = 0;              // rows that were already there
  std::vector<std::string> errors; // file, entity and row, what is wrong, how to fix it
};

// A missing folder is no error (nothing to seed). Each file is one transaction: a file with an
// error changes nothing.
SeedReport applySeedFiles(Store& store, const Program& program, const std::string& dir);

} // namespace locus::rt
