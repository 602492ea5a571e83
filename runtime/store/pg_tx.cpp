// The connection pool and the transaction of the PostgreSQL store (pg_store_impl.h).
#include "runtime/store/entity_sql.h"
#include "runtime/store/pg_store_impl.h"

namespace locus::rt {

std::unique_ptr<PgConnection> PgPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    while (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      if (c->stillOpen()) return c; // else dropped: the server closed it while it was idle
    }
  }
  return std::make_unique<PgConnection>(url_);
}

void PgPool::release(std::unique_ptr<PgConnection> c) {
  if (!c || !c->healthy()) return; // broken: the next acquire connects again
  if (c->inTransaction()) {
    try {
      c->script("ROLLBACK");
    } catch (...) {
      return;
    }
  }
  std::lock_guard lock(mutex_);
  if (idle_.size() < 16) idle_.push_back(std::move(c));
}

PgTx::PgTx(PgPool& pool) : c_(pool) {
  c_->script("BEGIN ISOLATION LEVEL REPEATABLE READ");
}

PgTx::~PgTx() {
  if (done_) return;
  try {
    if (c_->healthy()) c_->script("ROLLBACK");
  } catch (...) {
  }
}

void PgTx::putCheckpoint(const std::string& run, const std::string& step, const Json& result) {
  PgResult r = c_->exec("INSERT INTO locus_checkpoints VALUES ($1, $2, $3, $4) "
                        "ON CONFLICT DO NOTHING",
                        {run, step, result.dump(), std::to_string(nowMs())});
  if (r.affected() == 0)
    throw CheckpointConflict("step " + step + " of run " + run + " was already completed");
}

void PgTx::publish(const QueueMessage& m) {
  c_->exec("INSERT INTO locus_queue (key, topic, payload, created_ms) VALUES ($1, $2, $3, $4)",
           {m.key, m.topic, m.payload.dump(), std::to_string(nowMs())});
}

void PgTx::appendTrace(const std::string& run, const Json& event) {
  c_->exec("INSERT INTO locus_trace (run_id, event) VALUES ($1, $2)", {run, event.dump()});
}

void PgTx::savepoint(const std::string& name) {
  c_->script("SAVEPOINT " + quoteIdentifier(name));
}
void PgTx::releaseSavepoint(const std::string& name) {
  c_->script("RELEASE SAVEPOINT " + quoteIdentifier(name));
}
void PgTx::rollbackToSavepoint(const std::string& name) {
  c_->script("ROLLBACK TO SAVEPOINT " + quoteIdentifier(name));
  c_->script("RELEASE SAVEPOINT " + quoteIdentifier(name));
}

void PgTx::commit() {
  // COMMIT of a transaction an error aborted silently rolls back: refuse it instead.
  if (c_->transactionFailed())
    throw StoreError("the transaction was not committed: a statement in it failed earlier (its "
                     "error was reported then); nothing of it was written");
  done_ = true; // a failed COMMIT ends the transaction too: nothing left to roll back
  c_->script("COMMIT");
}

} // namespace locus::rt
