// How an applied migration is recorded, shared by the sql generator (which writes the record
// into every PostgreSQL migration it makes) and the runtime (which applies migrations and reads
// the record): the table `locus_migrations` holds each applied file's name and checksum. Because
// the migration records itself, applying it with psql counts as applied for `locus`, and the
// other way round: there is one owner of the schema's history, whoever runs the file.
#pragma once

#include <string>
#include <string_view>

namespace locus {

// The runtime's tables that generated code writes to (PostgreSQL DDL, idempotent): the migration
// record, and the queue the generated API writes entity events to (its outbox).
extern const char* const kPgMigrationsTableSql;
extern const char* const kPgQueueTableSql;

// FNV-1a 64 (hex) of a migration's text without its record section: stable across builds and
// machines, and the same whether the file carries the section or not.
std::string migrationChecksum(std::string_view text);

// The record section for `fileName` (e.g. "0001_init.sql") with `checksum`, to be placed before
// the migration's final COMMIT; delimited by marker comments so migrationChecksum can skip it.
std::string pgMigrationRecordSection(const std::string& fileName, const std::string& checksum);

} // namespace locus
