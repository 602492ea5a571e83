#include "generators/registry.h"

#include "generators/ir/ir_generator.h"
#include "generators/prisma/prisma_generator.h"
#include "generators/sql/sql_generator.h"

// One include and one line per built-in generator; the order of the list is the merge order.

namespace locus {

std::vector<Generator> builtinGenerators() {
  std::vector<Generator> all;
  all.push_back(sqlGenerator());
  all.push_back(prismaGenerator());
  all.push_back(irGenerator());
  return all;
}

} // namespace locus
