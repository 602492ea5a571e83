// The SQLite state store (`.locus/state.db`, WAL). The engine's tables are prefixed `locus_` so
// they live beside the app's entity tables in one database: a db_tx commits entity rows, its
// checkpoint and its queue messages in one SQLite transaction.
#include "runtime/store/sqlite_store_impl.h"

#include <chrono>
#include <sqlite3.h>

namespace locus::rt {

int64_t nowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS locus_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO locus_meta VALUES ('storeVersion', '1');
CREATE TABLE IF NOT EXISTS locus_programs (
  hash TEXT PRIMARY KEY, ir TEXT NOT NULL, created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS locus_runs (
  id TEXT PRIMARY KEY, workflow TEXT NOT NULL, program TEXT NOT NULL, status TEXT NOT NULL,
  input TEXT NOT NULL, output TEXT, error TEXT, grp TEXT NOT NULL DEFAULT '',
  lim INTEGER NOT NULL DEFAULT 0, lease_owner TEXT NOT NULL DEFAULT '',
  lease_until INTEGER NOT NULL DEFAULT 0, wake_at INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS locus_runs_active ON locus_runs(status, grp)
  WHERE status IN ('queued', 'running', 'waiting');
CREATE TABLE IF NOT EXISTS locus_checkpoints (
  run_id TEXT NOT NULL, step_id TEXT NOT NULL, result TEXT NOT NULL,
  completed_ms INTEGER NOT NULL, PRIMARY KEY (run_id, step_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS locus_timers (
  run_id TEXT NOT NULL, step_id TEXT NOT NULL, fire_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, step_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS locus_signals (
  run_id TEXT NOT NULL, name TEXT NOT NULL, payload TEXT NOT NULL, created_ms INTEGER NOT NULL,
  PRIMARY KEY (run_id, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS locus_queue (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, topic TEXT NOT NULL,
  payload TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending', created_ms INTEGER NOT NULL,
  delivered_ms INTEGER);
CREATE INDEX IF NOT EXISTS locus_queue_pending ON locus_queue(seq) WHERE status = 'pending';
CREATE TABLE IF NOT EXISTS locus_queue_failures (
  seq INTEGER PRIMARY KEY, attempts INTEGER NOT NULL, retry_at INTEGER NOT NULL,
  error TEXT NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS locus_trace (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, event TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS locus_trace_run ON locus_trace(run_id, seq);
CREATE TABLE IF NOT EXISTS locus_schedules (
  schedule TEXT PRIMARY KEY, through_minute INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS locus_schedule_pauses (
  workflow TEXT PRIMARY KEY, audit TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS locus_plugin_state (
  plugin TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, checksum TEXT NOT NULL,
  PRIMARY KEY (plugin, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS locus_migrations (
  name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_ms INTEGER NOT NULL);
)sql";

// Flow control (store version 2): columns a database made by an older locus lacks, added on open.
// Existing runs keep their order: their rank is their creation time.
constexpr const char* kFlowUpgrade = R"sql(
ALTER TABLE locus_runs ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE locus_runs ADD COLUMN rank_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE locus_runs ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;
ALTER TABLE locus_runs ADD COLUMN started_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE locus_runs ADD COLUMN wait_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE locus_runs ADD COLUMN throttle_key TEXT NOT NULL DEFAULT '';
ALTER TABLE locus_runs ADD COLUMN rate_key TEXT NOT NULL DEFAULT '';
ALTER TABLE locus_runs ADD COLUMN debounce_key TEXT NOT NULL DEFAULT '';
ALTER TABLE locus_runs ADD COLUMN flow TEXT NOT NULL DEFAULT '{}';
UPDATE locus_runs SET rank_ms = created_ms;
CREATE INDEX IF NOT EXISTS locus_runs_throttle ON locus_runs(throttle_key, started_ms)
  WHERE throttle_key <> '';
CREATE INDEX IF NOT EXISTS locus_runs_rate ON locus_runs(rate_key, created_ms) WHERE rate_key <> '';
CREATE INDEX IF NOT EXISTS locus_runs_debounce ON locus_runs(debounce_key)
  WHERE debounce_key <> '' AND status = 'queued';
UPDATE locus_meta SET value = '2' WHERE key = 'storeVersion';
)sql";

Json parseOr(const std::string& text, Json fallback) {
  if (text.empty()) return fallback;
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

constexpr const char* kMessageSelect =
    "SELECT q.seq, q.key, q.topic, q.payload, q.status, q.created_ms, coalesce(f.attempts, 0), "
    "coalesce(f.error, '') FROM locus_queue q LEFT JOIN locus_queue_failures f ON f.seq = q.seq";

constexpr const char* kRunColumns =
    "id, workflow, program, status, input, output, error, grp, lim, lease_owner, lease_until, "
    "wake_at, created_ms, updated_ms, priority, not_before, started_ms, wait_reason, "
    "throttle_key, rate_key, debounce_key, flow";

RunRecord readRun(SqliteStatement& st) {
  RunRecord r;
  r.id = st.text(0);
  r.workflow = st.text(1);
  r.programHash = st.text(2);
  r.status = st.text(3);
  r.input = parseOr(st.text(4), Json::object());
  r.output = st.isNull(5) ? Json(nullptr) : parseOr(st.text(5), nullptr);
  r.error = st.isNull(6) ? Json(nullptr) : parseOr(st.text(6), nullptr);
  r.group = st.text(7);
  r.limit = st.integer(8);
  r.leaseOwner = st.text(9);
  r.leaseUntilMs = st.integer(10);
  r.wakeAtMs = st.integer(11);
  r.createdMs = st.integer(12);
  r.updatedMs = st.integer(13);
  readFlowConfig(parseOr(st.text(21), Json::object()), r.flow);
  r.flow.priority = st.integer(14);
  r.notBeforeMs = st.integer(15);
  r.startedMs = st.integer(16);
  r.waitReason = st.text(17);
  r.flow.throttleKey = st.text(18);
  r.flow.rateKey = st.text(19);
  r.flow.debounceKey = st.text(20);
  return r;
}

class SqliteStore : public Store {
public:
  SqliteStore(const std::string& path, SqliteOptions options) : pool_(path, options) {
    PooledDb db(pool_);
    db->exec("BEGIN IMMEDIATE");
    try {
      db->exec(kSchema);
      if (count(*db, "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", "locus_runs",
                "rank_ms") == 0)
        db->exec(kFlowUpgrade);
      db->exec("COMMIT");
    } catch (...) {
      db->exec("ROLLBACK");
      throw;
    }
  }

  std::unique_ptr<StoreTx> begin() override { return std::make_unique<SqliteTx>(pool_); }

  PluginStateRows pluginState(const std::string& plugin) override {
    PooledDb db(pool_);
    return readPluginState(*db, plugin);
  }

  void saveProgram(const std::string& hash, const std::string& irText) override {
    write([&](SqliteDb& db) {
      db.prepared("INSERT OR IGNORE INTO locus_programs VALUES (?, ?, ?)")
          .bindText(1, hash)
          .bindText(2, irText)
          .bindInt(3, nowMs())
          .step();
    });
  }

  std::optional<std::string> loadProgram(const std::string& hash) override {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared("SELECT ir FROM locus_programs WHERE hash = ?");
    st.bindText(1, hash);
    if (!st.step()) return std::nullopt;
    return st.text(0);
  }

  std::optional<std::string> latestProgramHash() override {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared(
        "SELECT hash FROM locus_programs ORDER BY created_ms DESC, rowid DESC LIMIT 1");
    if (!st.step()) return std::nullopt;
    return st.text(0);
  }

  bool createRun(const RunRecord& r) override {
    bool created = false;
    write([&](SqliteDb& db) { created = insertRun(db, r); });
    return created;
  }

  std::optional<RunRecord> getRun(const std::string& id) override {
    PooledDb db(pool_);
    SqliteStatement& st =
        db->prepared(std::string("SELECT ") + kRunColumns + " FROM locus_runs WHERE id = ?");
    st.bindText(1, id);
    if (!st.step()) return std::nullopt;
    return readRun(st);
  }

  std::vector<RunRecord> listRuns(size_t limit, const std::string& status) override {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared(std::string("SELECT ") + kRunColumns +
                                       " FROM locus_runs WHERE (?1 = '' OR status = ?1) ORDER BY "
                                       "created_ms DESC, rowid DESC LIMIT ?2");
    st.bindText(1, status).bindInt(2, static_cast<int64_t>(limit));
    std::vector<RunRecord> out;
    while (st.step()) out.push_back(readRun(st));
    return out;
  }

  std::vector<RunRecord> queryRuns(const RunQuery& q) override {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared(
        std::string("SELECT ") + kRunColumns +
        " FROM locus_runs WHERE (?1 = '' OR workflow = ?1) AND (?2 = '' OR status = ?2) AND "
        "created_ms >= ?3 ORDER BY created_ms DESC, rowid DESC LIMIT ?4 OFFSET ?5");
    st.bindText(1, q.workflow)
        .bindText(2, q.status)
        .bindInt(3, q.sinceMs)
        .bindInt(4, static_cast<int64_t>(q.limit))
        .bindInt(5, static_cast<int64_t>(q.offset));
    std::vector<RunRecord> out;
    while (st.step()) out.push_back(readRun(st));
    return out;
  }

  Json statistics(int64_t now) override {
    PooledDb db(pool_);
    Json out = {{"runs", Json::array()}, {"queue", Json::array()}, {"timersDue", 0}};
    SqliteStatement& runs = db->prepared("SELECT workflow, status, count(*) FROM locus_runs GROUP "
                                         "BY workflow, status ORDER BY 1, 2");
    while (runs.step())
      out["runs"].push_back(
          {{"workflow", runs.text(0)}, {"status", runs.text(1)}, {"count", runs.integer(2)}});
    SqliteStatement& queue = db->prepared(
        "SELECT topic, status, count(*) FROM locus_queue GROUP BY topic, status ORDER BY 1, 2");
    while (queue.step())
      out["queue"].push_back(
          {{"topic", queue.text(0)}, {"status", queue.text(1)}, {"count", queue.integer(2)}});
    SqliteStatement& due = db->prepared("SELECT count(*) FROM locus_runs WHERE status = 'waiting' "
                                        "AND wake_at > 0 AND wake_at <= ?");
    due.bindInt(1, now);
    if (due.step()) out["timersDue"] = due.integer(0);
    due.reset();
    return out;
  }

  std::vector<std::string> endedRunsBefore(int64_t cutoffMs, size_t limit) override {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared(
        "SELECT id FROM locus_runs WHERE status IN ('completed', 'failed', 'cancelled', "
        "'terminated', 'skipped') AND updated_ms < ? ORDER BY updated_ms LIMIT ?");
    st.bindInt(1, cutoffMs).bindInt(2, static_cast<int64_t>(limit));
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
  }

  void deleteRuns(const std::vector<std::string>& ids) override {
    write([&](SqliteDb& db) {
      for (const std::string& id : ids)
        for (const char* table :
             {"locus_checkpoints", "locus_timers", "locus_signals", "locus_trace"})
          db.prepared(std::string("DELETE FROM ") + table + " WHERE run_id = ?")
              .bindText(1, id)
              .step();
      for (const std::string& id : ids)
        db.prepared("DELETE FROM locus_runs WHERE id = ?").bindText(1, id).step();
    });
  }

  size_t pruneMessages(int64_t cutoffMs) override {
    size_t n = 0;
    write([&](SqliteDb& db) {
      db.prepared("DELETE FROM locus_queue_failures WHERE seq IN (SELECT seq FROM locus_queue "
                  "WHERE status IN ('delivered', 'dropped') AND created_ms < ?)")
          .bindInt(1, cutoffMs)
          .step();
      db.prepared("DELETE FROM locus_queue WHERE status IN ('delivered', 'dropped') AND "
                  "created_ms < ?")
          .bindInt(1, cutoffMs)
          .step();
      n = static_cast<size_t>(db.changes());
    });
    return n;
  }

  bool claimRun(const std::string& id, const std::string& owner, int64_t leaseMs,
                const std::function<bool(const std::string&)>& isDead, int64_t* aheadOut) override {
    bool claimed = false;
    write([&](SqliteDb& db) {
      SqliteStatement& st =
          db.prepared(std::string("SELECT ") + kRunColumns + " FROM locus_runs WHERE id = ?");
      st.bindText(1, id);
      if (!st.step()) return;
      RunRecord r = readRun(st);
      st.reset();
      int64_t now = nowMs();
      if (r.status == "completed" || r.status == "cancelled" || r.status == "terminated" ||
          r.status == "skipped")
        return;
      bool heldByOther = r.status == "running" && r.leaseOwner != owner && r.leaseUntilMs > now &&
                         !(isDead && isDead(r.leaseOwner));
      if (heldByOther) return;
      if (r.status == "queued" && r.notBeforeMs > now) { // debounce window, throttle
        if (aheadOut) *aheadOut = 1;
        return;
      }
      if (r.status != "running" && !r.group.empty() && r.limit > 0) {
        int64_t running = count(db,
                                "SELECT count(*) FROM locus_runs WHERE grp = ? AND status = "
                                "'running' AND id <> ?",
                                r.group, id);
        // Strict order: a queued run waits for every ready queued run of its group that starts
        // before it (rank, then insertion).
        int64_t olderQueued = r.status != "queued" ? 0 : readyAhead(db, "grp", r.group, id, now);
        if (running >= r.limit || olderQueued > 0) {
          if (aheadOut) *aheadOut = olderQueued + (running >= r.limit ? 1 : 0);
          return;
        }
      }
      if (r.status == "queued" && r.startedMs == 0 && !r.flow.throttleKey.empty() &&
          !admitThrottled(db, r, now, aheadOut))
        return;
      db.prepared("UPDATE locus_runs SET status = 'running', lease_owner = ?, lease_until = ?, "
                  "updated_ms = ?, started_ms = CASE started_ms WHEN 0 THEN ?3 ELSE started_ms "
                  "END, not_before = 0, wait_reason = '' WHERE id = ?")
          .bindText(1, owner)
          .bindInt(2, now + leaseMs)
          .bindInt(3, now)
          .bindText(4, id)
          .step();
      claimed = true;
    });
    return claimed;
  }

  bool renewLease(const std::string& id, const std::string& owner, int64_t leaseMs) override {
    bool renewed = false;
    write([&](SqliteDb& db) {
      db.prepared("UPDATE locus_runs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND "
                  "status = 'running'")
          .bindInt(1, nowMs() + leaseMs)
          .bindText(2, id)
          .bindText(3, owner)
          .step();
      renewed = db.changes() > 0;
    });
    return renewed;
  }

  void finishRun(const std::string& id, const std::string& owner, const std::string& status,
                 const Json& output, const Json& error, int64_t wakeAtMs) override {
    write([&](SqliteDb& db) {
      SqliteStatement& st = db.prepared(
          "UPDATE locus_runs SET status = ?, output = ?, error = ?, lease_owner = '', "
          "lease_until = 0, wake_at = ?, updated_ms = ? WHERE id = ? AND lease_owner = ?");
      st.bindText(1, status);
      if (output.is_null())
        st.bindNull(2);
      else
        st.bindText(2, output.dump());
      if (error.is_null())
        st.bindNull(3);
      else
        st.bindText(3, error.dump());
      st.bindInt(4, wakeAtMs).bindInt(5, nowMs()).bindText(6, id).bindText(7, owner).step();
    });
  }

  std::vector<RunRecord> runnableRuns(int64_t now, size_t limit) override {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared(
        std::string("SELECT ") + kRunColumns +
        " FROM locus_runs WHERE (status = 'queued' AND not_before <= ?1) OR status = 'running' "
        "OR (status = 'waiting' AND wake_at > 0 AND wake_at <= ?1) ORDER BY rank_ms, rowid LIMIT "
        "?2");
    st.bindInt(1, now).bindInt(2, static_cast<int64_t>(limit));
    std::vector<RunRecord> out;
    while (st.step()) out.push_back(readRun(st));
    return out;
  }

  bool endRun(const std::string& id, const std::string& status, const Json& error) override {
    bool ended = false;
    write([&](SqliteDb& db) {
      db.prepared("UPDATE locus_runs SET status = ?, error = ?, lease_owner = '', lease_until = 0, "
                  "wake_at = 0, updated_ms = ? WHERE id = ? AND status NOT IN ('completed', "
                  "'failed', 'cancelled', 'terminated', 'skipped')")
          .bindText(1, status)
          .bindText(2, error.dump())
          .bindInt(3, nowMs())
          .bindText(4, id)
          .step();
      ended = db.changes() > 0;
    });
    return ended;
  }

  bool moveRunToProgram(const std::string& id, const std::string& fromHash,
                        const std::string& toHash) override {
    bool moved = false;
    write([&](SqliteDb& db) {
      db.prepared("UPDATE locus_runs SET program = ?, updated_ms = ? WHERE id = ? AND program = ? "
                  "AND status IN ('failed', 'waiting')")
          .bindText(1, toHash)
          .bindInt(2, nowMs())
          .bindText(3, id)
          .bindText(4, fromHash)
          .step();
      moved = db.changes() > 0;
    });
    return moved;
  }

  void makeRunnable(const std::string& id) override {
    write([&](SqliteDb& db) {
      db.prepared("UPDATE locus_runs SET wake_at = ? WHERE id = ? AND status = 'waiting'")
          .bindInt(1, nowMs())
          .bindText(2, id)
          .step();
    });
  }

  std::optional<int64_t> scheduleMark(const std::string& schedule) override {
    PooledDb db(pool_);
    SqliteStatement& st =
        db->prepared("SELECT through_minute FROM locus_schedules WHERE schedule = ?");
    st.bindText(1, schedule);
    if (!st.step()) return std::nullopt;
    return st.integer(0);
  }

  bool advanceSchedule(const std::string& schedule, int64_t throughMinuteMs,
                       const std::vector<RunRecord>& runs) override {
    bool advanced = false;
    write([&](SqliteDb& db) {
      db.prepared("INSERT INTO locus_schedules VALUES (?1, ?2, ?3) ON CONFLICT (schedule) DO "
                  "UPDATE SET through_minute = ?2, updated_ms = ?3 WHERE through_minute < ?2")
          .bindText(1, schedule)
          .bindInt(2, throughMinuteMs)
          .bindInt(3, nowMs())
          .step();
      if (db.changes() == 0) return;
      for (const RunRecord& r : runs) insertRun(db, r);
      advanced = true;
    });
    return advanced;
  }

  bool pauseSchedules(const std::string& workflow, const Json& audit) override {
    bool added = false;
    write([&](SqliteDb& db) {
      db.prepared("INSERT OR IGNORE INTO locus_schedule_pauses VALUES (?, ?)")
          .bindText(1, workflow)
          .bindText(2, audit.dump())
          .step();
      added = db.changes() > 0;
    });
    return added;
  }

  bool resumeSchedules(const std::string& workflow) override {
    bool removed = false;
    write([&](SqliteDb& db) {
      db.prepared("DELETE FROM locus_schedule_pauses WHERE workflow = ?")
          .bindText(1, workflow)
          .step();
      removed = db.changes() > 0;
    });
    return removed;
  }

  std::map<std::string, Json> pausedSchedules() override {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared("SELECT workflow, audit FROM locus_schedule_pauses");
    std::map<std::string, Json> out;
    while (st.step()) out[st.text(0)] = parseOr(st.text(1), Json::object());
    return out;
  }

  std::vector<std::pair<std::string, Json>> checkpoints(const std::string& run) override {
    PooledDb db(pool_);
    SqliteStatement& st =
        db->prepared("SELECT step_id, result FROM locus_checkpoints WHERE run_id = ?");
    st.bindText(1, run);
    std::vector<std::pair<std::string, Json>> out;
    while (st.step()) out.emplace_back(st.text(0), parseOr(st.text(1), nullptr));
    return out;
  }

  std::optional<Json> checkpoint(const std::string& run, const std::string& step) override {
    PooledDb db(pool_);
    SqliteStatement& st =
        db->prepared("SELECT result FROM locus_checkpoints WHERE run_id = ? AND step_id = ?");
    st.bindText(1, run).bindText(2, step);
    if (!st.step()) return std::nullopt;
    return parseOr(st.text(0), nullptr);
  }

  int64_t ensureTimer(const std::string& run, const std::string& step, int64_t fireAtMs) override {
    int64_t fireAt = fireAtMs;
    write([&](SqliteDb& db) {
      db.prepared("INSERT OR IGNORE INTO locus_timers VALUES (?, ?, ?)")
          .bindText(1, run)
          .bindText(2, step)
          .bindInt(3, fireAtMs)
          .step();
      SqliteStatement& st =
          db.prepared("SELECT fire_at FROM locus_timers WHERE run_id = ? AND step_id = ?");
      st.bindText(1, run).bindText(2, step);
      if (st.step()) fireAt = st.integer(0);
      st.reset();
    });
    return fireAt;
  }

  void deleteCheckpoints(const std::string& run, const std::vector<std::string>& steps) override {
    write([&](SqliteDb& db) {
      for (const std::string& step : steps)
        db.prepared("DELETE FROM locus_checkpoints WHERE run_id = ? AND step_id = ?")
            .bindText(1, run)
            .bindText(2, step)
            .step();
    });
  }

  bool sendSignal(const std::string& run, const std::string& name, const Json& payload) override {
    bool added = false;
    write([&](SqliteDb& db) {
      db.prepared("INSERT OR IGNORE INTO locus_signals VALUES (?, ?, ?, ?)")
          .bindText(1, run)
          .bindText(2, name)
          .bindText(3, payload.dump())
          .bindInt(4, nowMs())
          .step();
      added = db.changes() > 0;
      db.prepared("UPDATE locus_runs SET wake_at = ? WHERE id = ? AND status = 'waiting'")
          .bindInt(1, nowMs())
          .bindText(2, run)
          .step();
    });
    return added;
  }

  std::optional<Json> signal(const std::string& run, const std::string& name) override {
    PooledDb db(pool_);
    SqliteStatement& st =
        db->prepared("SELECT payload FROM locus_signals WHERE run_id = ? AND name = ?");
    st.bindText(1, run).bindText(2, name);
    if (!st.step()) return std::nullopt;
    return parseOr(st.text(0), nullptr);
  }

  std::vector<QueueMessage> pendingMessages(size_t limit) override {
    return readMessages(std::string(kMessageSelect) +
                            " WHERE q.status = 'pending' AND (f.retry_at IS NULL OR f.retry_at <= "
                            "?2) ORDER BY q.seq LIMIT ?1",
                        [&](SqliteStatement& st) {
                          st.bindInt(1, static_cast<int64_t>(limit)).bindInt(2, nowMs());
                        });
  }

  std::vector<QueueMessage> messages(const std::string& topic) override {
    return readMessages(std::string(kMessageSelect) +
                            " WHERE ?1 = '' OR q.topic = ?1 ORDER BY q.seq",
                        [&](SqliteStatement& st) { st.bindText(1, topic); });
  }

  bool failDelivery(int64_t seq, const std::string& error, int deadAfter,
                    int64_t retryAtMs) override {
    bool dead = false;
    write([&](SqliteDb& db) {
      db.prepared("INSERT INTO locus_queue_failures VALUES (?1, 1, ?2, ?3, ?4) ON CONFLICT (seq) "
                  "DO UPDATE SET attempts = attempts + 1, retry_at = ?2, error = ?3, "
                  "updated_ms = ?4")
          .bindInt(1, seq)
          .bindInt(2, retryAtMs)
          .bindText(3, error)
          .bindInt(4, nowMs())
          .step();
      db.prepared("UPDATE locus_queue SET status = 'dead' WHERE seq = ?1 AND status = 'pending' "
                  "AND (SELECT attempts FROM locus_queue_failures WHERE seq = ?1) >= ?2")
          .bindInt(1, seq)
          .bindInt(2, deadAfter)
          .step();
      dead = db.changes() > 0;
    });
    return dead;
  }

  bool moveMessage(int64_t seq, const std::string& from, const std::string& to) override {
    bool moved = false;
    write([&](SqliteDb& db) {
      db.prepared("UPDATE locus_queue SET status = ? WHERE seq = ? AND status = ?")
          .bindText(1, to)
          .bindInt(2, seq)
          .bindText(3, from)
          .step();
      moved = db.changes() > 0;
      if (moved && to == "pending")
        db.prepared("DELETE FROM locus_queue_failures WHERE seq = ?").bindInt(1, seq).step();
    });
    return moved;
  }

  bool deliverMessage(int64_t seq, const std::vector<RunRecord>& runs) override {
    bool delivered = false;
    write([&](SqliteDb& db) {
      db.prepared("UPDATE locus_queue SET status = 'delivered', delivered_ms = ? WHERE seq = ? "
                  "AND status = 'pending'")
          .bindInt(1, nowMs())
          .bindInt(2, seq)
          .step();
      if (db.changes() == 0) return;
      for (const RunRecord& r : runs) insertRun(db, r);
      delivered = true;
    });
    return delivered;
  }

  std::vector<Json> trace(const std::string& run) override {
    PooledDb db(pool_);
    SqliteStatement& st =
        db->prepared("SELECT event FROM locus_trace WHERE run_id = ? ORDER BY seq");
    st.bindText(1, run);
    std::vector<Json> out;
    while (st.step()) out.push_back(parseOr(st.text(0), nullptr));
    return out;
  }

  void appendTrace(const std::string& run, const Json& event) override {
    write([&](SqliteDb& db) {
      db.prepared("INSERT INTO locus_trace (run_id, event) VALUES (?, ?)")
          .bindText(1, run)
          .bindText(2, event.dump())
          .step();
    });
  }

  std::vector<std::string> appliedMigrations() override {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared("SELECT name FROM locus_migrations ORDER BY name");
    std::vector<std::string> out;
    while (st.step()) out.push_back(st.text(0));
    return out;
  }

  std::optional<std::string> migrationChecksum(const std::string& name) override {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared("SELECT checksum FROM locus_migrations WHERE name = ?");
    st.bindText(1, name);
    if (!st.step()) return std::nullopt;
    return st.text(0);
  }

  void applyMigration(const std::string& name, const std::string& checksum,
                      const std::string& sql) override {
    // The sql generator's migrations run their own transaction (SQLite table rebuilds must
    // switch foreign keys off outside one): record the migration inside it, before its last
    // COMMIT, so applying and recording stay one atomic step.
    size_t commit = sql.rfind("\nCOMMIT;");
    if (sql.find("\nBEGIN;") != std::string::npos && commit != std::string::npos) {
      std::string record = "\nINSERT INTO locus_migrations VALUES (" + sqlQuote(name) + ", " +
                           sqlQuote(checksum) + ", " + std::to_string(nowMs()) + ");";
      PooledDb db(pool_);
      try {
        db->exec(sql.substr(0, commit) + record + sql.substr(commit));
      } catch (...) {
        try {
          db->exec("ROLLBACK");
        } catch (...) {
        }
        throw;
      }
      return;
    }
    write([&](SqliteDb& db) {
      db.exec(sql);
      db.prepared("INSERT INTO locus_migrations VALUES (?, ?, ?)")
          .bindText(1, name)
          .bindText(2, checksum)
          .bindInt(3, nowMs())
          .step();
    });
  }

private:
  static int64_t count(SqliteDb& db, const char* sql, const std::string& a,
                       const std::optional<std::string>& b = std::nullopt) {
    SqliteStatement& st = db.prepared(sql);
    st.bindText(1, a);
    if (b) st.bindText(2, *b);
    st.step();
    int64_t n = st.integer(0);
    st.reset();
    return n;
  }

  static std::string sqlQuote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }

  // One write transaction on a pooled connection.
  template <class F> void write(F&& body) {
    PooledDb db(pool_);
    db->exec("BEGIN IMMEDIATE");
    try {
      body(*db);
      db->exec("COMMIT");
    } catch (...) {
      try {
        db->exec("ROLLBACK");
      } catch (...) {
      }
      throw;
    }
  }

  template <class Bind>
  std::vector<QueueMessage> readMessages(const std::string& sql, Bind&& bind) {
    PooledDb db(pool_);
    SqliteStatement& st = db->prepared(sql);
    bind(st);
    std::vector<QueueMessage> out;
    while (st.step()) {
      QueueMessage m;
      m.seq = st.integer(0);
      m.key = st.text(1);
      m.topic = st.text(2);
      m.payload = parseOr(st.text(3), nullptr);
      m.status = st.text(4);
      m.createdMs = st.integer(5);
      m.attempts = static_cast<int>(st.integer(6));
      m.lastError = st.text(7);
      out.push_back(std::move(m));
    }
    return out;
  }

  // Inserts the run unless its ID exists, after its rate limit and debounce (run_flow.h).
  static bool insertRun(SqliteDb& db, const RunRecord& r) {
    int64_t now = nowMs();
    RunRecord run = r;
    if (run.status.empty()) run.status = "queued";
    if (!run.createdMs) run.createdMs = now;
    if (run.flow.any()) {
      if (count(db, "SELECT count(*) FROM locus_runs WHERE id = ?", r.id) > 0) return false;
      admitNewRun(db, run, now);
    }
    SqliteStatement& st = db.prepared(
        "INSERT OR IGNORE INTO locus_runs (id, workflow, program, status, input, error, grp, lim, "
        "created_ms, updated_ms, wake_at, priority, rank_ms, not_before, wait_reason, "
        "throttle_key, rate_key, debounce_key, flow) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?)");
    st.bindText(1, run.id)
        .bindText(2, run.workflow)
        .bindText(3, run.programHash)
        .bindText(4, run.status)
        .bindText(5, run.input.dump());
    if (run.error.is_null())
      st.bindNull(6);
    else
      st.bindText(6, run.error.dump());
    st.bindText(7, run.group)
        .bindInt(8, run.limit)
        .bindInt(9, run.createdMs)
        .bindInt(10, now)
        .bindInt(11, run.wakeAtMs)
        .bindInt(12, run.flow.priority)
        .bindInt(13, startRank(run.createdMs, run.flow.priority, run.flow.agingMs))
        .bindInt(14, run.notBeforeMs)
        .bindText(15, run.waitReason)
        .bindText(16, run.flow.throttleKey)
        .bindText(17, run.flow.rateKey)
        .bindText(18, run.flow.debounceKey)
        .bindText(19, flowConfig(run.flow).dump())
        .step();
    return db.changes() > 0;
  }

  // A new run over its rate limit is created skipped; a debounced one replaces the runs of its
  // key that have not started and waits out the period (at most the timeout since the first).
  static void admitNewRun(SqliteDb& db, RunRecord& run, int64_t now) {
    RunFlow& f = run.flow;
    if (!f.rateKey.empty()) {
      SqliteStatement& st = db.prepared("SELECT count(*) FROM locus_runs WHERE rate_key = ? AND "
                                        "created_ms > ? AND status <> 'skipped'");
      st.bindText(1, f.rateKey).bindInt(2, now - f.ratePeriodMs);
      st.step();
      int64_t inWindow = st.integer(0);
      st.reset();
      if (rateLimited(inWindow, f.rateLimit)) {
        run.status = "skipped";
        run.error = rateLimitedError(f);
        return;
      }
    }
    if (f.debounceKey.empty()) return;
    int64_t first = now;
    SqliteStatement& pending = db.prepared("SELECT created_ms, flow FROM locus_runs WHERE "
                                           "debounce_key = ? AND status = 'queued' AND "
                                           "started_ms = 0");
    pending.bindText(1, f.debounceKey);
    while (pending.step()) {
      RunFlow old;
      readFlowConfig(parseOr(pending.text(1), Json::object()), old);
      first = std::min(first, old.debounceFirstMs ? old.debounceFirstMs : pending.integer(0));
    }
    pending.reset();
    db.prepared("UPDATE locus_runs SET status = 'skipped', error = ?, not_before = 0, "
                "wait_reason = '', updated_ms = ? WHERE debounce_key = ? AND status = 'queued' "
                "AND started_ms = 0")
        .bindText(1, debouncedError(run.id).dump())
        .bindInt(2, now)
        .bindText(3, f.debounceKey)
        .step();
    f.debounceFirstMs = first;
    run.notBeforeMs = debounceStartMs(now, f.debouncePeriodMs, f.debounceTimeoutMs, first);
    run.waitReason = "debounced";
  }

  // Ready queued runs of the same `column` value that start before run `id`.
  static int64_t readyAhead(SqliteDb& db, const char* column, const std::string& value,
                            const std::string& id, int64_t now) {
    SqliteStatement& st = db.prepared(
        std::string("SELECT count(*) FROM locus_runs WHERE ") + column +
        " = ?1 AND status = 'queued' AND not_before <= ?3 AND (rank_ms, rowid) < (SELECT "
        "rank_ms, rowid FROM locus_runs WHERE id = ?2)" +
        (std::string(column) == "throttle_key" ? " AND started_ms = 0" : ""));
    st.bindText(1, value).bindText(2, id).bindInt(3, now);
    st.step();
    int64_t n = st.integer(0);
    st.reset();
    return n;
  }

  // Throttle: admits a never-started run when its key's window has room; otherwise records
  // when it can start next (notBefore) and why.
  static bool admitThrottled(SqliteDb& db, const RunRecord& r, int64_t now, int64_t* aheadOut) {
    const RunFlow& f = r.flow;
    std::vector<int64_t> starts;
    SqliteStatement& st = db.prepared("SELECT started_ms FROM locus_runs WHERE throttle_key = ? "
                                      "AND started_ms > ? ORDER BY started_ms");
    st.bindText(1, f.throttleKey).bindInt(2, now - f.throttlePeriodMs);
    while (st.step()) starts.push_back(st.integer(0));
    st.reset();
    int64_t ahead = readyAhead(db, "throttle_key", f.throttleKey, r.id, now);
    ThrottleDecision d = throttleAdmission(starts, ahead, f.throttleLimit, f.throttlePeriodMs, now);
    if (d.admit) return true;
    db.prepared("UPDATE locus_runs SET not_before = ?, wait_reason = 'throttled' WHERE id = ?")
        .bindInt(1, d.notBeforeMs)
        .bindText(2, r.id)
        .step();
    if (aheadOut) *aheadOut = ahead + 1;
    return false;
  }

  SqlitePool pool_;
};

} // namespace

std::unique_ptr<SqliteDb> SqlitePool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return db;
    }
  }
  return std::make_unique<SqliteDb>(path_, options_.synchronousFull);
}

void SqlitePool::release(std::unique_ptr<SqliteDb> db) {
  if (!db) return;
  db->resetAll();
  std::lock_guard lock(mutex_);
  if (idle_.size() < 16) idle_.push_back(std::move(db));
}

SqliteTx::SqliteTx(SqlitePool& pool) : db_(pool) {
  db_->exec("BEGIN IMMEDIATE");
}

SqliteTx::~SqliteTx() {
  if (done_) return;
  try {
    db_->exec("ROLLBACK");
  } catch (...) {
  }
}

void SqliteTx::putCheckpoint(const std::string& run, const std::string& step, const Json& result) {
  SqliteStatement& st =
      db_->prepared("INSERT OR IGNORE INTO locus_checkpoints VALUES (?, ?, ?, ?)");
  st.bindText(1, run).bindText(2, step).bindText(3, result.dump()).bindInt(4, nowMs()).step();
  if (db_->changes() == 0)
    throw CheckpointConflict("step " + step + " of run " + run + " was already completed");
}

void SqliteTx::publish(const QueueMessage& m) {
  db_->prepared("INSERT INTO locus_queue (key, topic, payload, created_ms) VALUES (?, ?, ?, ?)")
      .bindText(1, m.key)
      .bindText(2, m.topic)
      .bindText(3, m.payload.dump())
      .bindInt(4, nowMs())
      .step();
}

void SqliteTx::appendTrace(const std::string& run, const Json& event) {
  db_->prepared("INSERT INTO locus_trace (run_id, event) VALUES (?, ?)")
      .bindText(1, run)
      .bindText(2, event.dump())
      .step();
}

void SqliteTx::savepoint(const std::string& name) {
  db_->exec("SAVEPOINT \"" + name + "\"");
}
void SqliteTx::releaseSavepoint(const std::string& name) {
  db_->exec("RELEASE \"" + name + "\"");
}
void SqliteTx::rollbackToSavepoint(const std::string& name) {
  db_->exec("ROLLBACK TO \"" + name + "\"");
  db_->exec("RELEASE \"" + name + "\"");
}

void SqliteTx::commit() {
  db_->exec("COMMIT");
  done_ = true;
}

std::unique_ptr<Store> openSqliteStore(const std::string& path, const SqliteOptions& options) {
  return std::make_unique<SqliteStore>(path, options);
}

} // namespace locus::rt
