// The workflow bundle: the IR subset that `locus` executes — workflows with their step trees and
// step IDs exactly as in the IR, the server actions they call (directly or through other
// actions), and the table/column metadata of every entity.
#pragma once

#include <nlohmann/json.hpp>

namespace locus {

inline constexpr int kBundleVersion = 1;

nlohmann::ordered_json workflowBundle(const nlohmann::ordered_json& ir);

} // namespace locus
