// The registry database in PostgreSQL (libpq): one connection, parameters always sent apart
// from the SQL text, results read as text. A broken connection is reopened on the next query.
#include "hooks/registry/registry_db.h"

#include <libpq-fe.h>

namespace locus::registry {

namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  for (char& c : s)
    if (c == '\n' || c == '\t') c = ' ';
  return s;
}

class PgRegistryDb : public RegistryDb {
public:
  PgRegistryDb(PGconn* conn, std::string describe) : conn_(conn), describe_(std::move(describe)) {}
  ~PgRegistryDb() override { PQfinish(conn_); }

  std::vector<DbRow> query(const std::string& sql, const DbParams& params) override {
    reconnectIfBroken();
    std::vector<const char*> values;
    for (const DbParam& p : params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
    std::unique_ptr<PGresult, void (*)(PGresult*)> hold(r, PQclear);
    ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
      throw DbError(describe_ + ": " + trimmed(PQresultErrorMessage(r)));
    std::vector<DbRow> rows;
    for (int i = 0; i < PQntuples(r); ++i) {
      DbRow row;
      for (int c = 0; c < PQnfields(r); ++c)
        row.emplace_back(PQgetvalue(r, i, c), static_cast<std::size_t>(PQgetlength(r, i, c)));
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void script(const std::string& sql) override {
    reconnectIfBroken();
    std::unique_ptr<PGresult, void (*)(PGresult*)> r(PQexec(conn_, sql.c_str()), PQclear);
    ExecStatusType status = PQresultStatus(r.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
      throw DbError(describe_ + ": " + trimmed(PQresultErrorMessage(r.get())));
  }

  void begin() override { script("BEGIN"); }
  const std::string& describe() const override { return describe_; }

private:
  void reconnectIfBroken() {
    if (PQstatus(conn_) == CONNECTION_OK) return;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK)
      throw DbError(describe_ + ": " + trimmed(PQerrorMessage(conn_)));
  }

  PGconn* conn_;
  std::string describe_;
};

} // namespace

std::unique_ptr<RegistryDb> openPgRegistryDb(const std::string& url, std::string* error) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string where = "PostgreSQL";
  if (conn && PQhost(conn))
    where += std::string(" ") + PQhost(conn) + ":" + PQport(conn) + "/" + PQdb(conn) + " (user " +
             PQuser(conn) + ")";
  if (!conn || PQstatus(conn) != CONNECTION_OK) {
    if (error)
      *error = where + ": " + (conn ? trimmed(PQerrorMessage(conn)) : "out of memory") +
               " (check that the server runs and that --db postgres://USER:PASSWORD@HOST:PORT/DB "
               "is right)";
    PQfinish(conn);
    return nullptr;
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr); // "already exists" notices
  return std::make_unique<PgRegistryDb>(conn, where);
}

} // namespace locus::registry
