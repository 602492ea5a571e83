// The tables an `auth { }` block adds (IR `auth`): server-side sessions and login failures for
// the lockout. Only programs with auth get them, so every other schema is unchanged.
#pragma once

#include "generators/sql/schema_model.h"

namespace locus::sql {

inline constexpr const char* kSessionsTable = "locus_sessions";
inline constexpr const char* kLoginFailuresTable = "locus_login_failures";

// Appends the auth tables to `schema` when `ir` has an `auth` section.
void addAuthTables(const locus::OrderedJson& ir, Schema& schema);

} // namespace locus::sql
