#include "runtime/store/sqlite_db.h"

#include <sqlite3.h>

namespace locus::rt {

namespace {

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  throw StoreError(what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

} // namespace

SqliteStatement::SqliteStatement(sqlite3* db, const std::string& sql) : db_(db), sql_(sql) {
  if (sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt_, nullptr) != SQLITE_OK)
    fail(db, "cannot prepare `" + sql + "`");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

SqliteStatement& SqliteStatement::bind(int index, const Json& v) {
  int rc = SQLITE_OK;
  if (v.is_null()) rc = sqlite3_bind_null(stmt_, index);
  else if (v.is_boolean()) rc = sqlite3_bind_int64(stmt_, index, v.get<bool>() ? 1 : 0);
  else if (v.is_number_integer()) rc = sqlite3_bind_int64(stmt_, index, v.get<int64_t>());
  else if (v.is_number()) rc = sqlite3_bind_double(stmt_, index, v.get<double>());
  else if (v.is_string()) return bindText(index, v.get_ref<const std::string&>());
  else return bindText(index, v.dump());
  if (rc != SQLITE_OK) fail(db_, "cannot bind a parameter");
  return *this;
}

SqliteStatement& SqliteStatement::bindText(int index, const std::string& text) {
  if (sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK)
    fail(db_, "cannot bind a parameter");
  return *this;
}

SqliteStatement& SqliteStatement::bindInt(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

SqliteStatement& SqliteStatement::bindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw StoreError(message);
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int SqliteStatement::columns() const { return sqlite3_column_count(stmt_); }
std::string SqliteStatement::columnName(int i) const { return sqlite3_column_name(stmt_, i); }
bool SqliteStatement::isNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }
int64_t SqliteStatement::integer(int i) const { return sqlite3_column_int64(stmt_, i); }

std::string SqliteStatement::text(int i) const {
  const unsigned char* t = sqlite3_column_text(stmt_, i);
  return t ? std::string(reinterpret_cast<const char*>(t),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, i)))
           : std::string();
}

Json SqliteStatement::value(int i) const {
  switch (sqlite3_column_type(stmt_, i)) {
  case SQLITE_INTEGER:
    return sqlite3_column_int64(stmt_, i);
  case SQLITE_FLOAT:
    return sqlite3_column_double(stmt_, i);
  case SQLITE_NULL:
    return nullptr;
  default:
    return text(i);
  }
}

SqliteDb::SqliteDb(const std::string& path, bool synchronousFull) : path_(path) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("cannot open " + path + ": " + message);
  }
  sqlite3_busy_timeout(db_, 30000);
  try {
    // Reading the schema is what detects a file that is not a SQLite database.
    exec("PRAGMA schema_version");
    // Switching to WAL needs an exclusive lock: only the first opener does it.
    SqliteStatement mode(db_, "PRAGMA journal_mode");
    if (!mode.step() || mode.text(0) != "wal") {
      mode.reset();
      for (int attempt = 0;; ++attempt) {
        try {
          exec("PRAGMA journal_mode=WAL");
          break;
        } catch (const StoreError&) {
          if (attempt > 200) throw;
          sqlite3_sleep(25);
        }
      }
    }
    exec(synchronousFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
  } catch (const StoreError& e) {
    cache_.clear();
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError(path + " is not a usable SQLite state store (" + e.what() +
                     "); move the file away or pass another --db");
  }
}

SqliteDb::~SqliteDb() {
  cache_.clear();
  sqlite3_close(db_);
}

void SqliteDb::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw StoreError(message);
  }
}

SqliteStatement& SqliteDb::prepared(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<SqliteStatement>(db_, sql)).first;
  it->second->reset();
  return *it->second;
}

void SqliteDb::resetAll() {
  for (auto& [sql, st] : cache_) st->reset();
}

int64_t SqliteDb::changes() const { return sqlite3_changes64(db_); }
int64_t SqliteDb::lastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }

} // namespace locus::rt
