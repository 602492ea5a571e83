// run: calls a server action. Its arguments are workflow expressions; its body runs in the
// step's transaction (its own, or the enclosing db_tx's), so its entity writes commit together
// with the step's checkpoint.
#include "runtime/engine/executor.h"
#include "stdlib-steps/kinds.h"

namespace locus::steps {

namespace {

class RunStep : public rt::StepKind {
public:
  bool leaf() const override { return true; }
  Flow execute(const Json& step, StepContext& cx, Json& result) override {
    const std::string action = step["action"].get<std::string>();
    if (step.value("actionKind", "server") != "server")
      throw StepError("`run " + action + "`: " + action + " is not a top-level server action, so "
                      "the runtime cannot execute it (declare it with `action` at the top level)",
                      false, "evaluation");
    Json named = Json::object();
    for (const Json& a : step["args"])
      if (a.contains("name")) named[a["name"].get<std::string>()] = cx.eval(a["value"]);
    rt::EvalEnv env = cx.evalEnv();
    env.tx = &cx.tx();
    env.deadlineMs = rt::nowMs() + cx.execution.services.options.stepTimeoutMs;
    result = rt::callAction(action, named, env);
    return Flow::Next;
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeRunStep() { return std::make_unique<RunStep>(); }

} // namespace locus::steps
