#include "generators/sql/sql_generator.h"
#include "generators/common/make_generator.h"

#include "generators/sql/migration_files.h"
#include "generators/sql/migration_plan.h"
#include "generators/sql/migration_sql.h"
#include "generators/sql/schema_from_ir.h"
#include "generators/sql/schema_sql.h"
#include "generators/sql/snapshot.h"

#include <future>
#include <memory>

namespace locus {

namespace {

using namespace locus::sql;

// Option `dialects`: a list of "sqlite" / "postgres" (default: both).
std::vector<Dialect> dialectsOf(const nlohmann::json& options, GeneratorOutput& out) {
  if (!options.contains("dialects")) return {Dialect::Sqlite, Dialect::Postgres};
  std::vector<Dialect> dialects;
  const nlohmann::json& list = options["dialects"];
  for (const auto& item : list.is_array() ? list : nlohmann::json::array({list})) {
    if (item == "sqlite")
      dialects.push_back(Dialect::Sqlite);
    else if (item == "postgres" || item == "postgresql")
      dialects.push_back(Dialect::Postgres);
    else
      out.messages.push_back({DiagKind::ProjectConfigError,
                              "[generators.sql] dialects: unknown dialect " + item.dump() +
                                  " (expected \"sqlite\" and/or \"postgres\")",
                              nullptr});
  }
  return dialects;
}

// The schema of the previous build, or nullopt after reporting why it cannot be used.
std::optional<Schema> previousSchema(const PreviousBuild& prev, GeneratorOutput& out) {
  if (!prev.snapshot) {
    if (prev.lastNumber == 0) return Schema{};
    out.messages.push_back(
        {DiagKind::MigrationNeedsManualStep,
         std::string(kSnapshotPath) +
             " is missing, but migrations of an earlier build exist, so the next migration "
             "cannot be computed. Restore the file from version control (it is part of the "
             "generated output).",
         nullptr});
    return std::nullopt;
  }
  std::string error;
  std::optional<Schema> schema = readSnapshot(*prev.snapshot, error);
  if (!schema)
    out.messages.push_back({DiagKind::MigrationNeedsManualStep,
                            std::string(kSnapshotPath) + " of the previous build cannot be read (" +
                                error + "). Restore it from version control.",
                            nullptr});
  return schema;
}

// The next migration: its plan (which points into `before` and the new schema, so both must
// outlive it) and name.
struct NextMigration {
  Schema before;
  MigrationPlan plan;
  MigrationName name;
};

// nullptr when there is no next migration (nothing changed, or a reason is reported in `out`).
std::unique_ptr<NextMigration> nextMigration(const PreviousBuild& prev, const Schema& schema,
                                             GeneratorOutput& out) {
  std::optional<Schema> before = previousSchema(prev, out);
  if (!before) return nullptr;
  auto next = std::make_unique<NextMigration>();
  next->before = std::move(*before);
  next->plan = planMigration(next->before, schema);
  if (!next->plan.errors.empty()) {
    out.messages.insert(out.messages.end(), next->plan.errors.begin(), next->plan.errors.end());
    return nullptr;
  }
  if (next->plan.empty()) return nullptr;
  next->name = {prev.lastNumber + 1, prev.lastNumber == 0 ? "init" : next->plan.description()};
  return next;
}

GeneratorOutput runSql(const GeneratorInput& in) {
  GeneratorOutput out;
  SchemaBuild build = schemaFromIr(in.ir);
  out.messages = build.messages;
  std::vector<Dialect> dialects = dialectsOf(in.options, out);
  PreviousBuild prev = readPreviousBuild(in.previous);
  for (const auto& [path, text] : prev.migrations) out.files[path] = text;
  auto migration = nextMigration(prev, build.schema, out);
  // Each dialect renders on its own thread: a large schema is megabytes of SQL per dialect, and
  // this generator would otherwise be the last one running.
  std::vector<std::future<GeneratedFiles>> rendered;
  for (Dialect d : dialects)
    rendered.push_back(std::async(std::launch::async, [&, d] {
      GeneratedFiles files;
      files[std::string("db/") + dialectFolder(d) + "/schema.sql"] =
          renderSchemaSql(d, build.schema, in.templates);
      if (migration)
        files[migrationPath(d, migration->name)] =
            renderMigration(d, migration->plan, migration->name, in.templates);
      return files;
    }));
  out.files[kSnapshotPath] = writeSnapshot(build.schema);
  for (auto& dialect : rendered) out.files.merge(dialect.get());
  return out;
}

} // namespace

Generator sqlGenerator() {
  return makeGenerator(
      "sql", "SQLite and PostgreSQL schema, snapshot and numbered migrations (db/)", runSql);
}

} // namespace locus
