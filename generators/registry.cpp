#include "generators/registry.h"

#include "generators/ir/ir_generator.h"

// One include and one line per built-in generator; the order of the list is the merge order.

namespace locus {

std::vector<Generator> builtinGenerators() {
  std::vector<Generator> all;
  all.push_back(irGenerator());
  return all;
}

} // namespace locus
