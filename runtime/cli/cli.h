// The `locus` commands. Exit status: 0 completed, 1 failed, 2 usage / input / store errors,
// 3 waiting (a timer or signal; `locus worker` continues it), 4 queued (concurrency group full,
// with --no-wait), 5 the run is being executed by another live process.
#pragma once

#include "runtime/engine/runner.h"
#include "runtime/plugins/plugin_bridge.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace locus::cli {

using rt::Json;

enum Exit { kCompleted = 0, kFailed = 1, kUsage = 2, kWaiting = 3, kQueued = 4, kBusy = 5 };

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options; // --name value
  std::set<std::string> flags;                // --name
  std::string get(const std::string& key, const std::string& fallback = "") const {
    auto it = options.find(key);
    return it == options.end() ? fallback : it->second;
  }
  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
};

// `flagNames` take no value; every other --option takes the next argument (or --option=value).
bool parseArgs(int argc, char** argv, int first, const std::set<std::string>& flagNames, Args& out,
               std::string& error);

// Everything a command needs to execute runs: the store, the program, step kinds, options.
struct Session {
  std::string projectDir;
  std::string dbPath;   // for messages: a SQLite path, or "PostgreSQL host:port/db (user U)"
  bool postgres = false; // --db postgres://…
  std::unique_ptr<rt::Store> store;
  rt::StepRegistry steps;
  rt::EngineOptions options;
  std::map<std::string, std::unique_ptr<rt::Program>> programs; // by hash
  bool quiet = false;
  std::unique_ptr<rt::plugins::PluginBridge> plugins; // set by loadPlugins
};

// Opens the store (creating .locus/), reads engine options. Prints the problem and returns false.
bool openSession(const Args& args, Session& s);
// Discovers the project's plugins (Locus.toml [plugins], .locus/plugins/). Prints the problem and
// returns false on a plugin load error. Call before loadCurrentProgram (plugin step kinds).
bool loadPlugins(Session& s);
// The engine's services for `program`, with the plugins' step kinds and runtime hooks.
rt::EngineServices engineServices(Session& s, const rt::Program& program);
// Compiles the project (or reads --bundle), stores its snapshot, applies the schema.
const rt::Program* loadCurrentProgram(const Args& args, Session& s);
// The snapshot a run was started with.
const rt::Program* programOf(Session& s, const std::string& hash);
int exitFor(const std::string& status);
void printOutcome(const std::string& runId, const rt::RunOutcome& o, bool json);

int commandRun(const Args& args);
int commandResume(const Args& args);
int commandRuns(const Args& args);
int commandTrace(const Args& args);
int commandApprove(const Args& args);
int commandSignal(const Args& args);
int commandWorker(const Args& args);
int commandMessages(const Args& args);
int commandServe(const Args& args);
int commandSecrets(const Args& args); // secrets set|get|list|rm (command_secrets.cpp)

} // namespace locus::cli
