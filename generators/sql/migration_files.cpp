#include "generators/sql/migration_files.h"

#include "generators/sql/snapshot.h"

#include <cctype>
#include <cstdio>

namespace locus::sql {

namespace {

// NNNN of "db/<dialect>/migrations/NNNN_<name>.sql", or -1.
int migrationNumber(const std::string& path) {
  for (Dialect d : {Dialect::Sqlite, Dialect::Postgres}) {
    std::string prefix = std::string("db/") + dialectFolder(d) + "/migrations/";
    if (path.rfind(prefix, 0) != 0 || path.size() < 4 ||
        path.compare(path.size() - 4, 4, ".sql") != 0)
      continue;
    std::string file = path.substr(prefix.size());
    size_t digits = 0;
    while (digits < file.size() && std::isdigit(static_cast<unsigned char>(file[digits]))) ++digits;
    if (digits == 0 || digits >= file.size() || file[digits] != '_' ||
        file.find('/') != std::string::npos)
      return -1;
    return std::stoi(file.substr(0, std::min<size_t>(digits, 9)));
  }
  return -1;
}

} // namespace

PreviousBuild readPreviousBuild(const GeneratedFiles& previous) {
  PreviousBuild out;
  for (const auto& [path, text] : previous) {
    if (path == kSnapshotPath) out.snapshot = text;
    int n = migrationNumber(path);
    if (n < 0) continue;
    out.migrations[path] = text;
    out.lastNumber = std::max(out.lastNumber, n);
  }
  return out;
}

std::string migrationPath(Dialect d, const MigrationName& name) {
  char number[16];
  std::snprintf(number, sizeof number, "%04d", name.number);
  return std::string("db/") + dialectFolder(d) + "/migrations/" + number + "_" + name.description +
         ".sql";
}

} // namespace locus::sql
