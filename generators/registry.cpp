#include "generators/registry.h"

#include "generators/express/express_generator.h"
#include "generators/ir/ir_generator.h"
#include "generators/next/next_generator.h"
#include "generators/openapi/openapi_generator.h"
#include "generators/prisma/prisma_generator.h"
#include "generators/react/react_generator.h"
#include "generators/readme/readme_generator.h"
#include "generators/sql/sql_generator.h"
#include "generators/theme/theme_generator.h"
#include "generators/uploads/uploads_generator.h"
#include "generators/workflows/workflows_generator.h"

// One include and one line per built-in generator; the order of the list is the merge order.

namespace locus {

std::vector<Generator> builtinGenerators() {
  std::vector<Generator> all;
  all.push_back(sqlGenerator());
  all.push_back(prismaGenerator());
  all.push_back(themeGenerator());
  all.push_back(expressGenerator());
  all.push_back(openapiGenerator());
  all.push_back(uploadsGenerator());
  all.push_back(workflowsGenerator());
  all.push_back(reactGenerator());
  all.push_back(nextGenerator());
  all.push_back(irGenerator());
  all.push_back(readmeGenerator());
  return all;
}

} // namespace locus
