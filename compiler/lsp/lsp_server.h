// `locusc lsp`: a Language Server Protocol 3.17 server over stdio on the front end. One thread:
// messages are handled in order; diagnostics are recomputed once the editor has been quiet for
// `debounceMs` after a change (whole project; only changed files are re-parsed, workspace.h), and
// files whose AST could not be kept are re-parsed while it stays quiet.
#pragma once

#include "compiler/sema/check_program.h"

#include <functional>
#include <string>

namespace locus::lsp {

struct ServerOptions {
  // The check options of a project root (plugin step kinds from its plugins; the driver knows
  // the plugin host, this library does not). Called once, at `initialize`.
  std::function<CheckOptions(const std::string& root)> checkOptionsFor;
  int debounceMs = 10; // initializationOptions.debounceMs overrides it
};

// Serves until `exit` or end of input. Returns 0 after `shutdown` then `exit`, else 1.
int runServer(int in, int out, const ServerOptions& options);

} // namespace locus::lsp
