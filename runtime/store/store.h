// The state store: runs, step checkpoints, timers, signals, the queue (outbox) and the trace, plus
// the app's entity tables. Everything the engine persists goes through this interface, so a second
// implementation (PostgreSQL, several workers on several machines) can replace SQLite. Nothing
// here assumes one process owns the store: a run is executed only by the holder of its lease,
// taken and renewed in transactions.
#pragma once

#include "runtime/store/entity_meta.h"
#include "runtime/store/run_flow.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace locus::rt {

using Json = nlohmann::json;

// Run states: queued (waits for a concurrency slot, its throttle, its debounce window or a
// worker), running (a lease holder executes it), waiting (a timer or signal), completed, failed,
// cancelled, terminated, skipped (never started: over its rate limit, or replaced by a newer run
// of its debounce key; `error.reason` says which).
struct RunRecord {
  std::string id;
  std::string workflow;
  std::string programHash; // the IR snapshot the run executes (locus_programs)
  std::string status;
  Json input = Json::object();
  Json output;       // the workflow's return value
  Json error;        // {message, step, …} when failed
  std::string group; // concurrency group ("" = none)
  int64_t limit = 0; // concurrency limit of the group
  std::string leaseOwner;
  int64_t leaseUntilMs = 0;
  int64_t wakeAtMs = 0; // waiting runs: the earliest timer (0 = wait for a signal only)
  int64_t createdMs = 0;
  int64_t updatedMs = 0;
  RunFlow flow;            // throttle, rate limit, debounce and priority (run_flow.h)
  int64_t notBeforeMs = 0; // a queued run does not start before (debounce window, throttle)
  int64_t startedMs = 0;   // its first start (0: never started); throttle windows count these
  std::string waitReason;  // why a queued run waits: "throttled", "debounced" or ""
};

// A plugin's state at run time (docs/plugins.md "Plugin state"), by key: the value's JSON text
// and its SHA-256, so a row changed behind the store's back is detected.
struct PluginStateRow {
  std::string value;
  std::string checksum;
};
using PluginStateRows = std::map<std::string, PluginStateRow>;
// What one step's plugin call wrote: key → new value, or nullopt for a deleted key.
using PluginStateWrites = std::map<std::string, std::optional<Json>>;

struct QueueMessage {
  int64_t seq = 0;
  std::string key; // "<run>/<step>": publishing the same step twice is one message
  std::string topic;
  Json payload;
  std::string status; // pending, delivered, dead (no subscriber took it), dropped
  int64_t createdMs = 0;
  int attempts = 0;      // deliveries no subscriber accepted
  std::string lastError; // why the last one was not accepted
};

// `locus runs` filters (all optional). Conditions on the input are applied by
// the caller (run_query.h).
struct RunQuery {
  std::string workflow, status;
  int64_t sinceMs = 0; // created at or after
  size_t limit = 50;
  size_t offset = 0;
};

// The store could not do what was asked (I/O, a corrupt file, a constraint, a busy database).
struct StoreError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A concurrent transaction won a serialization race (PostgreSQL 40001, a deadlock): this
// transaction was rolled back and doing it again is always safe. The engine retries it without
// charging the workflow's retry policy.
struct StoreConflict : StoreError {
  using StoreError::StoreError;
};

// Thrown by putCheckpoint when the step already has a checkpoint: another process completed it
// first, and this transaction's effects must be rolled back.
struct CheckpointConflict : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Entity reads and writes, checkpoints and queue publishes that commit together. The destructor
// rolls back unless commit() was called. A transaction is used by one thread at a time (the engine
// serialises parallel branches inside one db_tx).
class StoreTx {
public:
  virtual ~StoreTx() = default;
  virtual Json findRows(const EntityMeta& e, const Json& where, const Json& orderBy,
                        std::optional<int64_t> take, std::optional<int64_t> skip) = 0;
  virtual Json insertRow(const EntityMeta& e, const Json& data) = 0;
  virtual Json updateRow(const EntityMeta& e, const Json& id, const Json& data) = 0; // null: none
  virtual bool deleteRow(const EntityMeta& e, const Json& id) = 0;
  virtual void putCheckpoint(const std::string& run, const std::string& step,
                             const Json& result) = 0;
  virtual void publish(const QueueMessage& m) = 0;
  virtual void appendTrace(const std::string& run, const Json& event) = 0;
  // A plugin's state, read and written in this transaction: a step's state writes commit with
  // its checkpoint (and, inside db_tx, with the entity writes).
  virtual PluginStateRows pluginState(const std::string& plugin) = 0;
  virtual void writePluginState(const std::string& plugin, const PluginStateWrites& writes) = 0;
  // Nested savepoints: a failed step inside a db_tx undoes only its own writes.
  virtual void savepoint(const std::string& name) = 0;
  virtual void releaseSavepoint(const std::string& name) = 0;
  virtual void rollbackToSavepoint(const std::string& name) = 0;
  virtual void commit() = 0;
};

