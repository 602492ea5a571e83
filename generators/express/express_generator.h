// The `express` generator: a TypeScript Express API in server/ (docs/generators/express.md).
#pragma once

#include "generators/generator.h"

namespace locus {

Generator expressGenerator();

} // namespace locus
