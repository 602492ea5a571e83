// Deterministic step IDs (docs/design/DESIGN.md §7; the full rule with examples is in docs/ir.md
// "Step IDs").
//
//   id(step)   = prefix + "/" + label
//   label      = the binding (`const x = …`), else the explicit name (`http_request fetch {…}`),
//                else kind#n: n counts the earlier siblings of the same kind in the same step
//                list (0-based; named and bound siblings count too, so naming one step never
//                renumbers another)
//   prefix of a nested list = id of its step, plus
//                "/then" "/else" (if, branch), "/try" "/catch" "/finally" (try),
//                "[i]" (the i-th parallel branch, 0-based), "[*]" (forEach and while bodies:
//                the runtime writes the iteration number in place of *), nothing (db_tx).
//   the root prefix is the workflow name; on_error / on_failure lists are rooted at
//   "Workflow.on_error" / "Workflow.on_failure" (a '.' cannot occur in a step label, so
//   handler IDs never collide with main-step IDs).
#pragma once

#include "compiler/ast/ast.h"

#include <map>
#include <string>

namespace locus::ir {

// The word a step's kind# label uses: run, if, forEach, …, or the plugin kind (slack_post).
std::string stepKindWord(const ast::Step& step);

// Hands out the labels of one step list, in order.
class StepLabeler {
public:
  std::string next(const ast::Step& step);
  // For a step that exists only in the IR (an on_error action name becomes a run step).
  std::string next(const std::string& kind, const std::string& bindingOrName);

private:
  std::map<std::string, size_t> seen_; // kind → siblings of that kind so far
};

inline constexpr const char* kLoopIteration = "[*]";

// "W/forEach#0[*]/run#0" with iteration 3 of the loop at `loopId` → "W/forEach#0[3]/run#0".
std::string instantiateStepId(const std::string& staticId, const std::string& loopId,
                              size_t iteration);

} // namespace locus::ir
