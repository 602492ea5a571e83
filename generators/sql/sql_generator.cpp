#include "generators/sql/sql_generator.h"

#include "generators/sql/migration_files.h"
#include "generators/sql/migration_plan.h"
#include "generators/sql/migration_sql.h"
#include "generators/sql/schema_from_ir.h"
#include "generators/sql/schema_sql.h"
#include "generators/sql/snapshot.h"

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

GeneratorOutput runSql(const GeneratorInput& in) {
  GeneratorOutput out;
  SchemaBuild build = schemaFromIr(in.ir);
  out.messages = build.messages;
  std::vector<Dialect> dialects = dialectsOf(in.options, out);
  for (Dialect d : dialects)
    out.files[std::string("db/") + dialectFolder(d) + "/schema.sql"] =
        renderSchemaSql(d, build.schema, in.templates);
  out.files[kSnapshotPath] = writeSnapshot(build.schema);

  PreviousBuild prev = readPreviousBuild(in.previous);
  for (const auto& [path, text] : prev.migrations) out.files[path] = text;
  std::optional<Schema> before = previousSchema(prev, out);
  if (!before) return out;
  MigrationPlan plan = planMigration(*before, build.schema);
  if (!plan.errors.empty()) {
    out.messages.insert(out.messages.end(), plan.errors.begin(), plan.errors.end());
    return out;
  }
  if (plan.empty()) return out;
  MigrationName name{prev.lastNumber + 1, prev.lastNumber == 0 ? "init" : plan.description()};
  for (Dialect d : dialects)
    out.files[migrationPath(d, name)] = renderMigration(d, plan, name, in.templates);
  return out;
}

} // namespace

Generator sqlGenerator() {
  Generator g;
  g.name = "sql";
  g.description = "SQLite and PostgreSQL schema, snapshot and numbered migrations (db/)";
  g.run = runSql;
  return g;
}

} // namespace locus
