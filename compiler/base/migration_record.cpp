#include "compiler/base/migration_record.h"

#include <cstdint>
#include <cstdio>

namespace locus {

namespace {

constexpr std::string_view kBegin = "-- locus:record begin\n";
constexpr std::string_view kEnd = "-- locus:record end\n";

} // namespace

const char* const kPgMigrationsTableSql =
    "CREATE TABLE IF NOT EXISTS locus_migrations (\n"
    "  name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_ms BIGINT NOT NULL);\n";

const char* const kPgQueueTableSql =
    "CREATE TABLE IF NOT EXISTS locus_queue (\n"
    "  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key TEXT NOT NULL UNIQUE,\n"
    "  topic TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',\n"
    "  created_ms BIGINT NOT NULL, delivered_ms BIGINT);\n"
    "CREATE INDEX IF NOT EXISTS locus_queue_pending ON locus_queue(seq) WHERE status = "
    "'pending';\n";

std::string migrationChecksum(std::string_view text) {
  uint64_t h = 1469598103934665603ull;
  auto add = [&](std::string_view part) {
    for (unsigned char c : part) h = (h ^ c) * 1099511628211ull;
  };
  size_t begin = text.find(kBegin);
  size_t end = begin == std::string_view::npos ? begin : text.find(kEnd, begin);
  if (end == std::string_view::npos) {
    add(text);
  } else {
    add(text.substr(0, begin));
    add(text.substr(end + kEnd.size()));
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::string pgMigrationRecordSection(const std::string& fileName, const std::string& checksum) {
  // File names are NNNN_<letters, digits, _ . ->: nothing to escape in a SQL string.
  return std::string(kBegin) +
         "-- Recorded in the runtime's migration table (whoever applies this file, psql or locus,\n"
         "-- it counts as applied for both), with the runtime tables the API writes to.\n" +
         kPgMigrationsTableSql + kPgQueueTableSql + "INSERT INTO locus_migrations VALUES ('" +
         fileName + "', '" + checksum +
         "', (extract(epoch from clock_timestamp()) * 1000)::bigint)\n"
         "  ON CONFLICT (name) DO NOTHING;\n" +
         std::string(kEnd);
}

} // namespace locus
