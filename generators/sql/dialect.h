// What differs between SQLite and PostgreSQL: type names, default expressions, CHECK
// expressions, the autoincrement key. Everything else in the DDL is shared.
#pragma once

#include "generators/sql/schema_model.h"

#include <string>

namespace locus::sql {

enum class Dialect { Sqlite, Postgres };

// "sqlite" / "postgres": the folder under db/.
const char* dialectFolder(Dialect d);

// "orders" → "\"orders\"" (every identifier is quoted, so reserved words are safe).
std::string quoteIdent(const std::string& name);
// A SQL string literal: 'it''s'.
std::string quoteString(const std::string& text);

// The column type, e.g. TEXT, INTEGER, TIMESTAMPTZ(3), TEXT[].
std::string columnType(Dialect d, const Column& c);
// "DEFAULT …" or "" when the column has no database default.
std::string defaultClause(Dialect d, const Column& c);
// True when SQLite's ALTER TABLE ADD COLUMN accepts the column's default (a constant).
bool hasConstantDefault(const Column& c);
// The boolean expression of a CHECK constraint, e.g. "price_cents" >= 0.
std::string checkExpression(Dialect d, const Check& check);
// cascade → CASCADE, restrict → RESTRICT, set_null → SET NULL.
std::string onDeleteAction(const std::string& onDelete);

} // namespace locus::sql
