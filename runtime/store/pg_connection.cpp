#include "runtime/store/pg_connection.h"
#include "runtime/store/pg_store.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>
#include <poll.h>

namespace locus::rt {

namespace {

constexpr size_t kMaxPrepared = 256; // entity queries vary; beyond this, parse each time

constexpr const char* kFixHint =
    "check that the server runs and accepts connections on that host and port, and that the "
    "user, password and database are right in --db postgres://USER:PASSWORD@HOST:PORT/DATABASE";

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  for (size_t at; (at = s.find("\n\t")) != std::string::npos;) s.replace(at, 2, " ");
  for (size_t at; (at = s.find('\n')) != std::string::npos;) s.replace(at, 1, " ");
  return s;
}

std::string describe(const char* host, const char* port, const char* db, const char* user) {
  auto orDefault = [](const char* v, const char* fallback) {
    return std::string(v && *v ? v : fallback);
  };
  std::string h = orDefault(host, "localhost");
  if (h.front() == '/') h = "socket " + h; // a unix socket directory
  return h + ":" + orDefault(port, "5432") + "/" + orDefault(db, "(default database)") + " (user " +
         orDefault(user, "(default user)") + ")";
}

bool isBusy(const char* state) {
  return state && (!std::strcmp(state, "40001") || !std::strcmp(state, "40P01") ||
                   !std::strcmp(state, "55P03"));
}

} // namespace

std::string pgDescribeUrl(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    std::string message = err ? trimmed(err) : "not a PostgreSQL URL";
    PQfreemem(err);
    return "an unreadable PostgreSQL URL (" + message + ")";
  }
  const char *host = nullptr, *port = nullptr, *db = nullptr, *user = nullptr;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (!o->val) continue;
    if (!std::strcmp(o->keyword, "host")) host = o->val;
    if (!std::strcmp(o->keyword, "port")) port = o->val;
    if (!std::strcmp(o->keyword, "dbname")) db = o->val;
    if (!std::strcmp(o->keyword, "user")) user = o->val;
  }
  std::string out =
      describe(host ? host : std::getenv("PGHOST"), port ? port : std::getenv("PGPORT"),
               db ? db : std::getenv("PGDATABASE"), user ? user : std::getenv("PGUSER"));
  PQconninfoFree(opts);
  return out;
}

PgResult::~PgResult() {
  PQclear(r_);
}
int PgResult::rows() const {
  return PQntuples(r_);
}
int PgResult::columns() const {
  return PQnfields(r_);
}
std::string PgResult::columnName(int c) const {
  return PQfname(r_, c);
}
unsigned PgResult::columnType(int c) const {
  return PQftype(r_, c);
}
bool PgResult::isNull(int row, int c) const {
  return PQgetisnull(r_, row, c) != 0;
}
std::string PgResult::text(int row, int c) const {
  return std::string(PQgetvalue(r_, row, c), static_cast<size_t>(PQgetlength(r_, row, c)));
}
int64_t PgResult::integer(int row, int c) const {
  return std::strtoll(PQgetvalue(r_, row, c), nullptr, 10);
}
int64_t PgResult::affected() const {
  const char* n = PQcmdTuples(r_);
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

PgConnection::PgConnection(const std::string& url) {
  char* parseError = nullptr;
  if (PQconninfoOption* opts = PQconninfoParse(url.c_str(), &parseError)) {
    PQconninfoFree(opts);
  } else {
    std::string message = parseError ? trimmed(parseError) : "out of memory";
    PQfreemem(parseError);
    // libpq quotes the URL, which may hold a password: name it instead.
    for (size_t at; !url.empty() && (at = message.find(url)) != std::string::npos;)
      message.replace(at, url.size(), "(the --db URL)");
    throw StoreError("the --db URL is not a valid PostgreSQL URL: " + message +
                     "; write postgres://USER:PASSWORD@HOST:PORT/DATABASE");
  }
  // Defaults first: settings in the URL itself override them.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
  const char* values[] = {"10", "locus", url.c_str(), nullptr};
  conn_ = PQconnectdbParams(keys, values, 1);
  if (!conn_) throw StoreError("cannot connect to PostgreSQL: out of memory");
  where_ = describe(PQhost(conn_), PQport(conn_), PQdb(conn_), PQuser(conn_));
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw StoreError("cannot connect to PostgreSQL at " + where_ + ": " + message + "; " +
                     kFixHint);
  }
  // Notices (e.g. a migration's own BEGIN inside ours) would go to stderr, into the CLI's output.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  script("SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET client_min_messages = 'warning'");
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

bool PgConnection::healthy() const {
  return conn_ && PQstatus(conn_) == CONNECTION_OK;
}

bool PgConnection::stillOpen() {
  if (!healthy()) return false;
  // Between statements the server sends nothing, except when it closes the session (a FATAL
  // message, then EOF): an idle socket with something to read is treated as closed.
  pollfd p{PQsocket(conn_), POLLIN, 0};
  return ::poll(&p, 1, 0) == 0;
}

bool PgConnection::inTransaction() const {
  return conn_ && PQtransactionStatus(conn_) != PQTRANS_IDLE;
}

bool PgConnection::transactionFailed() const {
  return conn_ && PQtransactionStatus(conn_) == PQTRANS_INERROR;
}

PgResult PgConnection::check(pg_result* r, const std::string& sql) {
  ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return PgResult(r);
  std::string message = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  if (message.empty()) message = trimmed(PQerrorMessage(conn_));
  std::string state =
      r && PQresultErrorField(r, PG_DIAG_SQLSTATE) ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : "";
  PQclear(r);
  if (!healthy()) {
    bool committing = sql.rfind("COMMIT", 0) == 0;
    throw StoreError(
        "lost the connection to PostgreSQL at " + where_ + " (" + message + "); " +
        (committing ? "the connection broke during COMMIT, so the transaction either committed "
                      "entirely or not at all"
                    : "the server rolled back the open transaction, nothing of it was committed") +
        "; once the server is reachable again, `locus resume RUN` or `locus worker` continues "
        "from the stored checkpoints");
  }
  if (isBusy(state.c_str()))
    throw PgBusy("the database is busy: " + message + " (SQLSTATE " + state +
                 ", a concurrent transaction changed the same rows); the transaction was rolled "
                 "back and can be retried");
  if (state == "42P01")
    message += " (the app's tables are missing: generate db/postgres/migrations with `locusc "
               "build` and run locus with --project, or pass --schema DIR)";
  throw StoreError(message + (state.empty() ? "" : " (SQLSTATE " + state + ")"));
}

PgResult PgConnection::exec(const std::string& sql, const PgParams& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& p : params) values.push_back(p ? p->c_str() : nullptr);
  int n = static_cast<int>(values.size());
  auto it = prepared_.find(sql);
  if (it == prepared_.end() && prepared_.size() < kMaxPrepared) {
    std::string name = "locus_" + std::to_string(prepared_.size());
    check(PQprepare(conn_, name.c_str(), sql.c_str(), n, nullptr), sql);
    it = prepared_.emplace(sql, name).first;
  }
  if (it != prepared_.end())
    return check(PQexecPrepared(conn_, it->second.c_str(), n, values.data(), nullptr, nullptr, 0),
                 sql);
  return check(PQexecParams(conn_, sql.c_str(), n, nullptr, values.data(), nullptr, nullptr, 0),
               sql);
}

void PgConnection::script(const std::string& sql) {
  // A multi-statement script yields several results; PQexec keeps the last, and stops at the
  // first error, which is the one reported.
  check(PQexec(conn_, sql.c_str()), sql);
}

} // namespace locus::rt
