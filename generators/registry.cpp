#include "generators/registry.h"

#include "generators/next/next_generator.h"
#include "generators/react/react_generator.h"
#include "generators/theme/theme_generator.h"

// One include and one line per built-in generator; the order of the list is the merge order.

namespace locus {

std::vector<Generator> builtinGenerators() {
  std::vector<Generator> all;
  all.push_back(themeGenerator());
  all.push_back(reactGenerator());
  all.push_back(nextGenerator());
  return all;
}

} // namespace locus
