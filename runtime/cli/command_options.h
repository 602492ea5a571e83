// The typed options of the `locus` commands. command_line.cpp fills them from argv with LLVM `cl`
// (unknown options, missing or malformed values are rejected there, exit 2); each command reads
// only its own struct and the SessionOptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

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
};

struct RunsQuery {
  std::string status; // empty: any
  size_t limit = 50;
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

struct MessagesOptions {
  std::string topic;
};

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8787;
  size_t maxBody = 1 << 20;
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
