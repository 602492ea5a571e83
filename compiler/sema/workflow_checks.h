// Internal interface between the parts of the workflow check (check_workflows.cpp drives them).
#pragma once

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/sema/auth_config.h"
#include "compiler/sema/check_program.h"
#include "compiler/sema/symbols.h"

#include <functional>

namespace locus {

// Every step of `steps` and of all nested step lists, in source (pre-)order.
void forEachStep(const ast::StepList& steps, const std::function<void(const ast::Step&)>& fn);

// workflow_triggers.cpp: trigger kinds, their arguments, cron strings (E0502, E0517, W0503).
void checkTriggers(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink);
// workflow_policies.cpp: `retry { … }` (E0504) and `concurrency { … }` (E0505).
void checkRetry(const ast::Workflow& wf, DiagnosticSink& sink);
void checkConcurrency(const ast::Workflow& wf, DiagnosticSink& sink);
// flow_control.cpp: throttle, rateLimit, debounce (E0523), priority (E0526), their keys over the
// input (E0525), and unknown words where a workflow member belongs (E0524).
void checkFlowControl(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink);
// workflow_step_params.cpp: the properties of one step by kind (send_email, http_request, delay,
// schedule, queue_publish, wait_for, parallel, plugin kinds); not the nested steps.
void checkStepParams(const ast::Step& step, const CheckOptions& options, DiagnosticSink& sink);
// workflow_bindings.cpp: `const` bindings (E0506, E0507, W0514), names used by steps (E0508,
// E0103), loop and catch variables.
void checkWorkflowNames(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink);
// workflow_step_names.cpp: sibling steps must have distinct labels, because a label is part of
// the step's deterministic ID (E0520).
void checkStepNames(const ast::Workflow& wf, DiagnosticSink& sink);
// child_workflows.cpp: `run Other(…)` steps that start a child workflow (E0521): named input,
// not inside db_tx, no workflow that starts itself.
void checkChildWorkflows(const ast::Workflow& wf, const Symbols& symbols, DiagnosticSink& sink);
// workflow_current_user.cpp: `currentUser` in steps (E0103 without auth, E1005, E0608, E0604).
void checkWorkflowCurrentUser(const ast::Workflow& wf, const AuthConfig& auth,
                              DiagnosticSink& sink);
// A workflow's input given as named arguments `args` (`run W(a: 1)` in steps and tests).
void checkWorkflowArguments(const std::vector<ast::Arg>& args, Span target, const ast::Workflow& wf,
                            DiagKind kind, DiagnosticSink& sink);

} // namespace locus
