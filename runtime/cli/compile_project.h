// Compiling a project for the `locus` tool: the front end and lowering (compiler/frontend), with
// the project's plugin step kinds, into the IR the engine runs. The engine itself takes IR only.
#pragma once

#include "compiler/sema/check_program.h"
#include "runtime/engine/program.h"
#include "runtime/plugins/plugin_bridge.h"

#include <memory>
#include <string>

namespace locus::rt {

struct CompileResult {
  std::unique_ptr<Program> program;
  std::string diagnostics; // rendered, for stderr
  bool ioError = false;
};

// Runs the front end and lowering on a project directory or .locus file; `check` carries the
// plugins' step kinds.
CompileResult compileProject(const std::string& input, const CheckOptions& check = {});

// The plugins' step kinds with their parameter schemas, for the front end.
CheckOptions pluginCheckOptions(const plugins::PluginBridge& bridge);

} // namespace locus::rt
