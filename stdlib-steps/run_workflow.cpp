// run_workflow: `run Other(field: value)` in a workflow starts `Other` as a child run and waits
// for its result (docs/runtime.md, "Child workflows"). The child's ID derives from this run and
// step, so a resumed parent finds the child it started instead of starting another. The child is
// executed here when it can be claimed at once (also when the process that ran it died); when it
// waits (a timer, a signal, a full concurrency group, another live process) the parent waits
// too, until the child's end signals it.
#include "runtime/engine/child_runs.h"
#include "runtime/engine/executor.h"
#include "runtime/engine/run_control.h"
#include "runtime/engine/runner.h"
#include "runtime/engine/waits.h"
#include "stdlib-steps/kinds.h"

namespace locus::steps {

namespace {

// A safety net for a parent whose child ended in a process that crashed before it could send
// the signal: the parent looks at its child again after this long.
constexpr int64_t kChildRecheckMs = 5 * 60 * 1000;

Json childInput(const Json& step, StepContext& cx) {
  Json input = Json::object();
  for (const Json& a : step["args"])
    if (a.contains("name")) input[a["name"].get<std::string>()] = cx.eval(a["value"]);
  return input;
}

// The child run of this step: created on the first execution, found again on the next ones.
rt::RunRecord startChild(const Json& step, StepContext& cx, const std::string& childId) {
  rt::EngineServices& services = cx.execution.services;
  const std::string workflow = step["workflow"].get<std::string>();
  if (std::optional<rt::RunRecord> existing = services.store.getRun(childId)) {
    std::optional<rt::ParentLink> parent = rt::parentOf(services.store, childId);
    if (existing->workflow != workflow || (parent && parent->run != cx.runId()))
      throw StepError("run " + childId + " exists and is not the child this step started", false,
                      "child");
    rt::linkChild(services.store, {cx.runId(), cx.frame.currentStep}, childId);
    return *existing;
  }
  const Json* definition = services.program.workflow(workflow);
  if (!definition)
    throw StepError("workflow " + workflow + " is not part of the program this run executes", false,
                    "child");
  Json input = childInput(step, cx);
  std::vector<std::string> problems = rt::validateInput(*definition, input, services.program);
  if (!problems.empty())
    throw StepError("the input of child workflow " + workflow + " is not valid: " + problems[0],
                    false, "validation");
  rt::RunRecord child = rt::newRun(services.program, workflow, input, childId);
  // A parent waits for its child's result, so a newer run must never replace it: children are
  // not debounced (their throttle, rate limit, priority and concurrency apply).
  child.flow.debounceKey.clear();
  services.store.createRun(child); // false: created by a racing execution of this step
  rt::linkChild(services.store, {cx.runId(), cx.frame.currentStep}, childId);
  rt::traceRunEvent(services.store, child, "started-by-parent",
                    {{"parent", cx.runId()}, {"parentStep", cx.frame.currentStep}});
  return *services.store.getRun(childId);
}

// The child's end as this step's outcome: its output, or its failure as the step's.
Flow childEnded(const rt::RunRecord& child, StepContext& cx, Json& result) {
  if (child.status == "completed") {
    result = child.output;
    return Flow::Next;
  }
  // A cancel of the parent reached the child first: the parent stops as cancelled too.
  if (std::optional<Json> cancel = cx.store().signal(cx.runId(), rt::kCancelSignal))
    throw rt::RunCancelled{cancel->value("reason", "")};
  std::string message = child.error.is_object() ? child.error.value("message", "") : "";
  throw StepError("child workflow " + child.workflow + " (run " + child.id + ") " + child.status +
                      (message.empty() ? "" : ": " + message),
                  false, child.status == "failed" ? "child_failed" : "child_" + child.status,
                  child.error);
}

class RunWorkflowStep : public rt::StepKind {
public:
  bool leaf() const override { return true; }
  Flow execute(const Json& step, StepContext& cx, Json& result) override {
    if (cx.frame.tx)
      throw StepError("a child workflow cannot run inside db_tx; move the step out of it", false,
                      "db_tx");
    const std::string childId = rt::childRunId(cx.runId(), cx.frame.currentStep);
    rt::RunRecord child = startChild(step, cx, childId);
    if (!rt::runHasEnded(child.status)) { // a child held by a live process stays Busy
      rt::RunOutcome outcome;
      rt::claimAndExecute(cx.execution.services, childId, cx.execution.owner, outcome);
      child = *cx.store().getRun(childId);
    }
    if (rt::runHasEnded(child.status)) return childEnded(child, cx, result);
    std::string key = rt::kChildSignalPrefix + childId;
    cx.execution.recordWait(cx.frame.currentStep, key);
    throw rt::RunSuspended{rt::nowMs() + kChildRecheckMs, key};
  }
};

} // namespace

std::unique_ptr<rt::StepKind> makeRunWorkflowStep() {
  return std::make_unique<RunWorkflowStep>();
}

} // namespace locus::steps
