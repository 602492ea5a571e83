// The tables an `auth { }` block adds (IR `auth`): server-side sessions, login failures for
// the lockout, the single-use tokens of verification and reset mails, and verified users. Only
// programs with auth get them, so every other schema is unchanged.
#pragma once

#include "generators/sql/schema_model.h"

namespace locus::sql {

inline constexpr const char* kSessionsTable = "locus_sessions";
inline constexpr const char* kLoginFailuresTable = "locus_login_failures";
inline constexpr const char* kAuthTokensTable = "locus_auth_tokens";
inline constexpr const char* kVerifiedUsersTable = "locus_verified_users";

// Appends the auth tables to `schema` when `ir` has an `auth` section.
void addAuthTables(const locus::OrderedJson& ir, Schema& schema);

} // namespace locus::sql
