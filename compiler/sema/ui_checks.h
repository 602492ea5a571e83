// Internal interface between the parts of the UI check (check_ui.cpp, component_cycles.cpp).
#pragma once

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/sema/symbols.h"

namespace locus {

// E0402: components that render each other in a cycle, each cycle reported once with its path.
void checkComponentCycles(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink);

} // namespace locus
