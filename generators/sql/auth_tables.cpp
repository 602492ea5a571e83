#include "generators/sql/auth_tables.h"

#include "generators/sql/sql_names.h"

namespace locus::sql {

namespace {

Column column(std::string name, std::string type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

Column createdNow() {
  Column c = column("created_at", "DateTime");
  c.defaultKind = DefaultKind::Now;
  return c;
}

// A foreign key from `table`.user_id to the user entity's key: deleting the user deletes the row.
ForeignKey userKey(const std::string& table, const locus::OrderedJson& auth) {
  return {constraintName(table, {"user_id"}, "fkey"),        {"user_id"}, auth["table"],
          {auth["primaryKey"]["column"].get<std::string>()}, "cascade",   auth["span"]};
}

// The tokens of verification and password-reset mails: like sessions, only their SHA-256 is
// kept; a token is deleted when used, so it works once.
Table authTokens(const locus::OrderedJson& auth) {
  Table t;
  t.name = kAuthTokensTable;
  t.columns = {column("token_hash", "String"),
               column("user_id", auth["primaryKey"]["type"].get<std::string>()),
               column("purpose", "String"), column("expires_at", "DateTime"), createdNow()};
  t.primaryKey = {"token_hash"};
  t.foreignKeys.push_back(userKey(t.name, auth));
  t.indexes.push_back({constraintName(t.name, {"user_id"}, "idx"), {"user_id"}, false});
  t.span = auth["span"];
  return t;
}

// The users who opened their verification link (a row per user, its time).
Table verifiedUsers(const locus::OrderedJson& auth) {
  Table t;
  t.name = kVerifiedUsersTable;
  Column verifiedAt = createdNow();
  verifiedAt.name = "verified_at";
  t.columns = {column("user_id", auth["primaryKey"]["type"].get<std::string>()), verifiedAt};
  t.primaryKey = {"user_id"};
  t.foreignKeys.push_back(userKey(t.name, auth));
  t.span = auth["span"];
  return t;
}

} // namespace

void addAuthTables(const locus::OrderedJson& ir, Schema& schema) {
  auto auth = ir.find("auth");
  if (auth == ir.end() || !auth->is_object()) return;
  const locus::OrderedJson& key = (*auth)["primaryKey"];
  // A session row is found by the SHA-256 of its cookie value, so a copy of the table does not
  // hold live session cookies. Deleting the user ends their sessions.
  Table sessions;
  sessions.name = kSessionsTable;
  sessions.columns = {
      column("token_hash", "String"), column("user_id", key["type"].get<std::string>()),
      column("csrf_token", "String"), column("expires_at", "DateTime"), createdNow()};
  sessions.primaryKey = {"token_hash"};
  sessions.foreignKeys.push_back(userKey(sessions.name, *auth));
  sessions.indexes.push_back(
      {constraintName(sessions.name, {"user_id"}, "idx"), {"user_id"}, false});
  sessions.span = (*auth)["span"];
  schema.tables.push_back(std::move(sessions));

  Table failures;
  failures.name = kLoginFailuresTable;
  Column count = column("failures", "Integer");
  count.defaultKind = DefaultKind::Literal;
  count.defaultValue = 0;
  failures.columns = {column("identity", "String"), count,
                      column("locked_until", "DateTime", /*nullable=*/true)};
  failures.primaryKey = {"identity"};
  failures.span = (*auth)["span"];
  schema.tables.push_back(std::move(failures));
  schema.tables.push_back(authTokens(*auth));
  schema.tables.push_back(verifiedUsers(*auth));
}

} // namespace locus::sql
