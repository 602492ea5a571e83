// `currentUser` in workflows: the user the run acts for (the API's caller that started it), or
// null for a run nobody signed in started (a schedule, a webhook, `locus run`). It needs
// `auth { }` (E0103 without), no input, state variable, binding or loop variable may take the
// name (E1005), and reading a field needs a check first (an `if` step) or `?.` (E0608).
#include "compiler/sema/current_user_reads.h"
#include "compiler/sema/expr_names.h"
#include "compiler/sema/workflow_checks.h"

namespace locus {

namespace {

class WorkflowCurrentUser {
public:
  WorkflowCurrentUser(const AuthConfig& auth, DiagnosticSink& sink) : auth_(auth), sink_(sink) {}

  void run(const ast::Workflow& wf) {
    for (const ast::Param& p : wf.input) reserved(p.name, "input field");
    for (const ast::StateVar& v : wf.state) reserved(v.name, "state variable");
    for (const ast::StepList* list : {&wf.steps, &wf.onErrorSteps, &wf.onFailureSteps})
      steps(*list, false);
  }

private:
  void reserved(const ast::Ident& name, const char* what) {
    if (name.name != kCurrentUser || !auth_.block) return;
    sink_.emit(DiagKind::ReservedName, name.span,
               std::string("'currentUser' is the user a run acts for in a program with `auth { "
                           "}`; name this ") +
                   what + " otherwise");
  }

  void expr(const ast::Expr& e, bool signedIn) {
    if (!auth_.user) {
      forEachFreeName(e, [&](const ast::Expr& name, NameUse) {
        if (name.text == kCurrentUser)
          sink_.emit(DiagKind::UnknownName, name.span,
                     "'currentUser' needs an `auth { user: …, identity: …, password: … }` block "
                     "that names the user entity");
      });
      return;
    }
    checkCurrentUserReads(e, signedIn, auth_, sink_);
  }

  void steps(const ast::StepList& list, bool signedIn) {
    for (const ast::Step& s : list) step(s, signedIn);
  }

  void step(const ast::Step& s, bool signedIn) {
    reserved(s.binding, "binding");
    reserved(s.loopVar, "loop variable");
    reserved(s.catchVar, "catch variable");
    for (const ast::Arg& a : s.args)
      if (a.value) expr(*a.value, signedIn);
    if (s.iterable) expr(*s.iterable, signedIn);
    const ast::Expr* cond = s.condition.get();
    if (cond) expr(*cond, signedIn);
    bool branches = s.kind == ast::StepKind::If || s.kind == ast::StepKind::Branch ||
                    s.kind == ast::StepKind::While;
    steps(s.body, signedIn || (branches && cond && provesSignedIn(*cond, true)));
    steps(s.elseBody, signedIn || (branches && cond && provesSignedIn(*cond, false)));
    for (const ast::StepList& branch : s.branches) steps(branch, signedIn);
    steps(s.catchBody, signedIn);
    steps(s.finallyBody, signedIn);
  }

  const AuthConfig& auth_;
  DiagnosticSink& sink_;
};

} // namespace

void checkWorkflowCurrentUser(const ast::Workflow& wf, const AuthConfig& auth,
                              DiagnosticSink& sink) {
  WorkflowCurrentUser(auth, sink).run(wf);
}

} // namespace locus
