#include "runtime/testing/test_expectations.h"

#include "runtime/testing/test_coverage.h"

#include <set>

namespace locus::rt::testing {

namespace {

// Which step IDs (runtime or static) and branch IDs the run reached, for `ran(id)`.
std::set<std::string> reached(const Program& program, const std::set<std::string>& executed) {
  std::set<std::string> out = executed;
  std::set<std::string> loops = loopStepIds(program.ir);
  for (const std::string& id : executed) out.insert(staticStepId(id, loops));
  for (const std::string& b : takenBranches(program.ir, executed)) out.insert(b);
  return out;
}

bool isRanCall(const Json& e) {
  return e.value("kind", "") == "call" && e.contains("callee") &&
         e["callee"].value("kind", "") == "name" && e["callee"].value("name", "") == "ran";
}

// The condition with every `ran(x)` replaced by its boolean answer.
Json resolveRan(const Json& e, const std::set<std::string>& ids, Scope& scope, EvalEnv& env) {
  if (e.is_array()) {
    Json out = Json::array();
    for (const Json& x : e) out.push_back(resolveRan(x, ids, scope, env));
    return out;
  }
  if (!e.is_object()) return e;
  if (isRanCall(e)) {
    const Json& args = e.value("args", Json::array());
    Json id =
        args.empty() ? Json() : evalExpr(resolveRan(args[0]["value"], ids, scope, env), scope, env);
    if (!id.is_string())
      throw StepError("ran(…) takes a step ID as a string, e.g. ran(\"Checkout/if#0/else\")", false,
                      "evaluation");
    return {{"kind", "bool"}, {"value", ids.count(id.get<std::string>()) > 0}};
  }
  Json out = Json::object();
  for (const auto& [k, v] : e.items()) out[k] = resolveRan(v, ids, scope, env);
  return out;
}

std::string show(const Json& v) {
  return v.dump();
}

bool isComparison(const Json& e) {
  if (e.value("kind", "") != "binary") return false;
  std::string op = e.value("op", "");
  return op == "==" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=" ||
         op == "===" || op == "!==";
}

std::string describe(const Json& cond, const Json& value, Scope& scope, EvalEnv& env) {
  if (!isComparison(cond)) return "expected true, actual " + show(value);
  Json actual = evalExpr(cond["lhs"], scope, env), expected = evalExpr(cond["rhs"], scope, env);
  std::string op = cond.value("op", "");
  if (op == "==" || op == "===") return "expected " + show(expected) + ", actual " + show(actual);
  if (op == "!=" || op == "!==")
    return "expected anything but " + show(expected) + ", actual " + show(actual);
  return "expected a value " + op + " " + show(expected) + ", actual " + show(actual);
}

std::string runContext(const TestResult& r) {
  if (r.status.empty() || r.status == "completed") return "";
  std::string message = r.error.is_object() ? r.error.value("message", std::string()) : "";
  return " (the run ended " + r.status + (message.empty() ? "" : ": " + message) + ")";
}

} // namespace

void checkExpectations(const Json& test, Expectations& x) {
  TestResult& r = x.result;
  Scope scope;
  scope["output"] = r.output;
  scope["status"] = r.status;
  scope["error"] = r.error;
  scope["steps"] = r.path;
  scope["emails"] = x.seen.emails;
  scope["requests"] = x.seen.requests;
  scope["messages"] = x.messages;
  std::set<std::string> ids = reached(x.program, x.seen.seen);
  auto tx = x.store.begin(); // reads only; never committed
  EvalEnv env(x.program);
  env.tx = tx.get();
  env.nondeterministic = [](const std::string& fn) {
    return fn == "now" ? freshNow() : freshUuid();
  };
  for (const Json& expect : test.value("expects", Json::array())) {
    const Json& span = expect["span"];
    try {
      Json cond = resolveRan(expect["condition"], ids, scope, env);
      Json value = evalExpr(cond, scope, env);
      if (!truthy(value))
        r.failures.push_back({describe(cond, value, scope, env) + runContext(r), span});
    } catch (const std::exception& e) {
      r.failures.push_back(
          {std::string("the condition could not be evaluated: ") + e.what() + runContext(r), span});
    }
  }
}

} // namespace locus::rt::testing
