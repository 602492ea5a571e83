// Semantic analysis of a merged program: every rule, all problems reported at once.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace locus {

// A workflow step kind registered by a plugin; `schema` is the JSON Schema of its parameters.
struct PluginStepKind {
  std::string kind;
  std::string plugin;
  nlohmann::json schema;
};

// A literal value checked against a JSON Schema with every keyword: (path, message) per problem.
// The driver plugs in hooks/schema (valijson); sema decides the subset it can without it.
using LiteralSchemaCheck = std::function<std::vector<std::pair<std::string, std::string>>(
    const nlohmann::json& schema, const nlohmann::json& value)>;

struct CheckOptions {
  std::vector<PluginStepKind> pluginSteps;
  LiteralSchemaCheck validateLiteral; // may be empty: then only the subset of json_schema_check.h
  unsigned maxWorkflowSteps = 50;     // W0515 above this
};

void checkProgram(const ast::File& program, const CheckOptions& options, DiagnosticSink& sink);

} // namespace locus
