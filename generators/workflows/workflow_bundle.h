// The workflow bundle: the IR subset that `locus` executes — workflows with their step trees and
// step IDs exactly as in the IR, the server actions they call (directly or through other
// actions), and the table/column metadata of every entity.
#pragma once

#include "compiler/base/ordered_json.h"
#include <nlohmann/json.hpp>

#include <string>

namespace locus {

inline constexpr int kBundleVersion = 1;

// The bundle's JSON text (`indent` as in jsonText): {"bundleVersion", "irVersion", "workflows",
// "actions", "entities"}, written straight from the IR as a stream (the bundle of a large project
// is megabytes; copying the workflows into a new tree first cost more than writing them).
std::string workflowBundleText(const locus::OrderedJson& ir, int indent);

} // namespace locus
