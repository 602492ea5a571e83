// Names in workflows: `const` bindings, inputs, state, loop and catch variables.
//
// Bindings are visible to every step after the one that declares them (the peer shares one
// binding table per run, so a binding made inside a branch or loop stays visible after it).
// A use of a binding declared by the same or a later step is always an error (E0508).
//
// Unknown names. The peer reads a name it cannot resolve as literal text or an external value
// (`run doThing(userId)` without any input, `send_email { to: userEmail, subject: Hello }`), and
// its corpus relies on that. We keep that reading for peer-style workflows and are strict for
// ours:
//   * a workflow that declares typed inputs (`input { userId: Integer }`) is "strict": a name that
//     is not an input, state variable, binding, loop/catch variable, entity or global is E0103;
//   * other workflows (no input, or untyped `input { userId }`) accept unknown names silently;
//   * in either case a bare name or dotted name that is the whole value of a send_email or
//     http_request property, a queue_publish topic or a wait_for signal/approval is literal text
//     (`template: welcome.html`, `subject: Hello`) when it does not resolve.
#include "compiler/sema/workflow_checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/builtin_names.h"
#include "compiler/sema/expr_names.h"

#include <map>
#include <set>

namespace locus {

namespace {

using ast::Step;
using ast::StepKind;

struct Binding {
  Span span;
  size_t order = 0; // pre-order index of the declaring step
  bool used = false;
};

class WorkflowNames {
public:
  WorkflowNames(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink)
      : wf_(wf), symbols_(symbols), sink_(sink) {}

  void run();

private:
  void declareInputs();
  void declareBindings();
  void resolveSteps(const ast::StepList& steps);
  void resolveStep(const Step& s, size_t order);
  void resolveExpr(const ast::Expr& e, size_t order, bool literalText = false);
  void resolveName(const ast::Expr& name, size_t order, bool literalText);
  bool isLiteralTextProp(const Step& s, const ast::Arg& a) const;
  std::vector<std::string> candidates(size_t order) const;
  void reportUnused();

