#include "compiler/sema/checks.h"

namespace locus {

// Placeholder until implemented.
void checkWorkflows(const ast::File&, const Symbols&, const CheckOptions&, DiagnosticSink&) {}

} // namespace locus
