// A thin RAII layer over the SQLite C API: one connection, prepared statements with positional
// binding of JSON values, and errors as exceptions that carry SQLite's message.
#pragma once

#include "runtime/store/store.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <unordered_map>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace locus::rt {

using Json = nlohmann::json;

class SqliteStatement {
public:
  SqliteStatement(sqlite3* db, const std::string& sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  SqliteStatement& bind(int index, const Json& value); // 1-based; objects/arrays as JSON text
  SqliteStatement& bindText(int index, const std::string& text);
  SqliteStatement& bindInt(int index, int64_t value);
  SqliteStatement& bindNull(int index);
  bool step(); // true while a row is available
  void reset();

  int columns() const;
  std::string columnName(int i) const;
  bool isNull(int i) const;
  int64_t integer(int i) const;
  std::string text(int i) const;
  Json value(int i) const; // integer, real, text or null as JSON

private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string sql_;
};

class SqliteDb {
public:
  // Opens (creating) the database file; `synchronousFull` makes commits survive power loss.
  SqliteDb(const std::string& path, bool synchronousFull);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(const std::string& sql);
  SqliteStatement& prepared(const std::string& sql); // cached per connection
  void resetAll(); // ends every statement, so a pooled connection holds no read snapshot
  int64_t changes() const;
  int64_t lastInsertRowid() const;
  sqlite3* raw() { return db_; }

private:
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
};

} // namespace locus::rt
