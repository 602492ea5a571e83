// Internal interface between the parts of the UI check (check_ui.cpp, component_cycles.cpp).
#pragma once

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/sema/code_types.h"
#include "compiler/sema/symbols.h"

#include <functional>

namespace locus {

// E0402: components that render each other in a cycle, each cycle reported once with its path.
void checkComponentCycles(const ast::File& program, const Symbols& symbols, DiagnosticSink& sink);

// The type of an attribute value where a component is used (literals, the user's state and params).
using PropValueType = std::function<Type(const ast::Expr&)>;

// E0410/E0411/E0601: one use `<Comp …>` of a project component against its params.
void checkComponentUse(const ast::UiNode& el, const ast::UiContainer& component,
                       const Symbols& symbols, const PropValueType& valueType,
                       DiagnosticSink& sink);

} // namespace locus
