#include "compiler/sema/checks.h"

namespace locus {

// Placeholder until implemented.
void checkUploads(const ast::File&, DiagnosticSink&) {}

} // namespace locus
