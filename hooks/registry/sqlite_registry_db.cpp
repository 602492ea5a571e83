// The registry database in SQLite: one connection (the server serialises writes), WAL so
// readers of another process are not blocked, a busy timeout for a second server on the file.
#include "hooks/registry/registry_db.h"

#include <sqlite3.h>

namespace locus::registry {

namespace {

class SqliteRegistryDb : public RegistryDb {
public:
  SqliteRegistryDb(sqlite3* db, std::string describe) : db_(db), describe_(std::move(describe)) {}
  ~SqliteRegistryDb() override { sqlite3_close_v2(db_); }

  std::vector<DbRow> query(const std::string& sql, const DbParams& params) override {
    sqlite3_stmt* stmt = nullptr;
    std::string text = sqliteParameters(sql);
    if (sqlite3_prepare_v2(db_, text.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail(sql);
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> hold(stmt, sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) {
      int at = static_cast<int>(i + 1);
      if (params[i])
        sqlite3_bind_text(stmt, at, params[i]->data(), static_cast<int>(params[i]->size()),
                          SQLITE_TRANSIENT);
      else
        sqlite3_bind_null(stmt, at);
    }
    std::vector<DbRow> rows;
    for (int rc; (rc = sqlite3_step(stmt)) != SQLITE_DONE;) {
      if (rc != SQLITE_ROW) fail(sql);
      DbRow row;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const unsigned char* v = sqlite3_column_text(stmt, c);
        row.emplace_back(v ? reinterpret_cast<const char*>(v) : "",
                         v ? static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)) : 0);
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  void script(const std::string& sql) override {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string text = message ? message : sqlite3_errmsg(db_);
      sqlite3_free(message);
      throw DbError(describe_ + ": " + text);
    }
  }

  void begin() override { script("BEGIN IMMEDIATE"); }
  const std::string& describe() const override { return describe_; }

private:
  [[noreturn]] void fail(const std::string& sql) {
    throw DbError(describe_ + ": " + sqlite3_errmsg(db_) + " (in: " + sql.substr(0, 60) + ")");
  }

  sqlite3* db_;
  std::string describe_;
};

} // namespace

std::unique_ptr<RegistryDb> openSqliteRegistryDb(const std::filesystem::path& file,
                                                 std::string* error) {
  sqlite3* db = nullptr;
  std::string where = "SQLite " + file.string();
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    if (error)
      *error = where + ": " + (db ? sqlite3_errmsg(db) : "cannot open") +
               " (does the --root folder exist and is it writable?)";
    sqlite3_close_v2(db);
    return nullptr;
  }
  sqlite3_busy_timeout(db, 5000);
  auto out = std::make_unique<SqliteRegistryDb>(db, where);
  try {
    out->script("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  } catch (const DbError& e) {
    if (error) *error = e.what();
    return nullptr;
  }
  return out;
}

} // namespace locus::registry
