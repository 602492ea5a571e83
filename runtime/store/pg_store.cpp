// The PostgreSQL state store. The engine's tables are prefixed `locus_` (as in SQLite) and live
// beside the app's entity tables in one database, so a db_tx commits entity rows, its checkpoint
// and its queue messages in one PostgreSQL transaction. Any number of processes on any number of
// machines share it: runs are claimed under a row lock with a lease judged by the server's clock,
// concurrency groups are counted (strict FIFO by the runs' insertion sequence) under a per-group
// advisory lock, a cron mark moves forward by one conditional upsert, and a queue message is
// delivered by the one transaction that flips it from pending. Short store
// transactions that hit a serialization failure or deadlock are retried here, with a bound.
#include "runtime/store/pg_store.h"
#include "runtime/store/pg_store_impl.h"

#include "compiler/base/migration_record.h"

#include <chrono>
#include <random>
#include <thread>

namespace locus::rt {

namespace {

// Serialises schema creation and migrations between processes (pg_advisory_lock keys).
constexpr const char* kSchemaLockKey = "7311900001";
constexpr const char* kMigrationLockKey = "7311900002";
constexpr int kMaxBusyAttempts = 8;

// The server's clock in ms: leases are judged by one clock whatever machine a worker runs on.
constexpr const char* kServerNowMs = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS locus_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO locus_meta VALUES ('storeVersion', '3') ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS locus_programs (
  hash TEXT PRIMARY KEY, ir TEXT NOT NULL, created_ms BIGINT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY);
CREATE TABLE IF NOT EXISTS locus_runs (
  id TEXT PRIMARY KEY, workflow TEXT NOT NULL, program TEXT NOT NULL, status TEXT NOT NULL,
  input TEXT NOT NULL, output TEXT, error TEXT, grp TEXT NOT NULL DEFAULT '',
  lim BIGINT NOT NULL DEFAULT 0, lease_owner TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0, wake_at BIGINT NOT NULL DEFAULT 0,
  created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL,
  seq BIGINT GENERATED ALWAYS AS IDENTITY);
CREATE INDEX IF NOT EXISTS locus_runs_active ON locus_runs(status, grp)
  WHERE status IN ('queued', 'running', 'waiting');
CREATE TABLE IF NOT EXISTS locus_checkpoints (
  run_id TEXT NOT NULL, step_id TEXT NOT NULL, result TEXT NOT NULL,
  completed_ms BIGINT NOT NULL, PRIMARY KEY (run_id, step_id));
CREATE TABLE IF NOT EXISTS locus_timers (
  run_id TEXT NOT NULL, step_id TEXT NOT NULL, fire_at BIGINT NOT NULL,
  PRIMARY KEY (run_id, step_id));
CREATE TABLE IF NOT EXISTS locus_signals (
  run_id TEXT NOT NULL, name TEXT NOT NULL, payload TEXT NOT NULL, created_ms BIGINT NOT NULL,
  PRIMARY KEY (run_id, name));
CREATE TABLE IF NOT EXISTS locus_trace (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, run_id TEXT NOT NULL,
  event TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS locus_trace_run ON locus_trace(run_id, seq);
)sql"; // + locus_queue and locus_migrations (compiler/base/migration_record.h)

// Brings a database made by an older PgStore (store version 1: no cron marks) up to this one.
// Every statement is idempotent, so it also finishes what kSchema started on a fresh database.
// `seq` is the insertion order of runs (strict FIFO in a concurrency group); rows that existed
// before it get numbers in the table's physical order, which is close to their insertion order.
constexpr const char* kUpgrade = R"sql(
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS seq BIGINT GENERATED ALWAYS AS IDENTITY;
CREATE INDEX IF NOT EXISTS locus_runs_created ON locus_runs(created_ms, seq);
CREATE INDEX IF NOT EXISTS locus_runs_queued ON locus_runs(grp, seq) WHERE status = 'queued';
CREATE TABLE IF NOT EXISTS locus_schedules (
  schedule TEXT PRIMARY KEY, through_minute BIGINT NOT NULL, updated_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS locus_queue_failures (
  seq BIGINT PRIMARY KEY, attempts BIGINT NOT NULL, retry_at BIGINT NOT NULL,
  error TEXT NOT NULL, updated_ms BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS locus_schedule_pauses (workflow TEXT PRIMARY KEY, audit TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS locus_plugin_state (
  plugin TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, checksum TEXT NOT NULL,
  PRIMARY KEY (plugin, key));
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS priority BIGINT NOT NULL DEFAULT 0;
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS rank_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS not_before BIGINT NOT NULL DEFAULT 0;
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS started_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS wait_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS throttle_key TEXT NOT NULL DEFAULT '';
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS rate_key TEXT NOT NULL DEFAULT '';
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS debounce_key TEXT NOT NULL DEFAULT '';
ALTER TABLE locus_runs ADD COLUMN IF NOT EXISTS flow TEXT NOT NULL DEFAULT '{}';
UPDATE locus_runs SET rank_ms = created_ms WHERE rank_ms = 0 AND priority = 0;
CREATE INDEX IF NOT EXISTS locus_runs_throttle ON locus_runs(throttle_key, started_ms)
  WHERE throttle_key <> '';
CREATE INDEX IF NOT EXISTS locus_runs_rate ON locus_runs(rate_key, created_ms) WHERE rate_key <> '';
CREATE INDEX IF NOT EXISTS locus_runs_debounce ON locus_runs(debounce_key)
  WHERE debounce_key <> '' AND status = 'queued';
UPDATE locus_meta SET value = '3' WHERE key = 'storeVersion';
)sql";

// True when the database already has everything kSchema and kUpgrade make: opening it then needs
// no DDL (DDL would take table locks while other workers run).
constexpr const char* kSchemaIsCurrent =
    "SELECT to_regclass('locus_migrations') IS NOT NULL AND to_regclass('locus_schedules') IS NOT "
    "NULL AND to_regclass('locus_runs_queued') IS NOT NULL AND "
    "to_regclass('locus_queue_failures') IS NOT NULL AND "
    "to_regclass('locus_schedule_pauses') IS NOT NULL AND "
    "to_regclass('locus_runs_debounce') IS NOT NULL AND "
    "to_regclass('locus_plugin_state') IS NOT NULL";

constexpr const char* kRunColumns =
    "id, workflow, program, status, input, output, error, grp, lim, lease_owner, lease_until, "
    "wake_at, created_ms, updated_ms, priority, not_before, started_ms, wait_reason, "
    "throttle_key, rate_key, debounce_key, flow";
constexpr int kRunColumnCount = 22;

Json parseOr(const std::string& text, Json fallback) {
  if (text.empty()) return fallback;
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

PgParam num(int64_t v) {
  return std::to_string(v);
}

PgParam jsonOrNull(const Json& v) {
  if (v.is_null()) return std::nullopt;
  return v.dump();
}

RunRecord readRun(const PgResult& r, int row) {
  RunRecord out;
  out.id = r.text(row, 0);
  out.workflow = r.text(row, 1);
  out.programHash = r.text(row, 2);
  out.status = r.text(row, 3);
  out.input = parseOr(r.text(row, 4), Json::object());
  out.output = r.isNull(row, 5) ? Json(nullptr) : parseOr(r.text(row, 5), nullptr);
  out.error = r.isNull(row, 6) ? Json(nullptr) : parseOr(r.text(row, 6), nullptr);
  out.group = r.text(row, 7);
  out.limit = r.integer(row, 8);
  out.leaseOwner = r.text(row, 9);
  out.leaseUntilMs = r.integer(row, 10);
  out.wakeAtMs = r.integer(row, 11);
  out.createdMs = r.integer(row, 12);
  out.updatedMs = r.integer(row, 13);
  readFlowConfig(parseOr(r.text(row, 21), Json::object()), out.flow);
  out.flow.priority = r.integer(row, 14);
  out.notBeforeMs = r.integer(row, 15);
  out.startedMs = r.integer(row, 16);
  out.waitReason = r.text(row, 17);
  out.flow.throttleKey = r.text(row, 18);
  out.flow.rateKey = r.text(row, 19);
  out.flow.debounceKey = r.text(row, 20);
  return out;
}

std::vector<RunRecord> readRuns(const PgResult& r) {
  std::vector<RunRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(readRun(r, i));
  return out;
}

constexpr const char* kMessageSelect =
    "SELECT q.seq, q.key, q.topic, q.payload, q.status, q.created_ms, coalesce(f.attempts, 0), "
    "coalesce(f.error, '') FROM locus_queue q LEFT JOIN locus_queue_failures f ON f.seq = q.seq";

std::vector<QueueMessage> readMessages(const PgResult& r) {
  std::vector<QueueMessage> out;
  for (int i = 0; i < r.rows(); ++i) {
    QueueMessage m;
    m.seq = r.integer(i, 0);
    m.key = r.text(i, 1);
    m.topic = r.text(i, 2);
    m.payload = parseOr(r.text(i, 3), nullptr);
    m.status = r.text(i, 4);
    m.createdMs = r.integer(i, 5);
    m.attempts = static_cast<int>(r.integer(i, 6));
    m.lastError = r.text(i, 7);
    out.push_back(std::move(m));
  }
  return out;
}

// Serialises the transactions that count or change the runs of one flow-control key.
void lockKey(PgConnection& c, const char* kind, const std::string& key) {
  c.exec("SELECT pg_advisory_xact_lock(hashtextextended($1 || $2, 0))", {kind, key});
}

// Rate limit and debounce of a new run, inside the transaction that inserts it (run_flow.h).
void admitNewRun(PgConnection& c, RunRecord& run, int64_t now) {
  RunFlow& f = run.flow;
  if (!f.rateKey.empty()) {
    lockKey(c, "locus_rate/", f.rateKey);
    PgResult n = c.exec("SELECT count(*) FROM locus_runs WHERE rate_key = $1 AND created_ms > $2 "
                        "AND status <> 'skipped'",
                        {f.rateKey, num(now - f.ratePeriodMs)});
    if (rateLimited(n.integer(0, 0), f.rateLimit)) {
      run.status = "skipped";
      run.error = rateLimitedError(f);
      return;
    }
  }
  if (f.debounceKey.empty()) return;
  lockKey(c, "locus_debounce/", f.debounceKey);
  // A claim that locked a pending run first has made it running; the WHERE sees that.
  PgResult replaced = c.exec("UPDATE locus_runs SET status = 'skipped', error = $1, not_before = "
                             "0, wait_reason = '', updated_ms = $2 WHERE debounce_key = $3 AND "
                             "status = 'queued' AND started_ms = 0 RETURNING created_ms, flow",
                             {debouncedError(run.id).dump(), num(now), f.debounceKey});
  int64_t first = now;
  for (int i = 0; i < replaced.rows(); ++i) {
    RunFlow old;
    readFlowConfig(parseOr(replaced.text(i, 1), Json::object()), old);
    first = std::min(first, old.debounceFirstMs ? old.debounceFirstMs : replaced.integer(i, 0));
  }
  f.debounceFirstMs = first;
  run.notBeforeMs = debounceStartMs(now, f.debouncePeriodMs, f.debounceTimeoutMs, first);
  run.waitReason = "debounced";
}

// Inserts the run unless its ID exists, after its rate limit and debounce. Must run inside a
// transaction when the run has flow control (the key locks are transaction locks).
void insertRun(PgConnection& c, const RunRecord& r, bool* created) {
  int64_t now = nowMs();
  RunRecord run = r;
  if (run.status.empty()) run.status = "queued";
  if (!run.createdMs) run.createdMs = now;
  if (run.flow.any()) {
    if (c.exec("SELECT 1 FROM locus_runs WHERE id = $1", {r.id}).rows() > 0) {
      if (created) *created = false;
      return;
    }
    admitNewRun(c, run, now);
  }
  PgResult res = c.exec(
      "INSERT INTO locus_runs (id, workflow, program, status, input, error, grp, lim, created_ms, "
      "updated_ms, wake_at, priority, rank_ms, not_before, wait_reason, throttle_key, rate_key, "
      "debounce_key, flow) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
      "$15, $16, $17, $18, $19) ON CONFLICT (id) DO NOTHING",
      {run.id, run.workflow, run.programHash, run.status, run.input.dump(), jsonOrNull(run.error),
       run.group, num(run.limit), num(run.createdMs), num(now), num(run.wakeAtMs),
       num(run.flow.priority), num(startRank(run.createdMs, run.flow.priority, run.flow.agingMs)),
       num(run.notBeforeMs), run.waitReason, run.flow.throttleKey, run.flow.rateKey,
       run.flow.debounceKey, flowConfig(run.flow).dump()});
  if (created) *created = res.affected() > 0;
}

// Ready queued runs with the same `column` value that start before the run (rank, then seq).
int64_t readyAhead(PgConnection& c, const char* column, const std::string& value,
                   const RunRecord& r, int64_t seq, int64_t now) {
  int64_t rank = startRank(r.createdMs, r.flow.priority, r.flow.agingMs);
  return c
      .exec(std::string("SELECT count(*) FROM locus_runs WHERE ") + column +
                " = $1 AND status = 'queued' AND not_before <= $2 AND (rank_ms, seq) < "
                "($3::bigint, $4::bigint)" +
                (std::string(column) == "throttle_key" ? " AND started_ms = 0" : ""),
            {value, num(now), num(rank), num(seq)})
      .integer(0, 0);
}

// Throttle: admits a never-started run when its key's window has room; otherwise records when
// it can start next (notBefore) and why.
bool admitThrottled(PgConnection& c, const RunRecord& r, int64_t seq, int64_t now,
                    int64_t* aheadOut) {
  const RunFlow& f = r.flow;
  lockKey(c, "locus_throttle/", f.throttleKey);
  PgResult rows = c.exec("SELECT started_ms FROM locus_runs WHERE throttle_key = $1 AND "
                         "started_ms > $2 ORDER BY started_ms",
                         {f.throttleKey, num(now - f.throttlePeriodMs)});
  std::vector<int64_t> starts;
  for (int i = 0; i < rows.rows(); ++i) starts.push_back(rows.integer(i, 0));
  int64_t ahead = readyAhead(c, "throttle_key", f.throttleKey, r, seq, now);
  ThrottleDecision d = throttleAdmission(starts, ahead, f.throttleLimit, f.throttlePeriodMs, now);
  if (d.admit) return true;
  c.exec("UPDATE locus_runs SET not_before = $1, wait_reason = 'throttled' WHERE id = $2",
         {num(d.notBeforeMs), r.id});
  if (aheadOut) *aheadOut = ahead + 1;
  return false;
}

void sleepBeforeRetry(int attempt) {
  thread_local std::mt19937 rng{std::random_device{}()};
  int capMs = std::min(200, 5 << attempt);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution<int>(1, capMs)(rng)));
}

class PgStore : public Store {
public:
  explicit PgStore(const std::string& url) : pool_(url) {
    PgPooled c(pool_);
    if (c->exec(kSchemaIsCurrent).text(0, 0) == "t") return;
    c->script("BEGIN");
    try {
      c->exec(std::string("SELECT pg_advisory_xact_lock(") + kSchemaLockKey + ")");
      c->script(std::string(kSchema) + kPgQueueTableSql + kPgMigrationsTableSql);
      c->script(kUpgrade);
      c->script("COMMIT");
    } catch (...) {
      rollbackQuietly(*c);
      throw;
    }
  }

  std::unique_ptr<StoreTx> begin() override { return std::make_unique<PgTx>(pool_); }

  PluginStateRows pluginState(const std::string& plugin) override {
    PgPooled c(pool_);
    return readPluginState(*c, plugin);
  }

  void saveProgram(const std::string& hash, const std::string& irText) override {
    PgPooled c(pool_);
    c->exec("INSERT INTO locus_programs (hash, ir, created_ms) VALUES ($1, $2, $3) "
            "ON CONFLICT (hash) DO NOTHING",
            {hash, irText, num(nowMs())});
  }

  std::optional<std::string> loadProgram(const std::string& hash) override {
    PgPooled c(pool_);
    PgResult r = c->exec("SELECT ir FROM locus_programs WHERE hash = $1", {hash});
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
  }

  std::optional<std::string> latestProgramHash() override {
    PgPooled c(pool_);
    PgResult r =
        c->exec("SELECT hash FROM locus_programs ORDER BY created_ms DESC, seq DESC LIMIT 1");
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
  }

  bool createRun(const RunRecord& r) override {
    bool created = false;
    if (r.flow.any()) { // its key locks and counts need a transaction
      write([&](PgConnection& c) { insertRun(c, r, &created); });
      return created;
    }
    PgPooled c(pool_);
    insertRun(*c, r, &created);
    return created;
  }

  std::optional<RunRecord> getRun(const std::string& id) override {
    PgPooled c(pool_);
    PgResult r =
        c->exec(std::string("SELECT ") + kRunColumns + " FROM locus_runs WHERE id = $1", {id});
    if (r.rows() == 0) return std::nullopt;
    return readRun(r, 0);
  }

  std::vector<RunRecord> listRuns(size_t limit, const std::string& status) override {
    PgPooled c(pool_);
    return readRuns(c->exec(std::string("SELECT ") + kRunColumns +
                                " FROM locus_runs WHERE ($1 = '' OR status = $1) ORDER BY "
                                "created_ms DESC, seq DESC LIMIT $2",
                            {status, num(static_cast<int64_t>(limit))}));
  }

  std::vector<RunRecord> queryRuns(const RunQuery& q) override {
    PgPooled c(pool_);
    return readRuns(
        c->exec(std::string("SELECT ") + kRunColumns +
                    " FROM locus_runs WHERE ($1 = '' OR workflow = $1) AND ($2 = '' "
                    "OR status = $2) AND created_ms >= $3 ORDER BY created_ms DESC, "
                    "seq DESC LIMIT $4 OFFSET $5",
                {q.workflow, q.status, num(q.sinceMs), num(static_cast<int64_t>(q.limit)),
                 num(static_cast<int64_t>(q.offset))}));
  }

  Json statistics(int64_t now) override {
    PgPooled c(pool_);
    Json out = {{"runs", Json::array()}, {"queue", Json::array()}, {"timersDue", 0}};
    PgResult runs = c->exec("SELECT workflow, status, count(*) FROM locus_runs GROUP BY "
                            "workflow, status ORDER BY 1, 2");
    for (int i = 0; i < runs.rows(); ++i)
      out["runs"].push_back({{"workflow", runs.text(i, 0)},
                             {"status", runs.text(i, 1)},
                             {"count", runs.integer(i, 2)}});
    PgResult queue = c->exec(
        "SELECT topic, status, count(*) FROM locus_queue GROUP BY topic, status ORDER BY 1, 2");
    for (int i = 0; i < queue.rows(); ++i)
      out["queue"].push_back({{"topic", queue.text(i, 0)},
                              {"status", queue.text(i, 1)},
                              {"count", queue.integer(i, 2)}});
    PgResult due = c->exec("SELECT count(*) FROM locus_runs WHERE status = 'waiting' AND "
                           "wake_at > 0 AND wake_at <= $1",
                           {num(now)});
    out["timersDue"] = due.integer(0, 0);
    return out;
  }

  std::vector<std::string> endedRunsBefore(int64_t cutoffMs, size_t limit) override {
    PgPooled c(pool_);
    PgResult r =
        c->exec("SELECT id FROM locus_runs WHERE status IN ('completed', 'failed', "
                "'cancelled', 'terminated', 'skipped') AND updated_ms < $1 ORDER BY updated_ms "
                "LIMIT $2",
                {num(cutoffMs), num(static_cast<int64_t>(limit))});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
  }

  void deleteRuns(const std::vector<std::string>& ids) override {
    write([&](PgConnection& c) {
      for (const std::string& id : ids) {
        for (const char* table :
             {"locus_checkpoints", "locus_timers", "locus_signals", "locus_trace"})
          c.exec(std::string("DELETE FROM ") + table + " WHERE run_id = $1", {id});
        c.exec("DELETE FROM locus_runs WHERE id = $1", {id});
      }
    });
  }

  size_t pruneMessages(int64_t cutoffMs) override {
    size_t n = 0;
    write([&](PgConnection& c) {
      c.exec("DELETE FROM locus_queue_failures WHERE seq IN (SELECT seq FROM locus_queue WHERE "
             "status IN ('delivered', 'dropped') AND created_ms < $1)",
             {num(cutoffMs)});
      n = static_cast<size_t>(c.exec("DELETE FROM locus_queue WHERE status IN ('delivered', "
                                     "'dropped') AND created_ms < $1",
                                     {num(cutoffMs)})
                                  .affected());
    });
    return n;
  }

  bool claimRun(const std::string& id, const std::string& owner, int64_t leaseMs,
                const std::function<bool(const std::string&)>& isDead, int64_t* aheadOut) override {
    bool claimed = false;
    write([&](PgConnection& c) {
      claimed = false;
      // The row lock orders concurrent claimers: the second sees the first one's lease.
      PgResult row = c.exec(std::string("SELECT ") + kRunColumns + ", " + kServerNowMs +
                                ", seq FROM locus_runs WHERE id = $1 FOR UPDATE",
                            {id});
      if (row.rows() == 0) return;
      RunRecord r = readRun(row, 0);
      int64_t seq = row.integer(0, kRunColumnCount + 1);
      int64_t now = row.integer(0, kRunColumnCount);
      if (r.status == "completed" || r.status == "cancelled" || r.status == "terminated" ||
          r.status == "skipped")
        return;
      bool heldByOther = r.status == "running" && r.leaseOwner != owner && r.leaseUntilMs > now &&
                         !(isDead && isDead(r.leaseOwner));
      if (heldByOther) return;
      // Flow control compares with this process's clock, as the runs' times were written.
      int64_t localNow = nowMs();
      if (r.status == "queued" && r.notBeforeMs > localNow) { // debounce window, throttle
        if (aheadOut) *aheadOut = 1;
        return;
      }
      if (r.status != "running" && !r.group.empty() && r.limit > 0) {
        // Counting the group's running runs and taking a slot must not interleave with another
        // claimer of the same group (two could both see a free slot).
        c.exec("SELECT pg_advisory_xact_lock(hashtextextended('locus_group/' || $1, 0))",
               {r.group});
        PgResult count = c.exec("SELECT count(*) FROM locus_runs WHERE grp = $1 AND status = "
                                "'running' AND id <> $2",
                                {r.group, id});
        int64_t running = count.integer(0, 0);
        // Strict order: a queued run waits for every ready queued run of its group that starts
        // before it (rank, then seq). Read after taking the group lock, so a claim committed by
        // another worker is already visible.
        int64_t olderQueued =
            r.status != "queued" ? 0 : readyAhead(c, "grp", r.group, r, seq, localNow);
        if (running >= r.limit || olderQueued > 0) {
          if (aheadOut) *aheadOut = olderQueued + (running >= r.limit ? 1 : 0);
          return;
        }
      }
      if (r.status == "queued" && r.startedMs == 0 && !r.flow.throttleKey.empty() &&
          !admitThrottled(c, r, seq, localNow, aheadOut))
        return;
      c.exec(std::string("UPDATE locus_runs SET status = 'running', lease_owner = $1, "
                         "lease_until = ") +
                 kServerNowMs +
                 " + $2, updated_ms = $3, started_ms = CASE started_ms WHEN 0 THEN $3 ELSE "
                 "started_ms END, not_before = 0, wait_reason = '' WHERE id = $4",
             {owner, num(leaseMs), num(localNow), id});
      claimed = true;
    });
    return claimed;
  }

  bool renewLease(const std::string& id, const std::string& owner, int64_t leaseMs) override {
    PgPooled c(pool_);
    return c->exec(std::string("UPDATE locus_runs SET lease_until = ") + kServerNowMs +
                       " + $1 WHERE id = $2 AND lease_owner = $3 AND status = 'running'",
                   {num(leaseMs), id, owner})
               .affected() > 0;
  }

  void finishRun(const std::string& id, const std::string& owner, const std::string& status,
                 const Json& output, const Json& error, int64_t wakeAtMs) override {
    PgPooled c(pool_);
    c->exec(
        "UPDATE locus_runs SET status = $1, output = $2, error = $3, lease_owner = '', "
        "lease_until = 0, wake_at = $4, updated_ms = $5 WHERE id = $6 AND lease_owner = $7",
        {status, jsonOrNull(output), jsonOrNull(error), num(wakeAtMs), num(nowMs()), id, owner});
  }

  std::vector<RunRecord> runnableRuns(int64_t now, size_t limit) override {
    PgPooled c(pool_);
    return readRuns(c->exec(std::string("SELECT ") + kRunColumns +
                                " FROM locus_runs WHERE (status = 'queued' AND not_before <= "
                                "$1) OR status = 'running' OR (status = 'waiting' AND wake_at > "
                                "0 AND wake_at <= $1) ORDER BY rank_ms, seq LIMIT $2",
                            {num(now), num(static_cast<int64_t>(limit))}));
  }

  bool endRun(const std::string& id, const std::string& status, const Json& error) override {
    bool ended = false;
    write([&](PgConnection& c) {
      ended = c.exec("UPDATE locus_runs SET status = $1, error = $2, lease_owner = '', "
                     "lease_until = 0, wake_at = 0, updated_ms = $3 WHERE id = $4 AND status NOT "
                     "IN ('completed', 'failed', 'cancelled', 'terminated', 'skipped')",
                     {status, error.dump(), num(nowMs()), id})
                  .affected() > 0;
    });
    return ended;
  }

  bool moveRunToProgram(const std::string& id, const std::string& fromHash,
                        const std::string& toHash) override {
    bool moved = false;
    write([&](PgConnection& c) {
      moved = c.exec("UPDATE locus_runs SET program = $1, updated_ms = $2 WHERE id = $3 AND "
                     "program = $4 AND status IN ('failed', 'waiting')",
                     {toHash, num(nowMs()), id, fromHash})
                  .affected() > 0;
    });
    return moved;
  }

  void makeRunnable(const std::string& id) override {
    PgPooled c(pool_);
    c->exec("UPDATE locus_runs SET wake_at = $1 WHERE id = $2 AND status = 'waiting'",
            {num(nowMs()), id});
  }

  std::optional<int64_t> scheduleMark(const std::string& schedule) override {
    PgPooled c(pool_);
    PgResult r =
        c->exec("SELECT through_minute FROM locus_schedules WHERE schedule = $1", {schedule});
    if (r.rows() == 0) return std::nullopt;
    return r.integer(0, 0);
  }

  bool advanceSchedule(const std::string& schedule, int64_t throughMinuteMs,
                       const std::vector<RunRecord>& runs) override {
    bool advanced = false;
    write([&](PgConnection& c) {
      // A concurrent advancer of the same schedule waits on the row lock and then re-checks the
      // WHERE against the committed mark, so exactly one of them moves it to a given minute.
      advanced = c.exec("INSERT INTO locus_schedules VALUES ($1, $2, $3) ON CONFLICT (schedule) "
                        "DO UPDATE SET through_minute = EXCLUDED.through_minute, updated_ms = "
                        "EXCLUDED.updated_ms WHERE locus_schedules.through_minute < "
                        "EXCLUDED.through_minute",
                        {schedule, num(throughMinuteMs), num(nowMs())})
                     .affected() > 0;
      if (!advanced) return;
      for (const RunRecord& r : runs) insertRun(c, r, nullptr);
    });
    return advanced;
  }

  bool pauseSchedules(const std::string& workflow, const Json& audit) override {
    bool added = false;
    write([&](PgConnection& c) {
      added = c.exec("INSERT INTO locus_schedule_pauses VALUES ($1, $2) ON CONFLICT DO NOTHING",
                     {workflow, audit.dump()})
                  .affected() > 0;
    });
    return added;
  }

  bool resumeSchedules(const std::string& workflow) override {
    bool removed = false;
    write([&](PgConnection& c) {
      removed =
          c.exec("DELETE FROM locus_schedule_pauses WHERE workflow = $1", {workflow}).affected() >
          0;
    });
    return removed;
  }

  std::map<std::string, Json> pausedSchedules() override {
    PgPooled c(pool_);
    PgResult r = c->exec("SELECT workflow, audit FROM locus_schedule_pauses", {});
    std::map<std::string, Json> out;
    for (int i = 0; i < r.rows(); ++i) out[r.text(i, 0)] = parseOr(r.text(i, 1), Json::object());
    return out;
  }

  std::vector<std::pair<std::string, Json>> checkpoints(const std::string& run) override {
    PgPooled c(pool_);
    PgResult r = c->exec("SELECT step_id, result FROM locus_checkpoints WHERE run_id = $1", {run});
    std::vector<std::pair<std::string, Json>> out;
    for (int i = 0; i < r.rows(); ++i)
      out.emplace_back(r.text(i, 0), parseOr(r.text(i, 1), nullptr));
    return out;
  }

  std::optional<Json> checkpoint(const std::string& run, const std::string& step) override {
    PgPooled c(pool_);
    PgResult r = c->exec("SELECT result FROM locus_checkpoints WHERE run_id = $1 AND step_id = $2",
                         {run, step});
    if (r.rows() == 0) return std::nullopt;
    return parseOr(r.text(0, 0), nullptr);
  }

  int64_t ensureTimer(const std::string& run, const std::string& step, int64_t fireAtMs) override {
    PgPooled c(pool_);
    // The first caller's time stands: a resumed run waits for the timer it set before.
    PgResult r = c->exec("WITH added AS (INSERT INTO locus_timers VALUES ($1, $2, $3) "
                         "ON CONFLICT DO NOTHING RETURNING fire_at) "
                         "SELECT fire_at FROM added UNION ALL "
                         "SELECT fire_at FROM locus_timers WHERE run_id = $1 AND step_id = $2",
                         {run, step, num(fireAtMs)});
    return r.rows() > 0 ? r.integer(0, 0) : fireAtMs;
  }

  void deleteCheckpoints(const std::string& run, const std::vector<std::string>& steps) override {
    write([&](PgConnection& c) {
      for (const std::string& step : steps)
        c.exec("DELETE FROM locus_checkpoints WHERE run_id = $1 AND step_id = $2", {run, step});
    });
  }

  bool sendSignal(const std::string& run, const std::string& name, const Json& payload) override {
    bool added = false;
    write([&](PgConnection& c) {
      added = c.exec("INSERT INTO locus_signals VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                     {run, name, payload.dump(), num(nowMs())})
                  .affected() > 0;
      c.exec("UPDATE locus_runs SET wake_at = $1 WHERE id = $2 AND status = 'waiting'",
             {num(nowMs()), run});
    });
    return added;
  }

  std::optional<Json> signal(const std::string& run, const std::string& name) override {
    PgPooled c(pool_);
    PgResult r =
        c->exec("SELECT payload FROM locus_signals WHERE run_id = $1 AND name = $2", {run, name});
    if (r.rows() == 0) return std::nullopt;
    return parseOr(r.text(0, 0), nullptr);
  }

  std::vector<QueueMessage> pendingMessages(size_t limit) override {
    PgPooled c(pool_);
    return readMessages(c->exec(std::string(kMessageSelect) +
                                    " WHERE q.status = 'pending' AND (f.retry_at IS NULL OR "
                                    "f.retry_at <= $2) ORDER BY q.seq LIMIT $1",
                                {num(static_cast<int64_t>(limit)), num(nowMs())}));
  }

  std::vector<QueueMessage> messages(const std::string& topic) override {
    PgPooled c(pool_);
    return readMessages(c->exec(
        std::string(kMessageSelect) + " WHERE $1 = '' OR q.topic = $1 ORDER BY q.seq", {topic}));
  }

  bool failDelivery(int64_t seq, const std::string& error, int deadAfter,
                    int64_t retryAtMs) override {
    bool dead = false;
    write([&](PgConnection& c) {
      c.exec("INSERT INTO locus_queue_failures VALUES ($1, 1, $2, $3, $4) ON CONFLICT (seq) DO "
             "UPDATE SET attempts = locus_queue_failures.attempts + 1, retry_at = $2, error = $3, "
             "updated_ms = $4",
             {num(seq), num(retryAtMs), error, num(nowMs())});
      dead = c.exec("UPDATE locus_queue SET status = 'dead' WHERE seq = $1 AND status = "
                    "'pending' AND (SELECT attempts FROM locus_queue_failures WHERE seq = $1) >= "
                    "$2",
                    {num(seq), num(deadAfter)})
                 .affected() > 0;
    });
    return dead;
  }

  bool moveMessage(int64_t seq, const std::string& from, const std::string& to) override {
    bool moved = false;
    write([&](PgConnection& c) {
      moved = c.exec("UPDATE locus_queue SET status = $1 WHERE seq = $2 AND status = $3",
                     {to, num(seq), from})
                  .affected() > 0;
      if (moved && to == "pending")
        c.exec("DELETE FROM locus_queue_failures WHERE seq = $1", {num(seq)});
    });
    return moved;
  }

  bool deliverMessage(int64_t seq, const std::vector<RunRecord>& runs) override {
    bool delivered = false;
    write([&](PgConnection& c) {
      // Exactly one deliverer flips the message. A worker that reaches a message another one is
      // delivering right now waits for that transaction instead of skipping ahead: workers take
      // messages in publish order, so the runs they start get their insertion sequence (the FIFO
      // order of a concurrency group) in publish order too.
      delivered = c.exec("UPDATE locus_queue SET status = 'delivered', delivered_ms = $1 WHERE "
                         "seq = (SELECT seq FROM locus_queue WHERE seq = $2 AND status = "
                         "'pending' FOR UPDATE)",
                         {num(nowMs()), num(seq)})
                      .affected() > 0;
      if (!delivered) return;
      for (const RunRecord& r : runs) insertRun(c, r, nullptr);
    });
    return delivered;
  }

  std::vector<Json> trace(const std::string& run) override {
    PgPooled c(pool_);
    PgResult r = c->exec("SELECT event FROM locus_trace WHERE run_id = $1 ORDER BY seq", {run});
    std::vector<Json> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(parseOr(r.text(i, 0), nullptr));
    return out;
  }

  void appendTrace(const std::string& run, const Json& event) override {
    PgPooled c(pool_);
    c->exec("INSERT INTO locus_trace (run_id, event) VALUES ($1, $2)", {run, event.dump()});
  }

  std::vector<std::string> appliedMigrations() override {
    PgPooled c(pool_);
    PgResult r = c->exec("SELECT name FROM locus_migrations ORDER BY name");
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
  }

  std::optional<std::string> migrationChecksum(const std::string& name) override {
    PgPooled c(pool_);
    PgResult r = c->exec("SELECT checksum FROM locus_migrations WHERE name = $1", {name});
    if (r.rows() == 0) return std::nullopt;
    return r.text(0, 0);
  }

  void applyMigration(const std::string& name, const std::string& checksum,
                      const std::string& sql) override {
    PgPooled c(pool_);
    // Workers starting together: one applies, the others wait and then find it recorded.
    c->exec(std::string("SELECT pg_advisory_lock(") + kMigrationLockKey + ")");
    try {
      if (c->exec("SELECT 1 FROM locus_migrations WHERE name = $1", {name}).rows() == 0)
        applyLocked(*c, name, checksum, sql);
    } catch (...) {
      rollbackQuietly(*c);
      unlockQuietly(*c);
      throw;
    }
    unlockQuietly(*c);
  }

private:
  // The sql generator's PostgreSQL migrations run their own transaction: the record goes in before
  // their last COMMIT, so applying and recording stay one atomic step. The name and checksum
  // reach it as session settings set with parameters, never spliced into the SQL text.
  static void applyLocked(PgConnection& c, const std::string& name, const std::string& checksum,
                          const std::string& sql) {
    c.exec("SELECT set_config('locus.migration_name', $1, false), "
           "set_config('locus.migration_checksum', $2, false)",
           {name, checksum});
    std::string record =
        std::string(
            "\nINSERT INTO locus_migrations VALUES (current_setting('locus.migration_name'), "
            "current_setting('locus.migration_checksum'), ") +
        kServerNowMs + ") ON CONFLICT (name) DO NOTHING;"; // a generated file records itself
    size_t commit = sql.rfind("\nCOMMIT;");
    bool ownTransaction = sql.rfind("BEGIN;", 0) == 0 || sql.find("\nBEGIN;") != std::string::npos;
    if (ownTransaction && commit != std::string::npos) {
      c.script(sql.substr(0, commit) + record + sql.substr(commit));
      return;
    }
    c.script("BEGIN");
    c.script(sql);
    c.script(record);
    c.script("COMMIT");
  }

  static void rollbackQuietly(PgConnection& c) {
    try {
      if (c.healthy() && c.inTransaction()) c.script("ROLLBACK");
    } catch (...) {
    }
  }

  static void unlockQuietly(PgConnection& c) {
    try {
      if (c.healthy()) c.exec(std::string("SELECT pg_advisory_unlock(") + kMigrationLockKey + ")");
    } catch (...) {
    }
  }

  // One short read-committed transaction; a serialization failure or deadlock is retried with a
  // short random back-off, at most kMaxBusyAttempts times, then reported.
  template <class F> void write(F&& body) {
    for (int attempt = 1;; ++attempt) {
      PgPooled c(pool_);
      try {
        c->script("BEGIN");
        body(*c);
        c->script("COMMIT");
        return;
      } catch (const PgBusy&) {
        rollbackQuietly(*c);
        if (attempt >= kMaxBusyAttempts) throw;
      } catch (...) {
        rollbackQuietly(*c);
        throw;
      }
      sleepBeforeRetry(attempt);
    }
  }

  PgPool pool_;
};

} // namespace

bool isPostgresUrl(const std::string& url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

std::unique_ptr<Store> openPostgresStore(const std::string& url) {
  return std::make_unique<PgStore>(url);
}

} // namespace locus::rt
