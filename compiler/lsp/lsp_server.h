// `locusc lsp`: a Language Server Protocol 3.17 server over stdio on the front end. One thread:
// messages are handled in order; diagnostics are recomputed once the editor has been quiet for
// `debounceMs` after a change (whole project; only changed files are re-parsed, workspace.h), and
// files whose AST could not be kept are re-parsed while it stays quiet. Slow checks (plugins) run
// on a second thread and are published when they arrive (late_checks.h).
#pragma once

#include "compiler/lsp/late_checks.h"
#include "compiler/sema/check_program.h"

#include <functional>
#include <string>

namespace locus::lsp {

struct ServerOptions {
  // The check options of a project root (plugin step kinds from its plugins; the driver knows
  // the plugin host, this library does not). Called once, at `initialize`.
  std::function<CheckOptions(const std::string& root)> checkOptionsFor;
  // Slow checks of a program the front end accepts (the driver: the plugins' onPostValidate).
  // Called on the server's thread with the merged program; the check it returns (empty: none)
  // runs in the background and its diagnostics join the front end's when they arrive.
  std::function<LateCheck(const ast::File& program, std::shared_ptr<const SourceSet> sources)>
      lateCheckFor;
  int debounceMs = 10; // initializationOptions.debounceMs overrides it
};

// Serves until `exit` or end of input. Returns 0 after `shutdown` then `exit`, else 1.
int runServer(int in, int out, const ServerOptions& options);

} // namespace locus::lsp