class Store {
public:
  virtual ~Store() = default;

  virtual std::unique_ptr<StoreTx> begin() = 0;
  // A plugin's state as last committed (read without a write transaction).
  virtual PluginStateRows pluginState(const std::string& plugin) = 0;

  // Program snapshots: runs execute the IR they started with, whatever the project says now.
  virtual void saveProgram(const std::string& hash, const std::string& irText) = 0;
  virtual std::optional<std::string> loadProgram(const std::string& hash) = 0;
  virtual std::optional<std::string> latestProgramHash() = 0;

  // Runs. createRun is idempotent on the ID: false when the run already exists. Creating a run
  // (here, in deliverMessage and in advanceSchedule) applies its flow control in the same
  // transaction: over its rate limit it is created `skipped`; with a debounce key it replaces
  // (skips) the key's runs that have not started and waits out the debounce period.
  virtual bool createRun(const RunRecord& r) = 0;
  virtual std::optional<RunRecord> getRun(const std::string& id) = 0;
  virtual std::vector<RunRecord> listRuns(size_t limit, const std::string& status) = 0;
  // Newest first, filtered by workflow, status and creation time.
  virtual std::vector<RunRecord> queryRuns(const RunQuery& q) = 0;
  // Takes the run's lease when nobody else holds a live one and, for queued/waiting runs, when its
  // concurrency group has a free slot; sets it running. Strict FIFO inside a group: a *queued* run
  // is also refused while an older queued run of its group exists ("older" = created earlier, in
  // insertion order of the run rows; a waiting run that wakes up needs only a free slot).
  // "Older" is the start order of flow control: by rank (created − priority × aging), then
  // insertion; queued runs that are not ready (debounce window, throttle) do not hold up others.
  // A queued run is refused before its notBeforeMs and, when it is throttled and has never
  // started, while its key's window is full (notBeforeMs is then set to when a start frees up).
  // `aheadOut` is the number of runs ahead in the group (older queued runs, plus 1 when the group
  // is full) when the claim fails for want of a slot or for an older queued run, and at least 1
  // when it fails for its throttle or debounce window.
  // A running run whose lease is live is taken over only when `isDead(leaseOwner)` says its owner
  // process is gone (a crash on this machine).
  virtual bool claimRun(const std::string& id, const std::string& owner, int64_t leaseMs,
                        const std::function<bool(const std::string&)>& isDead,
                        int64_t* aheadOut) = 0;
  virtual bool renewLease(const std::string& id, const std::string& owner, int64_t leaseMs) = 0;
  // Ends the lease and records the outcome (status completed, failed or waiting).
  virtual void finishRun(const std::string& id, const std::string& owner, const std::string& status,
                         const Json& output, const Json& error, int64_t wakeAtMs) = 0;
  // Runs a worker should take now, in start order (rank, then insertion): ready queued runs,
  // due waiting runs, runs with a signal that arrived, and running runs whose lease expired.
  virtual std::vector<RunRecord> runnableRuns(int64_t nowMs, size_t limit) = 0;
  virtual void makeRunnable(const std::string& id) = 0; // a waiting run: wake it now
  // Ends a run that has not ended (not completed, failed, cancelled or terminated) with `status`
  // and `error`, dropping its lease (cancel of a queued run, terminate). False when it had ended.
  virtual bool endRun(const std::string& id, const std::string& status, const Json& error) = 0;
  // `locus resume --upgrade`: points a failed or waiting run that still runs `fromHash` at the
  // program `toHash` (already saved). False when the run moved on meanwhile (claimed, upgraded).
  virtual bool moveRunToProgram(const std::string& id, const std::string& fromHash,
                                const std::string& toHash) = 0;

