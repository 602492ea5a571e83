// Semantic analysis of a merged program: every rule, all problems reported at once.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace locus {

// A workflow step kind registered by a plugin; `schema` is the JSON Schema of its parameters.
struct PluginStepKind {
  std::string kind;
  std::string plugin;
  nlohmann::json schema;
};

struct CheckOptions {
  std::vector<PluginStepKind> pluginSteps;
  unsigned maxWorkflowSteps = 50; // W0515 above this
};

void checkProgram(const ast::File& program, const CheckOptions& options, DiagnosticSink& sink);

} // namespace locus
