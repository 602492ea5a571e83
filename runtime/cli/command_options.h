// The typed options of the `locus` commands. command_line.cpp fills them from argv with LLVM `cl`
// (unknown options, missing or malformed values are rejected there, exit 2); each command reads
// only its own struct and the SessionOptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace locus::cli {

// How a command opens the store, compiles the project and configures the engine.
struct SessionOptions {
  std::string projectDir = ".";
  bool projectGiven = false;         // --project was on the command line
  std::string db;                    // empty: <project>/.locus/state.db
  std::string durability = "normal"; // SQLite: normal | full
  std::string bundle;                // run this IR file instead of compiling the project
  std::string schema;                // migrations folder (default: discovered under the project)
  std::string outbox;                // default: beside the store
  std::string smtp, smtpFrom;
  bool quiet = false;
  bool json = false;
  std::optional<uint64_t> maxIterations;
  std::optional<int64_t> inlineWaitMs, leaseMs, stepTimeoutMs;
};

struct RunOptions {
  std::string workflow;
  std::string input = "{}"; // JSON, or @FILE
  std::string runId;        // an idempotency key: the same ID and input return the existing run
  bool noWait = false;
  bool noProgress = false;
};

struct ResumeOptions {
  std::string run;
  bool noProgress = false;
  bool retryFailed = false;       // call the failed step again (a failure is otherwise final)
  bool upgrade = false;           // move the run onto the current program first (fix-forward)
  bool allowPluginChange = false; // continue although the run's plugins changed since it started
};

struct RunsQuery {
  std::string status;   // empty: any
  std::string workflow; // empty: any
  std::string since;    // a duration ago (`2h`) or a time (ISO-8601, epoch ms); empty: any
  std::string where;    // conditions on the input (run_query.h)
  size_t limit = 50;
};

struct PruneOptions {
  std::string olderThan; // a duration: runs that ended longer ago go
  std::string archive;   // JSON-lines file the pruned runs are appended to first
  bool dryRun = false;
};

struct TraceOptions {
  std::string run;
};

struct ApproveOptions {
  std::string run, step, by;
  bool reject = false;
};

struct SignalOptions {
  std::string run, name;
  std::string data = "null"; // JSON
};

struct ControlOptions { // cancel, terminate
  std::string run, reason;
};

struct SchedulesOptions {
  std::vector<std::string> args; // empty (list) | pause WORKFLOW | resume WORKFLOW
  std::string reason;
};

struct MessagesOptions {
  std::string topic;
  bool dead = false; // only dead-lettered messages
  int64_t retry = 0; // move this dead message back to pending
  int64_t drop = 0;  // drop this dead message
};

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8787;
  size_t maxBody = 1 << 20;
  size_t httpThreads = 0; // 0: max(16, 4 × --concurrency)
  size_t maxConnections = 256;
  int64_t readTimeoutMs = 5000, writeTimeoutMs = 5000, idleTimeoutMs = 5000;
};

struct DevCommandOptions {
  std::string project = "."; // DIR
  std::string db;            // postgres://… ; empty: the private cluster
  unsigned port = 3000;      // the web app's; the API takes the next one (0: free ports)
  bool noWeb = false;
};

struct SeedOptions {
  std::string seedDir; // empty: <project>/seed
};

} // namespace locus::cli
