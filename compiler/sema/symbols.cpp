#include "compiler/sema/symbols.h"

namespace locus {
// Placeholder until implemented.
Symbols buildSymbols(const ast::File&) { return {}; }
} // namespace locus
