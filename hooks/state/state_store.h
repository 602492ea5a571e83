// Plugin state at compile time (and for any host without a run transaction): one SQLite file in
// the project, `.locus/plugin-state.db`, a row per (plugin, key) holding the JSON value and its
// SHA-256 checksum. Namespaced per plugin (a plugin sees only its own keys) and per project (the
// file is the project's). Quotas per plugin (keys, bytes) fail a `put` with a clear error. A row
// whose checksum does not match its value is corrupted: `get` reports it and removes the row, so
// the plugin can recompute it (recoverable, never silently wrong).
#pragma once

#include "hooks/state/state_access.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace locus::hooks {

class StateStore : public StateAccess {
public:
  explicit StateStore(std::filesystem::path file);
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  StateResult get(const std::string& plugin, const std::string& key) override;
  StateResult put(const std::string& plugin, const std::string& key, const nlohmann::json& value,
                  const StateQuota& quota) override;
  StateResult remove(const std::string& plugin, const std::string& key) override;
  StateResult list(const std::string& plugin, const std::string& prefix) override;

  // The writes made while plugin calls are in progress commit together when the last of them
  // ends (one SQLite transaction instead of one commit per put): a call's state lands whole.
  void callStarted();
  void callEnded();

private:
  std::string openLocked(); // "" or why the database cannot be used
  void writingLocked();     // opens the transaction of the calls in progress, if any
  int calls_ = 0;
  bool inTransaction_ = false;
  std::filesystem::path file_;
  std::mutex mutex_;
  sqlite3* db_ = nullptr;
};

std::filesystem::path stateStorePath(const std::filesystem::path& projectRoot);
// Hex SHA-256 of a stored value's text.
std::string stateChecksum(const std::string& text);

} // namespace locus::hooks
