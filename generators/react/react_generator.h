// The `react` generator: pages and components from UI markup as typed React function components
// (web/src/pages, web/src/components), the frontend runtime module (web/src/runtime: built-in
// components, the API client for the data functions, state helpers, entity types, stores).
// See docs/generators/react.md.
#pragma once

#include "generators/generator.h"

namespace locus {

Generator reactGenerator();

} // namespace locus
