// The `prisma` generator: prisma/schema.prisma for the same database the sql generator creates
// (docs/generators/prisma.md).
#pragma once

#include "generators/generator.h"

namespace locus {

Generator prismaGenerator();

} // namespace locus
