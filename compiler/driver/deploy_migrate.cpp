#include "compiler/driver/deploy_migrate.h"

#include "runtime/store/migrations.h"
#include "runtime/store/pg_store.h"

#include <cstdlib>

namespace locus {

namespace {

// The database a `database` value names, or "" with `error` set.
std::string databaseOf(const std::string& value, std::string& error) {
  if (value.rfind('$', 0) != 0) return value;
  const char* set = std::getenv(value.c_str() + 1);
  if (!set || !*set)
    error = "'database' names the environment variable " + value.substr(1) + ", which is not set";
  return set ? set : "";
}

} // namespace

DeployMigration migrateRelease(const std::string& database, const std::filesystem::path& release) {
  DeployMigration out;
  std::string db = databaseOf(database, out.error);
  if (!out.error.empty()) return out;
  bool postgres = rt::isPostgresUrl(db);
  std::filesystem::path dir = release / "db" / (postgres ? "postgres" : "sqlite") / "migrations";
  if (!std::filesystem::is_directory(dir)) {
    out.error = "the release has no " + (dir.lexically_relative(release)).string() +
                ": the `sql` generator writes it (Locus.toml [build] generators)";
    return out;
  }
  try {
    std::unique_ptr<rt::Store> store =
        postgres ? rt::openPostgresStore(db) : rt::openSqliteStore(db, rt::SqliteOptions{});
    rt::MigrationReport report = rt::applyMigrations(*store, dir.string());
    out.applied = std::move(report.applied);
    for (const std::string& e : report.errors) out.error += (out.error.empty() ? "" : "; ") + e;
  } catch (const std::exception& e) { // the store reports a database it cannot open by throwing
    out.error = "the database " + (postgres ? rt::pgDescribeUrl(db) : db) + ": " + e.what();
  }
  return out;
}

} // namespace locus
