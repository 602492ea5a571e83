// The `workflows` generator: workflows/bundle.json, the part of the IR the runtime executes
// (docs/generators/workflows.md).
#pragma once

#include "generators/generator.h"

namespace locus {

Generator workflowsGenerator();

} // namespace locus