  // Cron triggers: per schedule (key "Workflow cron-expression"), the minute (epoch ms, a multiple
  // of 60000) up to which the schedule was handled: every minute at or before it was considered
  // and fired or deliberately skipped. nullopt before the schedule was ever handled.
  virtual std::optional<int64_t> scheduleMark(const std::string& schedule) = 0;
  // In one transaction: if the schedule's mark is absent or older than `throughMinuteMs`, creates
  // `runs` (idempotent on their IDs, like createRun), sets the mark to `throughMinuteMs` and
  // returns true. Otherwise (another process already handled that minute) changes nothing and
  // returns false. The mark never moves backwards.
  virtual bool advanceSchedule(const std::string& schedule, int64_t throughMinuteMs,
                               const std::vector<RunRecord>& runs) = 0;
  // Paused schedules, by workflow (`locus schedules pause W`): a worker moves their marks on
  // without starting runs. `audit` is {by, reason, pausedMs}; pausing twice keeps the first.
  virtual bool pauseSchedules(const std::string& workflow, const Json& audit) = 0;
  virtual bool resumeSchedules(const std::string& workflow) = 0; // false: was not paused
  virtual std::map<std::string, Json> pausedSchedules() = 0;

  // Checkpoints (all of a run, for resume), and timers.
  virtual std::vector<std::pair<std::string, Json>> checkpoints(const std::string& run) = 0;
  virtual std::optional<Json> checkpoint(const std::string& run, const std::string& step) = 0;
  virtual int64_t ensureTimer(const std::string& run, const std::string& step,
                              int64_t fireAtMs) = 0;
  // Removes checkpoints by key (`locus resume --retry-failed` drops a failure record).
  virtual void deleteCheckpoints(const std::string& run, const std::vector<std::string>& steps) = 0;

  // Signals and approvals (an approval is the signal "approval:<step>").
  virtual bool sendSignal(const std::string& run, const std::string& name, const Json& payload) = 0;
  virtual std::optional<Json> signal(const std::string& run, const std::string& name) = 0;

  // Queue: pending messages in publish order; delivery marks them and starts the runs they
  // trigger in one transaction (the caller passes the runs to create).
  virtual std::vector<QueueMessage> pendingMessages(size_t limit) = 0;
  virtual std::vector<QueueMessage> messages(const std::string& topic) = 0;
  virtual bool deliverMessage(int64_t seq, const std::vector<RunRecord>& runs) = 0;
  // A delivery no subscriber accepted (none subscribes, or the payload fits no subscriber's
  // input): counts it; the message is skipped until `retryAtMs`, and after `deadAfter` such
  // deliveries it is dead-lettered (status dead). True when this call dead-lettered it.
  virtual bool failDelivery(int64_t seq, const std::string& error, int deadAfter,
                            int64_t retryAtMs) = 0;
  // Operator moves of a message: dead → pending (retry, its count reset), dead → dropped.
  // False when the message is not in status `from`.
  virtual bool moveMessage(int64_t seq, const std::string& from, const std::string& to) = 0;

  // For /metrics: {"runs": [{workflow, status, count}], "queue": [{topic, status, count}],
  // "timersDue": N}.
  virtual Json statistics(int64_t nowMs) = 0;
  // Retention: runs that ended (completed, failed, cancelled, terminated) before `cutoffMs`,
  // oldest first; deleting removes a run with its checkpoints, timers, signals and trace.
  virtual std::vector<std::string> endedRunsBefore(int64_t cutoffMs, size_t limit) = 0;
  virtual void deleteRuns(const std::vector<std::string>& ids) = 0;
  // Deletes delivered and dropped queue messages created before `cutoffMs`; returns how many.
  virtual size_t pruneMessages(int64_t cutoffMs) = 0;

  virtual std::vector<Json> trace(const std::string& run) = 0;
  virtual void appendTrace(const std::string& run, const Json& event) = 0;

  // Migrations of the app's entity tables.
  virtual std::vector<std::string> appliedMigrations() = 0;
  virtual void applyMigration(const std::string& name, const std::string& checksum,
                              const std::string& sql) = 0;
  virtual std::optional<std::string> migrationChecksum(const std::string& name) = 0;
};

int64_t nowMs(); // wall clock, milliseconds since the epoch

struct SqliteOptions {
  bool synchronousFull = false; // survive power loss (FULL) or only process crashes (NORMAL)
};
std::unique_ptr<Store> openSqliteStore(const std::string& path, const SqliteOptions& options);

} // namespace locus::rt
