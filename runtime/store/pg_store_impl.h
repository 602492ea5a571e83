// Internal to the PostgreSQL store: the connection pool and the transaction class.
#pragma once

#include "runtime/store/pg_connection.h"
#include "runtime/store/store.h"

#include <memory>
#include <mutex>
#include <vector>

namespace locus::rt {

// Each transaction holds one connection for its lifetime, so parallel branches write through
// separate connections. A broken connection is dropped, and the next acquire reconnects.
class PgPool {
public:
  explicit PgPool(std::string url) : url_(std::move(url)) {}
  std::unique_ptr<PgConnection> acquire();
  void release(std::unique_ptr<PgConnection> c);

private:
  std::string url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
};

// A pooled connection handed back on destruction.
class PgPooled {
public:
  explicit PgPooled(PgPool& pool) : pool_(pool), c_(pool.acquire()) {}
  ~PgPooled() { pool_.release(std::move(c_)); }
  PgPooled(const PgPooled&) = delete;
  PgPooled& operator=(const PgPooled&) = delete;
  PgConnection* operator->() { return c_.get(); }
  PgConnection& operator*() { return *c_; }

private:
  PgPool& pool_;
  std::unique_ptr<PgConnection> c_;
};

// BEGIN ISOLATION LEVEL REPEATABLE READ … COMMIT on one pooled connection. Repeatable read makes
// a read-modify-write safe: when a concurrent transaction changed a row this one then updates,
// PostgreSQL refuses the update (40001, PgBusy) instead of losing the other write, and the engine
// retries the step or the whole db_tx.
class PgTx : public StoreTx {
public:
  explicit PgTx(PgPool& pool);
  ~PgTx() override;

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

  PgConnection& connection() { return *c_; }

private:
  PgPooled c_;
  bool done_ = false;
};

// A program value as a parameter for a column of field `f` (null `f`: by the value's type).
PgParam pgParamFor(const FieldMeta* f, const Json& v);

// The rows of an entity query as objects keyed by field name, values converted from
// PostgreSQL's text form by column type (booleans, numbers, JSON, arrays, ISO timestamps).
Json pgEntityRows(const PgResult& r, const EntityMeta& e);

// locus_plugin_state (pg_plugin_state.cpp).
PluginStateRows readPluginState(PgConnection& c, const std::string& plugin);

} // namespace locus::rt
