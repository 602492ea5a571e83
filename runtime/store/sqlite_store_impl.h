// Internal to the SQLite store: the connection pool and the transaction class.
#pragma once

#include "runtime/store/sqlite_db.h"
#include "runtime/store/store.h"

#include <mutex>
#include <vector>

namespace locus::rt {

// Connections are pooled: each transaction holds one for its lifetime, so parallel branches
// write through separate connections and SQLite's locks (with a busy timeout) order them.
class SqlitePool {
public:
  SqlitePool(std::string path, SqliteOptions options) : path_(std::move(path)), options_(options) {}
  std::unique_ptr<SqliteDb> acquire();
  void release(std::unique_ptr<SqliteDb> db);

private:
  std::string path_;
  SqliteOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<SqliteDb>> idle_;
};

// A pooled connection handed back on destruction.
class PooledDb {
public:
  explicit PooledDb(SqlitePool& pool) : pool_(pool), db_(pool.acquire()) {}
  ~PooledDb() { pool_.release(std::move(db_)); }
  SqliteDb* operator->() { return db_.get(); }
  SqliteDb& operator*() { return *db_; }

private:
  SqlitePool& pool_;
  std::unique_ptr<SqliteDb> db_;
};

// BEGIN IMMEDIATE … COMMIT on one pooled connection: write transactions take SQLite's write lock
// up front, so two writers never deadlock upgrading a read lock.
class SqliteTx : public StoreTx {
public:
  explicit SqliteTx(SqlitePool& pool);
  ~SqliteTx() override;

  Json findRows(const EntityMeta& e, const Json& where, const Json& orderBy,
                std::optional<int64_t> take, std::optional<int64_t> skip) override;
  Json insertRow(const EntityMeta& e, const Json& data) override;
  Json updateRow(const EntityMeta& e, const Json& id, const Json& data) override;
  bool deleteRow(const EntityMeta& e, const Json& id) override;
  void putCheckpoint(const std::string& run, const std::string& step, const Json& result) override;
  void publish(const QueueMessage& m) override;
  void appendTrace(const std::string& run, const Json& event) override;
  PluginStateRows pluginState(const std::string& plugin) override;
  void writePluginState(const std::string& plugin, const PluginStateWrites& writes) override;
  void savepoint(const std::string& name) override;
  void releaseSavepoint(const std::string& name) override;
  void rollbackToSavepoint(const std::string& name) override;
  void commit() override;

  SqliteDb& db() { return *db_; }

private:
  PooledDb db_;
  bool done_ = false;
};

// The rows of a statement as objects keyed by field name (column names mapped back).
Json readRows(SqliteStatement& st, const EntityMeta& e);

// locus_plugin_state (sqlite_plugin_state.cpp).
PluginStateRows readPluginState(SqliteDb& db, const std::string& plugin);
void writePluginState(SqliteDb& db, const std::string& plugin, const PluginStateWrites& writes);

} // namespace locus::rt
