// The workflow bundle: the IR subset that `locus` executes — workflows with their step trees and
// step IDs exactly as in the IR, the server actions they call (directly or through other
// actions), and the table/column metadata of every entity.
#pragma once

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <string>

namespace locus {

inline constexpr int kBundleVersion = 1;

locus::OrderedJson workflowBundle(const locus::OrderedJson& ir);

// jsonText(workflowBundle(ir), indent), written straight from the IR without copying the
// workflows into a new tree first (the bundle of a large project is megabytes).
std::string workflowBundleText(const locus::OrderedJson& ir, int indent);

} // namespace locus
