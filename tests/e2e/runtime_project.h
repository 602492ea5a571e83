// Test support for the runtime's end-to-end tests: a copy of a fixture project in a temporary
// directory, `locus` invocations in it, and direct reads of its state store.
#pragma once

#include "tests/e2e/run_process.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace locus::test {

struct RuntimeProject {
  explicit RuntimeProject(const std::string& fixture = "bank");
  ~RuntimeProject();
  RuntimeProject(const RuntimeProject&) = delete;

  ProcessResult locus(const std::string& args) const;
  void write(const std::string& relative, const std::string& text) const;
  // One column of the first row of a query on .locus/state.db ("" when no row).
  std::string sql(const std::string& query) const;
  // Runs SQL statements on .locus/state.db (to simulate a crash or downtime); throws on error.
  void exec(const std::string& statements) const;
  std::vector<nlohmann::json> trace(const std::string& run) const;
  // The run's status ("" when there is no such run).
  std::string status(const std::string& run) const;
  // How many rows of the bank fixture's ledger carry `note` (what `run record(note, …)` wrote).
  std::string ledger(const std::string& note) const;
  // Whether the run's trace has an event with this outcome ("cancelled", "crashed", …).
  bool traced(const std::string& run, const std::string& outcome) const;

  std::string dir;
  std::string db() const { return dir + "/.locus/state.db"; }
};

// Starts `locus ARGS` in `dir` in the background (stdio on /dev/null); the caller reaps it.
pid_t spawnLocus(const std::string& dir, const std::vector<std::string>& args);

// Polls `pred` every 20 ms until it holds or `timeoutMs` passed. A throwing `pred` counts as
// false: a spawned process may not have created the state store yet.
bool waitFor(const std::function<bool()>& pred, int timeoutMs);

} // namespace locus::test
