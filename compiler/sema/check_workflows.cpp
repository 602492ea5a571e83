// Workflows: structure (steps, input/state, run targets, loops, size), then the parts in their
// own files: triggers, retry/concurrency policies, step properties and names/bindings
// (workflow_checks.h). Expressions inside steps are checked for names only; their types are
// the business of check_code.
#include "compiler/sema/checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/workflow_checks.h"

#include <map>

namespace locus {

void forEachStep(const ast::StepList& steps, const std::function<void(const ast::Step&)>& fn) {
  for (const ast::Step& s : steps) {
    fn(s);
    forEachStep(s.body, fn);
    forEachStep(s.elseBody, fn);
    for (const ast::StepList& branch : s.branches) forEachStep(branch, fn);
    forEachStep(s.catchBody, fn);
    forEachStep(s.finallyBody, fn);
  }
}

namespace {

using ast::Step;
using ast::StepKind;

Span stepSpan(const Step& s) {
  return s.keyword.span.valid() ? s.keyword.span : s.span;
}

void checkInputAndState(const ast::Workflow& wf, DiagnosticSink& sink) {
  std::map<std::string, Span> seen;
  auto declare = [&](const ast::Ident& name, const char* what) {
    auto [it, inserted] = seen.emplace(name.name, name.span);
    if (!inserted)
      sink.emit(DiagKind::DuplicateMember, name.span,
                std::string(what) + " '" + name.name + "' is declared twice in workflow '" +
                    wf.name.name + "'; rename or remove one")
          .notes.push_back({it->second, "first declared here"});
  };
  for (const ast::Param& p : wf.input) declare(p.name, "input");
  for (const ast::StateVar& v : wf.state) declare(v.name, "state variable");
}

// Argument count against a server action's declared parameters (client actions are called
// with whatever the peer passes, so they are not counted).
void checkRunArguments(const Step& s, const ast::Action& action, DiagnosticSink& sink) {
  size_t required = 0;
  for (const ast::Param& p : action.params)
    if (!p.defaultValue && !(p.type && p.type->optional)) ++required;
  for (const ast::Arg& a : s.args) {
    if (a.name.name.empty()) continue;
    bool known = false;
    for (const ast::Param& p : action.params) known = known || p.name.name == a.name.name;
    if (!known)
      sink.emit(DiagKind::WrongArgumentCount, a.name.span,
                "action '" + action.name.name + "' has no parameter '" + a.name.name + "'");
  }
  if (s.args.size() < required || s.args.size() > action.params.size())
    sink.emit(DiagKind::WrongArgumentCount, stepSpan(s),
              "action '" + action.name.name + "' takes " +
                  (required == action.params.size()
                       ? std::to_string(required)
                       : std::to_string(required) + " to " + std::to_string(action.params.size())) +
                  " argument(s), but " + std::to_string(s.args.size()) + " are given")
        .notes.push_back({action.name.span, "declared here"});
}

void checkRunTarget(const Step& s, const Symbols& symbols, DiagnosticSink& sink) {
  const std::string& name = s.target.name;
  if (auto server = symbols.serverActions.find(name); server != symbols.serverActions.end()) {
    checkRunArguments(s, *server->second, sink);
    return;
  }
  if (symbols.clientActions.count(name) || symbols.workflows.count(name)) return; // child: E0521
  std::vector<std::string> actions = symbols.actionNames();
  for (const auto& [workflow, _] : symbols.workflows) actions.push_back(workflow);
  std::string hint = didYouMean(name, actions);
  sink.emit(DiagKind::UnknownRunTarget, s.target.span.valid() ? s.target.span : stepSpan(s),
            "run '" + name + "': no action or workflow of that name; declare `action " + name +
                "(…) { … }`" + (hint.empty() ? "" : "; " + hint))
      .suggestion = closestMatch(name, actions);
}

void checkHandlerNames(const std::vector<ast::Ident>& names, const char* block,
                       const Symbols& symbols, DiagnosticSink& sink) {
  for (const ast::Ident& n : names) {
    if (symbols.serverActions.count(n.name) || symbols.clientActions.count(n.name)) continue;
    // Only on an error: building the sorted name list costs 20% of checking a large project.
    std::vector<std::string> actions = symbols.actionNames();
    std::string hint = didYouMean(n.name, actions);
    sink.emit(DiagKind::UnknownRunTarget, n.span,
              std::string(block) + " names '" + n.name + "', which is not an action" +
                  (hint.empty() ? "" : "; " + hint))
        .suggestion = closestMatch(n.name, actions);
  }
}

// Structural walk: break/continue placement, run targets, step properties, step count.
class StepWalker {
public:
  StepWalker(const Symbols& symbols, const CheckOptions& options, DiagnosticSink& sink)
      : symbols_(symbols), options_(options), sink_(sink) {}

