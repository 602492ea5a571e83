#include "compiler/sema/checks.h"

namespace locus {

// Placeholder until implemented.
void checkDesignSystem(const ast::File&, DiagnosticSink&) {}

} // namespace locus
