// Step coverage of a test run, by deterministic step ID (docs/ir.md "Step IDs"): which steps of
// every workflow ran in some test, and which branches were taken — `if` then/else, a `try`'s
// catch, a loop's body. Loop iterations count as their static ID (`[3]` → `[*]`).
#pragma once

#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace locus::rt::testing {

using Json = nlohmann::json;

struct CoverageItem {
  std::string id;   // a step ID, or a branch ID (`W/if#0/then`, `W/if#0/else`, `W/try#0/catch`,
                    // `W/forEach#0[*]`)
  std::string kind; // the step's kind; for branches: then, else, catch, body
  Json span;        // of the step (of the owning step for a branch)
  int hits = 0;     // how many tests ran it
};

struct WorkflowCoverage {
  std::string name;
  Json span;
  std::vector<CoverageItem> steps, branches;
};

struct Coverage {
  std::vector<WorkflowCoverage> workflows; // every workflow of the program, in IR order
};

// Every step and branch of the program's workflows, none hit yet.
Coverage coverageOf(const Json& ir);

// Adds one test's run: `executed` holds the runtime step IDs that started.
void addExecuted(Coverage& coverage, const Json& ir, const std::set<std::string>& executed);

// The branch IDs a run took (for `ran("W/if#0/else")` in assertions), as static IDs.
std::set<std::string> takenBranches(const Json& ir, const std::set<std::string>& executed);

// The IDs of the program's loop steps (forEach, while).
std::set<std::string> loopStepIds(const Json& ir);
// A runtime step ID with its loop iterations replaced by `[*]` (`loops`: loopStepIds). A
// parallel branch's index (`parallel#0[1]`) is part of the static ID and stays.
std::string staticStepId(const std::string& runtimeId, const std::set<std::string>& loops);

// {"version": 1, "workflows": [{name, file, steps: [{id, kind, line, hits}], branches: […],
//  "stepsFound", "stepsHit", "branchesFound", "branchesHit"}], "totals": {…}}
Json coverageJson(const Coverage& coverage);
// One line per workflow, then every step and branch that never ran with its file:line.
std::string coverageText(const Coverage& coverage);

} // namespace locus::rt::testing