  void walk(const ast::StepList& steps, bool inLoop) {
    for (const Step& s : steps) visit(s, inLoop);
  }
  size_t count() const { return count_; }

private:
  void visit(const Step& s, bool inLoop) {
    ++count_;
    if ((s.kind == StepKind::Break || s.kind == StepKind::Continue) && !inLoop)
      sink_.emit(DiagKind::BreakOutsideLoop, stepSpan(s),
                 std::string(s.kind == StepKind::Break ? "break" : "continue") +
                     " is only allowed inside forEach or while");
    if (s.kind == StepKind::Run) checkRunTarget(s, symbols_, sink_);
    checkStepParams(s, options_, sink_);
    bool loop = s.kind == StepKind::ForEach || s.kind == StepKind::While;
    walk(s.body, s.kind == StepKind::Parallel ? false : (inLoop || loop));
    walk(s.elseBody, inLoop);
    // A parallel branch cannot break out of an enclosing loop: it runs on its own.
    for (const ast::StepList& branch : s.branches) walk(branch, false);
    walk(s.catchBody, inLoop);
    walk(s.finallyBody, inLoop);
  }

  const Symbols& symbols_;
  const CheckOptions& options_;
  DiagnosticSink& sink_;
  size_t count_ = 0;
};

void checkWorkflow(const ast::Workflow& wf, const Symbols& symbols, const CheckOptions& options,
                   DiagnosticSink& sink) {
  if (!wf.hasSteps)
    sink.emit(DiagKind::WorkflowWithoutSteps, wf.name.span,
              "workflow '" + wf.name.name + "' has no `steps { … }` block; add one");
  checkInputAndState(wf, sink);
  checkTriggers(wf, symbols, sink);
  checkRetry(wf, sink);
  checkConcurrency(wf, sink);
  checkFlowControl(wf, symbols, sink);
  StepWalker walker(symbols, options, sink);
  walker.walk(wf.steps, false);
  size_t mainSteps = walker.count();
  walker.walk(wf.onErrorSteps, false);
  walker.walk(wf.onFailureSteps, false);
  checkHandlerNames(wf.onError, "on_error", symbols, sink);
  checkHandlerNames(wf.onFailure, "on_failure", symbols, sink);
  checkWorkflowNames(wf, symbols, sink);
  checkStepNames(wf, sink);
  checkChildWorkflows(wf, symbols, sink);
  if (mainSteps > options.maxWorkflowSteps)
    sink.emit(DiagKind::TooManySteps, wf.name.span,
              "workflow '" + wf.name.name + "' has " + std::to_string(mainSteps) +
                  " steps (more than " + std::to_string(options.maxWorkflowSteps) +
                  "); consider splitting it into smaller workflows");
}

} // namespace

void checkWorkflows(const ast::File& program, const Symbols& symbols, const CheckOptions& options,
                    DiagnosticSink& sink) {
  AuthConfig auth = readAuthConfig(program, symbols);
  for (const ast::Workflow& wf : program.workflows) {
    checkWorkflow(wf, symbols, options, sink);
    checkWorkflowCurrentUser(wf, auth, sink);
  }
}

} // namespace locus
