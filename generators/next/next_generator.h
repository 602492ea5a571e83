// The `next` generator: the Next.js 14 app-router shell around the react generator's pages
// (web/app/**, web/package.json, web/tsconfig.json, web/next.config.mjs, web/next-env.d.ts).
// See docs/generators/next.md.
#pragma once

#include "generators/generator.h"

namespace locus {

Generator nextGenerator();

} // namespace locus
