// The expression and statement interpreter: workflow expressions (conditions, step parameters)
// and the bodies of server actions (`run debit(from, amount)`), with the data functions
// find / findOne / create / update / delete on the app's entity tables.
#pragma once

#include "runtime/engine/program.h"
#include "runtime/store/store.h"

#include <functional>
#include <string>
#include <unordered_map>

namespace locus::rt {

using Scope = std::unordered_map<std::string, Json>;

struct EvalEnv {
  explicit EvalEnv(const Program& p) : program(p) {}
  const Program& program;
  StoreTx* tx = nullptr; // data functions need one (inside `run` steps)
  // now() / uuid(): fresh inside actions (their effects commit with the step's checkpoint),
  // recorded and replayed in workflow-level expressions.
  std::function<Json(const std::string& fn)> nondeterministic;
  int64_t deadlineMs = 0; // 0 = none; checked at every statement and loop iteration
  size_t maxIterations = 1000000;
  int depth = 0; // action call depth (bounded: recursion is an error, not a crash)
};

Json evalExpr(const Json& expr, Scope& scope, EvalEnv& env);
// Calls a server action with named arguments; returns its `return` value (or null).
Json callAction(const std::string& name, const Json& namedArgs, EvalEnv& env);

bool truthy(const Json& v);
std::string displayText(const Json& v); // a value as text (strings without quotes)

Json freshNow();  // ISO-8601 UTC with milliseconds
Json freshUuid(); // random version-4 UUID

} // namespace locus::rt
