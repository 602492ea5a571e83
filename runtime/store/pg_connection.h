// A thin RAII layer over libpq: one connection, parameterised statements (values always travel as
// parameters, never inside the SQL text), results read as text, and errors as StoreError with
// PostgreSQL's message, the server's address, and a hint what to do.
#pragma once

#include "runtime/store/store.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace locus::rt {

// One statement parameter in PostgreSQL's text form; nullopt is SQL NULL.
using PgParam = std::optional<std::string>;
using PgParams = std::vector<PgParam>;

// A transient conflict with another transaction (serialization failure 40001, deadlock 40P01,
// lock not available 55P03): the transaction was rolled back and may be tried again. Its message
// says "busy", which the engine reads as a retryable store error.
struct PgBusy : StoreConflict {
  using StoreConflict::StoreConflict;
};

class PgResult {
public:
  explicit PgResult(pg_result* r) : r_(r) {}
  ~PgResult();
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const;
  int columns() const;
  std::string columnName(int c) const;
  unsigned columnType(int c) const; // the type's OID
  bool isNull(int row, int c) const;
  std::string text(int row, int c) const;
  int64_t integer(int row, int c) const;
  int64_t affected() const; // rows changed by INSERT / UPDATE / DELETE

private:
  pg_result* r_;
};

class PgConnection {
public:
  // Connects to a libpq URL (postgres://user:password@host:port/db?…) or keyword string. The
  // session runs in UTC with ISO dates. Throws StoreError naming the server and how to fix it.
  explicit PgConnection(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // One statement with $1… parameters (prepared once per connection and reused).
  PgResult exec(const std::string& sql, const PgParams& params = {});
  // A script of several statements without parameters (schema, migrations, BEGIN/COMMIT).
  void script(const std::string& sql);
  // False once the connection broke (the server closed it, the network failed).
  bool healthy() const;
  // For an idle pooled connection: false when the server closed it meanwhile (restart, idle
  // timeout, pg_terminate_backend), so it is dropped before it is used.
  bool stillOpen();
  bool inTransaction() const;
  bool transactionFailed() const; // an error aborted the open transaction
  // "host:port/database (user U)" for messages; never the password.
  const std::string& where() const { return where_; }

private:
  PgResult check(pg_result* r, const std::string& sql);

  pg_conn* conn_ = nullptr;
  std::string where_;
  std::unordered_map<std::string, std::string> prepared_; // SQL text → statement name
};

} // namespace locus::rt
