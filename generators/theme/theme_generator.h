// The `theme` generator: the IR design system as CSS custom properties (web/src/theme/theme.css)
// and a typed token module (web/src/theme/tokens.ts). See docs/generators/theme.md.
#pragma once

#include "generators/generator.h"

namespace locus {

Generator themeGenerator();

} // namespace locus