  const ast::Workflow& wf_;
  const Symbols& symbols_;
  DiagnosticSink& sink_;
  bool strict_ = false;
  std::map<std::string, Span> inputs_;      // inputs and state variables
  std::map<std::string, Binding> bindings_; // first declaration of each binding
  std::vector<std::string> locals_;         // loop and catch variables in scope
  std::map<const Step*, size_t> order_;
};

void WorkflowNames::declareInputs() {
  for (const ast::Param& p : wf_.input) {
    strict_ = strict_ || p.type != nullptr;
    inputs_.emplace(p.name.name, p.name.span);
  }
  for (const ast::StateVar& v : wf_.state) inputs_.emplace(v.name.name, v.name.span);
}

void WorkflowNames::declareBindings() {
  size_t order = 0;
  auto visit = [&](const Step& s) {
    order_[&s] = order++;
    if (s.binding.name.empty()) return;
    if (auto in = inputs_.find(s.binding.name); in != inputs_.end())
      sink_
          .emit(DiagKind::BindingShadows, s.binding.span,
                "binding '" + s.binding.name + "' reuses the name of a workflow input or state " +
                    "variable; rename the binding")
          .notes.push_back({in->second, "declared here"});
    auto [it, inserted] = bindings_.emplace(s.binding.name, Binding{s.binding.span, order_[&s]});
    if (!inserted)
      sink_
          .emit(DiagKind::DuplicateBinding, s.binding.span,
                "binding '" + s.binding.name + "' is declared twice; rename one")
          .notes.push_back({it->second.span, "first declared here"});
  };
  forEachStep(wf_.steps, visit);
  forEachStep(wf_.onErrorSteps, visit);
  forEachStep(wf_.onFailureSteps, visit);
}

std::vector<std::string> WorkflowNames::candidates(size_t order) const {
  std::vector<std::string> names(locals_.begin(), locals_.end());
  for (const auto& [name, span] : inputs_) names.push_back(name);
  for (const auto& [name, b] : bindings_)
    if (b.order < order) names.push_back(name);
  return names;
}

void WorkflowNames::resolveName(const ast::Expr& name, size_t order, bool literalText) {
  const std::string& n = name.text;
  if (n == "currentUser") return; // workflow_current_user.cpp
  for (const std::string& local : locals_)
    if (local == n) return;
  if (inputs_.count(n)) return;
  if (auto b = bindings_.find(n); b != bindings_.end()) {
    b->second.used = true;
    if (b->second.order < order) return;
    sink_
        .emit(DiagKind::UseBeforeDeclaration, name.span,
              "'" + n + "' is used before the step that declares it; move this step after it")
        .notes.push_back({b->second.span, "'" + n + "' is declared here"});
    return;
  }
  if (!strict_ || literalText || symbols_.entities.count(n) || isGlobalName(n)) return;
  std::vector<std::string> known = candidates(order);
  std::string hint = didYouMean(n, known);
  Diagnostic& d = sink_.emit(DiagKind::UnknownName, name.span,
                             "unknown name '" + n + "' in workflow '" + wf_.name.name +
                                 "'; declare it in `input { }` or bind it with `const`" +
                                 (hint.empty() ? "" : "; " + hint));
  d.suggestion = closestMatch(n, known);
}

void WorkflowNames::resolveExpr(const ast::Expr& e, size_t order, bool literalText) {
  // Only a bare (dotted) name that is the whole value can be literal text.
  bool wholeIsName = literalText && !dottedName(e).empty();
  forEachFreeName(e, [&](const ast::Expr& name, NameUse use) {
    if (use == NameUse::Value) resolveName(name, order, wholeIsName);
  });
}

bool WorkflowNames::isLiteralTextProp(const Step& s, const ast::Arg& a) const {
  switch (s.kind) {
  case StepKind::SendEmail:
  case StepKind::HttpRequest:
    return true;
  case StepKind::QueuePublish:
    return a.name.name == "topic";
  case StepKind::WaitFor:
    return a.name.name == "signal" || a.name.name == "approval";
  default:
    return false;
  }
}

void WorkflowNames::resolveStep(const Step& s, size_t order) {
  for (const ast::Arg& a : s.args)
    if (a.value) resolveExpr(*a.value, order, isLiteralTextProp(s, a));
  if (s.condition) resolveExpr(*s.condition, order);
  if (s.iterable) resolveExpr(*s.iterable, order);
  size_t outer = locals_.size();
  if (s.kind == StepKind::ForEach && !s.loopVar.name.empty()) locals_.push_back(s.loopVar.name);
  resolveSteps(s.body);
  locals_.resize(outer);
  resolveSteps(s.elseBody);
  for (const ast::StepList& branch : s.branches) resolveSteps(branch);
  if (!s.catchVar.name.empty()) locals_.push_back(s.catchVar.name);
  resolveSteps(s.catchBody);
  locals_.resize(outer);
  resolveSteps(s.finallyBody);
}

void WorkflowNames::resolveSteps(const ast::StepList& steps) {
  for (const Step& s : steps) resolveStep(s, order_.at(&s));
}

void WorkflowNames::reportUnused() {
  for (const auto& [name, b] : bindings_)
    if (!b.used)
      sink_.emit(DiagKind::UnusedBinding, b.span,
                 "binding '" + name + "' is never used; remove `const " + name + " =` or use it");
}

void WorkflowNames::run() {
  declareInputs();
  declareBindings();
  resolveSteps(wf_.steps);
  // Error handlers run after the steps: every binding may be visible, plus `error`.
  locals_.push_back("error");
  resolveSteps(wf_.onErrorSteps);
  resolveSteps(wf_.onFailureSteps);
  locals_.clear();
  reportUnused();
}

} // namespace

void checkWorkflowNames(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink) {
  WorkflowNames(wf, symbols, sink).run();
}

} // namespace locus
