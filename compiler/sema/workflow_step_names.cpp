#include "compiler/sema/workflow_checks.h"

#include <map>

namespace locus {

namespace {

// The label a step contributes to its ID when it has one of its own (docs/design/DESIGN.md §7);
// unnamed steps are numbered `kind#n` and cannot collide.
const ast::Ident* ownLabel(const ast::Step& s) {
  if (!s.binding.name.empty()) return &s.binding;
  if (!s.name.name.empty()) return &s.name;
  return nullptr;
}

void checkList(const ast::StepList& steps, const std::string& workflow, DiagnosticSink& sink) {
  struct Seen {
    Span span;
    bool binding;
  };
  std::map<std::string, Seen> seen;
  for (const ast::Step& s : steps) {
    if (const ast::Ident* label = ownLabel(s)) {
      bool binding = label == &s.binding;
      auto [it, inserted] = seen.emplace(label->name, Seen{label->span, binding});
      // Two `const` bindings of one name are already E0506 (DuplicateBinding).
      if (!inserted && !(binding && it->second.binding))
        sink.emit(DiagKind::DuplicateStepName, label->span,
                  "two steps of workflow '" + workflow + "' are named '" + label->name +
                      "' in the same block; step names must be unique because they form the "
                      "step's ID")
            .notes.push_back({it->second.span, "the other step is named here"});
    }
    checkList(s.body, workflow, sink);
    checkList(s.elseBody, workflow, sink);
    for (const ast::StepList& branch : s.branches) checkList(branch, workflow, sink);
    checkList(s.catchBody, workflow, sink);
    checkList(s.finallyBody, workflow, sink);
  }
}

} // namespace

void checkStepNames(const ast::Workflow& wf, DiagnosticSink& sink) {
  checkList(wf.steps, wf.name.name, sink);
  checkList(wf.onErrorSteps, wf.name.name, sink);
  checkList(wf.onFailureSteps, wf.name.name, sink);
}

} // namespace locus
