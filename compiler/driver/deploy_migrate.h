// Migrations of a deploy: the release's own migration files (db/<dialect>/migrations, written by
// the `sql` generator) applied to the target's database with the runtime's migration runner
// (runtime/store/migrations.h, as `locus dev` and `locus serve` apply them), each once.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace locus {

struct DeployMigration {
  std::vector<std::string> applied; // file names applied now
  std::string error;                // "" on success
};

// `database`: a SQLite file, a postgres:// URL, or "$NAME" naming an environment variable that
// holds either. The caller holds the target's lock.
DeployMigration migrateRelease(const std::string& database, const std::filesystem::path& release);

} // namespace locus
