// The registry of built-in generators. Plugin generators (hooks/) are appended by the driver and
// run through the same interface.
#pragma once

#include "generators/generator.h"

#include <vector>

namespace locus {

// Every built-in generator, in the fixed order in which their outputs are merged.
std::vector<Generator> builtinGenerators();

} // namespace locus
