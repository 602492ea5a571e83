// Internal to compiler/ir: the step tree of a workflow (steps.cpp), used by workflows.cpp.
#pragma once

#include "compiler/ir/lower_context.h"

namespace locus::ir {

// The main `steps { }` list, rooted at the workflow's name.
Json lowerMainSteps(const ast::Workflow& wf, const Context& cx);

// An on_error / on_failure handler rooted at `root` ("W.on_error"): the peer's bare action names
// become run steps (in front), followed by the handler's own steps; `error` is in scope.
Json lowerHandlerSteps(const ast::Workflow& wf, const std::vector<ast::Ident>& actionNames,
                       const ast::StepList& steps, const std::string& root, const Context& cx);

// throttle, rateLimit, debounce and priority (flow_control.cpp), each null when not declared.
void lowerFlowControl(Json& workflow, const ast::Workflow& wf, const Context& cx);

} // namespace locus::ir
