#include "compiler/sema/checks.h"

namespace locus {

// Placeholder until implemented.
void checkCode(const ast::File&, const Symbols&, DiagnosticSink&) {}

} // namespace locus
