#include "hooks/state/state_store.h"

#include "compiler/base/sha256.h"

#include <sodium.h>
#include <sqlite3.h>

namespace locus::hooks {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS plugin_state (
  plugin TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, checksum TEXT NOT NULL,
  PRIMARY KEY (plugin, key)) WITHOUT ROWID;)";

// One prepared statement, finalized on scope exit.
struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr); }
  ~Statement() { sqlite3_finalize(stmt); }
  Statement& bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  std::string column(int index) const {
    const unsigned char* text = sqlite3_column_text(stmt, index);
    return text ? reinterpret_cast<const char*>(text) : "";
  }
};

std::string sqliteError(sqlite3* db, const std::string& what) {
  return what + ": " + (db ? sqlite3_errmsg(db) : "cannot open the database");
}

} // namespace

fs::path stateStorePath(const fs::path& root) {
  return root / ".locus" / "plugin-state.db";
}

std::string stateChecksum(const std::string& text) {
  return sha256Hex(text);
}

StateStore::StateStore(fs::path file) : file_(std::move(file)) {}

StateStore::~StateStore() {
  if (db_ && inTransaction_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  if (db_) sqlite3_close(db_);
}

std::string StateStore::openLocked() {
  if (db_) return "";
  std::error_code ec;
  fs::create_directories(file_.parent_path(), ec);
  if (sqlite3_open_v2(file_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string error = sqliteError(db_, "cannot open " + file_.string());
    sqlite3_close(db_);
    db_ = nullptr;
    return error;
  }
  sqlite3_busy_timeout(db_, 5000); // a build and a run may share the file
  // WAL without a sync per commit: a put costs microseconds; a crash loses at most the last puts
  // of a build, never the file's consistency.
  for (const char* sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", kSchema})
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
      return sqliteError(db_, "cannot prepare " + file_.string());
  return "";
}

void StateStore::callStarted() {
  std::lock_guard lock(mutex_);
  ++calls_;
}

void StateStore::callEnded() {
  std::lock_guard lock(mutex_);
  if (--calls_ > 0 || !inTransaction_) return;
  sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  inTransaction_ = false;
}

void StateStore::writingLocked() {
  if (calls_ == 0 || inTransaction_) return;
  inTransaction_ = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
}

StateResult StateStore::get(const std::string& plugin, const std::string& key) {
  std::lock_guard lock(mutex_);
  StateResult r;
  if ((r.error = openLocked()) != "") return r;
  Statement s(db_, "SELECT value, checksum FROM plugin_state WHERE plugin = ? AND key = ?");
  s.bind(1, plugin).bind(2, key);
  if (sqlite3_step(s.stmt) != SQLITE_ROW) return r;
  std::string text = s.column(0);
  json value = json::parse(text, nullptr, false);
  if (stateChecksum(text) != s.column(1) || value.is_discarded()) {
    Statement drop(db_, "DELETE FROM plugin_state WHERE plugin = ? AND key = ?");
    drop.bind(1, plugin).bind(2, key);
    sqlite3_step(drop.stmt);
    r.error = stateCorruptedError(plugin, key, file_.string());
    return r;
  }
  r.value = std::move(value);
  return r;
}

StateResult StateStore::put(const std::string& plugin, const std::string& key, const json& value,
                            const StateQuota& quota) {
  std::lock_guard lock(mutex_);
  StateResult r;
  if ((r.error = openLocked()) != "") return r;
  writingLocked();
  std::string text = value.dump();
  // What the plugin holds without this key, plus this key: the quota applies to the result.
  Statement usage(db_, "SELECT count(*), coalesce(sum(length(key) + length(value)), 0) FROM "
                       "plugin_state WHERE plugin = ? AND key <> ?");
  usage.bind(1, plugin).bind(2, key);
  sqlite3_step(usage.stmt);
  std::uint64_t keys = sqlite3_column_int64(usage.stmt, 0) + 1;
  std::uint64_t bytes = sqlite3_column_int64(usage.stmt, 1) + key.size() + text.size();
  if ((r.error = stateQuotaError(plugin, keys, bytes, quota)) != "") return r;
  Statement s(db_, "INSERT INTO plugin_state (plugin, key, value, checksum) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value, "
                   "checksum = excluded.checksum");
  s.bind(1, plugin).bind(2, key).bind(3, text).bind(4, stateChecksum(text));
  if (sqlite3_step(s.stmt) != SQLITE_DONE) r.error = sqliteError(db_, "cannot store state");
  return r;
}

StateResult StateStore::remove(const std::string& plugin, const std::string& key) {
  std::lock_guard lock(mutex_);
  StateResult r;
  if ((r.error = openLocked()) != "") return r;
  writingLocked();
  Statement s(db_, "DELETE FROM plugin_state WHERE plugin = ? AND key = ?");
  s.bind(1, plugin).bind(2, key);
  if (sqlite3_step(s.stmt) != SQLITE_DONE) r.error = sqliteError(db_, "cannot delete state");
  return r;
}

StateResult StateStore::list(const std::string& plugin, const std::string& prefix) {
  std::lock_guard lock(mutex_);
  StateResult r;
  if ((r.error = openLocked()) != "") return r;
  Statement s(db_, "SELECT key FROM plugin_state WHERE plugin = ? AND substr(key, 1, ?) = ? "
                   "ORDER BY key");
  s.bind(1, plugin);
  sqlite3_bind_int(s.stmt, 2, static_cast<int>(prefix.size()));
  s.bind(3, prefix);
  while (sqlite3_step(s.stmt) == SQLITE_ROW) r.keys.push_back(s.column(0));
  return r;
}

} // namespace locus::hooks
