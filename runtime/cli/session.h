// What a command needs to execute runs: the store, the programs, step kinds and engine options.
// Opening the store (open_session.cpp), loading the plugins (load_plugins.cpp) and compiling or
// reading the program (load_program.cpp) are separate steps, because not every command needs all.
#pragma once

#include "runtime/cli/command_options.h"
#include "runtime/engine/runner.h"
#include "runtime/plugins/plugin_bridge.h"

#include <map>
#include <memory>
#include <string>

namespace locus::cli {

using rt::Json;

struct Session {
  std::string projectDir;
  std::string dbPath;    // for messages: a SQLite path, or "PostgreSQL host:port/db (user U)"
  bool postgres = false; // --db postgres://…
  std::unique_ptr<rt::Store> store;
  rt::StepRegistry steps;
  rt::EngineOptions options;
  std::map<std::string, std::unique_ptr<rt::Program>> programs; // by hash
  bool quiet = false;
  std::unique_ptr<rt::plugins::PluginBridge> plugins; // set by loadPlugins
};

// Opens the store (creating .locus/), reads engine options. Prints the problem and returns false.
bool openSession(const SessionOptions& o, Session& s);
// Discovers the project's plugins (Locus.toml [plugins], .locus/plugins/). Prints the problem and
// returns false on a plugin load error. Call before loadCurrentProgram (plugin step kinds).
bool loadPlugins(Session& s);
// The engine's services for `program`, with the plugins' step kinds and runtime hooks.
rt::EngineServices engineServices(Session& s, const rt::Program& program);
// Compiles the project (or reads --bundle); prints the problem and returns null. No side effects.
std::unique_ptr<rt::Program> compileCurrentProgram(const SessionOptions& o, Session& s);
// Compiles the project (or reads --bundle), stores its snapshot, applies the schema.
const rt::Program* loadCurrentProgram(const SessionOptions& o, Session& s);
// The snapshot a run was started with.
const rt::Program* programOf(Session& s, const std::string& hash);

} // namespace locus::cli
