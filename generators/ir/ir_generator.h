// `ir`: writes the program's IR as `ir/program.json`, for external tools and out-of-process
// generators that read the public IR (docs/ir.md) from the build output.
#pragma once

#include "generators/generator.h"

namespace locus {
Generator irGenerator();
} // namespace locus
