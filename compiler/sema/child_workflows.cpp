// `run Other(field: value, …)` in a workflow's steps: a child workflow run (docs/runtime.md,
// "Child workflows"). Its input is named, it cannot run inside db_tx, and the graph of workflows
// starting workflows has no cycle, so every run ends.
#include "compiler/sema/workflow_checks.h"

#include "compiler/base/suggest.h"

#include <algorithm>
#include <map>
#include <set>

namespace locus {

namespace {

bool requiredInput(const ast::Param& p) {
  return !p.defaultValue && !(p.type && (p.type->optional || p.type->nullable));
}

struct ChildStep {
  const ast::Step* step;
  const ast::Workflow* child;
};

// The child workflow steps of one step list; `inTx` is set for those inside a db_tx.
void collectChildSteps(const ast::StepList& steps, const Symbols& symbols, bool inTx,
                       std::vector<ChildStep>& out, std::vector<const ast::Step*>& inTxOut) {
  for (const ast::Step& s : steps) {
    if (s.kind == ast::StepKind::Run)
      if (auto wf = symbols.workflows.find(s.target.name); wf != symbols.workflows.end()) {
        out.push_back({&s, wf->second});
        if (inTx) inTxOut.push_back(&s);
      }
    bool tx = inTx || s.kind == ast::StepKind::DbTx;
    collectChildSteps(s.body, symbols, tx, out, inTxOut);
    collectChildSteps(s.elseBody, symbols, inTx, out, inTxOut);
    for (const ast::StepList& b : s.branches) collectChildSteps(b, symbols, tx, out, inTxOut);
    collectChildSteps(s.catchBody, symbols, inTx, out, inTxOut);
    collectChildSteps(s.finallyBody, symbols, inTx, out, inTxOut);
  }
}

std::vector<ChildStep> childStepsOf(const ast::Workflow& wf, const Symbols& symbols,
                                    std::vector<const ast::Step*>* inTx = nullptr) {
  std::vector<ChildStep> out;
  std::vector<const ast::Step*> tx;
  for (const ast::StepList* list : {&wf.steps, &wf.onErrorSteps, &wf.onFailureSteps})
    collectChildSteps(*list, symbols, false, out, tx);
  if (inTx) *inTx = std::move(tx);
  return out;
}

// Depth-first search for a path from `from` back to `target`; `path` receives the workflows on it.
bool reaches(const ast::Workflow& from, const ast::Workflow& target, const Symbols& symbols,
             std::set<const ast::Workflow*>& seen, std::vector<std::string>& path) {
  for (const ChildStep& c : childStepsOf(from, symbols)) {
    if (c.child == &target) return true;
    if (!seen.insert(c.child).second) continue;
    path.push_back(c.child->name.name);
    if (reaches(*c.child, target, symbols, seen, path)) return true;
    path.pop_back();
  }
  return false;
}

void checkCycle(const ast::Workflow& wf, const ChildStep& c, const Symbols& symbols,
                DiagnosticSink& sink) {
  std::set<const ast::Workflow*> seen{c.child};
  std::vector<std::string> path{wf.name.name};
  if (c.child != &wf) {
    path.push_back(c.child->name.name);
    if (!reaches(*c.child, wf, symbols, seen, path)) return;
  }
  std::string chain;
  for (const std::string& name : path) chain += name + " → ";
  sink.emit(DiagKind::InvalidChildWorkflow, c.step->target.span,
            "workflow '" + wf.name.name + "' would start itself (" + chain + wf.name.name +
                "), so its run could never end; move the shared steps into an action")
      .notes.push_back({c.child->name.span, "'" + c.child->name.name + "' is declared here"});
}

} // namespace

void checkWorkflowArguments(const std::vector<ast::Arg>& args, Span target, const ast::Workflow& wf,
                            DiagKind kind, DiagnosticSink& sink) {
  std::vector<std::string> names;
  for (const ast::Param& p : wf.input) names.push_back(p.name.name);
  std::set<std::string> given;
  for (const ast::Arg& a : args) {
    if (a.name.name.empty()) {
      sink.emit(kind, a.value ? a.value->span : target,
                "workflow '" + wf.name.name + "' takes its input as named arguments: write `run " +
                    wf.name.name + "(field: value, …)`");
      continue;
    }
    given.insert(a.name.name);
    if (std::find(names.begin(), names.end(), a.name.name) == names.end())
      sink.emit(kind, a.name.span,
                "'" + a.name.name + "' is not an input field of workflow '" + wf.name.name + "'" +
                    didYouMeanSuffix(a.name.name, names));
  }
  for (const ast::Param& p : wf.input)
    if (requiredInput(p) && !given.count(p.name.name))
      sink.emit(kind, target,
                "the input field '" + p.name.name + "' of workflow '" + wf.name.name +
                    "' is required; add `" + p.name.name + ": …` to the arguments");
}

void checkChildWorkflows(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink) {
  std::vector<const ast::Step*> inTx;
  for (const ChildStep& c : childStepsOf(wf, symbols, &inTx)) {
    checkWorkflowArguments(c.step->args, c.step->target.span, *c.child,
                           DiagKind::InvalidChildWorkflow, sink);
    checkCycle(wf, c, symbols, sink);
  }
  for (const ast::Step* s : inTx)
    sink.emit(DiagKind::InvalidChildWorkflow, s->target.span,
              "`run " + s->target.name +
                  "` starts a child workflow, which cannot run inside db_tx: the child commits "
                  "its steps in its own transactions; move the step out of the db_tx");
}

} // namespace locus
