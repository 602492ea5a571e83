// The `openapi` generator: server/openapi.json, an OpenAPI 3.1 document of exactly the routes the
// express generator serves (docs/generators/openapi.md).
#pragma once

#include "generators/generator.h"

namespace locus {

Generator openapiGenerator();

} // namespace locus
