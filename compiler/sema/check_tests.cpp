// `test "name" { … }` blocks (locusc test): one `run` of a known workflow or server action with
// arguments that fit it, stubs that match steps of that workflow, and `given` / `expect` bodies
// checked like action code with the test's names in scope (CodeChecker::checkTest).
#include "compiler/sema/checks.h"

#include "compiler/base/suggest.h"
#include "compiler/sema/code_checker.h"

#include <algorithm>
#include <map>
#include <set>

namespace locus {

namespace {

// Every step of a workflow (handlers included), depth first.
void collectSteps(const ast::StepList& list, std::vector<const ast::Step*>& out) {
  for (const ast::Step& s : list) {
    out.push_back(&s);
    collectSteps(s.body, out);
    collectSteps(s.elseBody, out);
    for (const ast::StepList& b : s.branches) collectSteps(b, out);
    collectSteps(s.catchBody, out);
    collectSteps(s.finallyBody, out);
  }
}

std::string labelOf(const ast::Step& s) {
  if (!s.binding.name.empty()) return s.binding.name;
  return s.name.name;
}

bool stubbable(const ast::Step& s) {
  using K = ast::StepKind;
  return s.kind == K::HttpRequest || s.kind == K::SendEmail || s.kind == K::WaitFor ||
         s.kind == K::Generic;
}

void checkStub(const ast::TestStub& stub, const ast::Workflow& wf, DiagnosticSink& sink) {
  std::vector<const ast::Step*> steps;
  collectSteps(wf.steps, steps);
  collectSteps(wf.onErrorSteps, steps);
  collectSteps(wf.onFailureSteps, steps);
  std::vector<std::string> kinds, labels;
  bool kindFound = false;
  for (const ast::Step* s : steps) {
    if (!stubbable(*s)) continue;
    kinds.push_back(s->keyword.name);
    if (s->keyword.name != stub.kind.name) continue;
    kindFound = true;
    if (stub.name.name.empty() || labelOf(*s) == stub.name.name) return;
    if (!labelOf(*s).empty()) labels.push_back(labelOf(*s));
  }
  if (!kindFound) {
    std::string known;
    for (const std::string& k : std::set<std::string>(kinds.begin(), kinds.end()))
      known += (known.empty() ? "" : ", ") + k;
    sink.emit(DiagKind::InvalidStub, stub.kind.span,
              "workflow '" + wf.name.name + "' has no `" + stub.kind.name + "` step to stub" +
                  didYouMeanSuffix(stub.kind.name, kinds) +
                  (known.empty() ? "; it has no step that can be stubbed"
                                 : " (stubbable steps: " + known + ")"));
    return;
  }
  sink.emit(DiagKind::InvalidStub, stub.name.span,
            "workflow '" + wf.name.name + "' has no `" + stub.kind.name + "` step named '" +
                stub.name.name +
                "' (a step is named by its `const` binding, else its explicit "
                "name; leave the name out to stub every `" +
                stub.kind.name + "` step)" + didYouMeanSuffix(stub.name.name, labels));
}

bool requiredInput(const ast::Param& p) {
  return !p.defaultValue && !(p.type && (p.type->optional || p.type->nullable));
}

void checkWorkflowArgs(const ast::Test& t, const ast::Workflow& wf, DiagnosticSink& sink) {
  std::vector<std::string> names;
  for (const ast::Param& p : wf.input) names.push_back(p.name.name);
  std::set<std::string> given;
  for (const ast::Arg& a : t.args) {
    if (a.name.name.empty()) {
      sink.emit(DiagKind::InvalidTestArguments, a.value ? a.value->span : t.runSpan,
                "workflow '" + wf.name.name + "' takes its input as named arguments: write `run " +
                    wf.name.name + "(field: value, …)`");
      continue;
    }
    given.insert(a.name.name);
    if (std::find(names.begin(), names.end(), a.name.name) == names.end())
      sink.emit(DiagKind::InvalidTestArguments, a.name.span,
                "'" + a.name.name + "' is not an input field of workflow '" + wf.name.name + "'" +
                    didYouMeanSuffix(a.name.name, names));
  }
  for (const ast::Param& p : wf.input)
    if (requiredInput(p) && !given.count(p.name.name))
      sink.emit(DiagKind::InvalidTestArguments, t.target.span,
                "the input field '" + p.name.name + "' of workflow '" + wf.name.name +
                    "' is required; add `" + p.name.name + ": …` to the arguments");
}

void checkActionArgs(const ast::Test& t, const ast::Action& a, DiagnosticSink& sink) {
  std::vector<std::string> names;
  for (const ast::Param& p : a.params) names.push_back(p.name.name);
  size_t positional = 0;
  std::set<std::string> given;
  for (const ast::Arg& arg : t.args) {
    if (arg.name.name.empty()) {
      if (positional < names.size()) given.insert(names[positional]);
      ++positional;
      continue;
    }
    given.insert(arg.name.name);
    if (std::find(names.begin(), names.end(), arg.name.name) == names.end())
      sink.emit(DiagKind::InvalidTestArguments, arg.name.span,
                "'" + arg.name.name + "' is not a parameter of action '" + a.name.name + "'" +
                    didYouMeanSuffix(arg.name.name, names));
  }
  if (positional > names.size())
    sink.emit(DiagKind::InvalidTestArguments, t.runSpan,
              "action '" + a.name.name + "' takes " + std::to_string(names.size()) +
                  " argument(s), but " + std::to_string(positional) + " are given");
  for (const ast::Param& p : a.params)
    if (!p.defaultValue && !given.count(p.name.name))
      sink.emit(DiagKind::InvalidTestArguments, t.target.span,
                "the parameter '" + p.name.name + "' of action '" + a.name.name +
                    "' has no value; add it to the arguments");
}

// The target, its arguments and the stubs; returns the type of `output`.
Type checkTarget(const ast::Test& t, const Symbols& symbols, DiagnosticSink& sink) {
  if (auto wf = symbols.workflows.find(t.target.name); wf != symbols.workflows.end()) {
    checkWorkflowArgs(t, *wf->second, sink);
    for (const ast::TestStub& s : t.stubs) checkStub(s, *wf->second, sink);
    return Type::any();
  }
  if (auto a = symbols.serverActions.find(t.target.name); a != symbols.serverActions.end()) {
    checkActionArgs(t, *a->second, sink);
    for (const ast::TestStub& s : t.stubs)
      sink.emit(DiagKind::InvalidStub, s.span,
                "'" + t.target.name +
                    "' is an action: it has no steps to stub (stubs apply to workflows)");
    return typeFromRef(a->second->returnType.get(), symbols);
  }
  std::vector<std::string> names;
  for (const auto& [n, _] : symbols.workflows) names.push_back(n);
  for (const auto& [n, _] : symbols.serverActions) names.push_back(n);
  sink.emit(DiagKind::UnknownTestTarget, t.target.span,
            "'" + t.target.name + "' is neither a workflow nor a server action" +
                didYouMeanSuffix(t.target.name, names));
  return Type::any();
}

void checkTest(const ast::Test& t, const Symbols& symbols, DiagnosticSink& sink) {
  if (t.name.empty())
    sink.emit(DiagKind::InvalidTest, t.nameSpan.valid() ? t.nameSpan : t.span,
              "a test needs a name: `test \"what it checks\" { … }`");
  Type output = Type::any();
  if (!t.hasRun)
    sink.emit(DiagKind::InvalidTest, t.nameSpan.valid() ? t.nameSpan : t.span,
              "test '" + t.name +
                  "' runs nothing; add `run Workflow(input…)` or `run action(args…)`");
  else
    output = checkTarget(t, symbols, sink);
  CodeChecker(symbols, nullptr, sink).checkTest(t, output);
}

} // namespace

void checkTests(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink) {
  std::map<std::string, Span> seen;
  for (const ast::Test& t : program.tests) {
    auto [it, inserted] = seen.emplace(t.name, t.nameSpan);
    if (!inserted && !t.name.empty())
      sink.emit(DiagKind::InvalidTest, t.nameSpan,
                "two tests are named \"" + t.name +
                    "\"; test names must be unique (they name "
                    "the test in reports and --filter)")
          .notes.push_back({it->second, "the other test is named here"});
    checkTest(t, symbols, sink);
  }
}

} // namespace locus
