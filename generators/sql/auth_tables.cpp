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
  sessions.foreignKeys.push_back({constraintName(sessions.name, {"user_id"}, "fkey"),
                                  {"user_id"},
                                  (*auth)["table"],
                                  {key["column"].get<std::string>()},
                                  "cascade",
                                  (*auth)["span"]});
  sessions.indexes.push_back({constraintName(sessions.name, {"user_id"}, "idx"), {"user_id"}, false});
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
}

} // namespace locus::sql
