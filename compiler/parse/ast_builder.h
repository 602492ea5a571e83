// Parse tree (ANTLR contexts) → AST. One function per grammar rule; nothing is kept as raw text
// except CSS in `style_override`.
#pragma once

#include "LocusParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"

#include <string_view>

namespace locus {

struct AstBuildLimits {
  uint32_t maxDepth = 1000; // expression/statement/step/UI nesting in the AST (E0006 beyond)
};

// Adds one top-level declaration to `out` (the streaming parser frees each parse tree after this,
// so files are built declaration by declaration).
void buildTopLevel(locus_grammar::LocusParser::TopLevelContext* tree, std::string_view text,
                   FileId file, DiagnosticSink& sink, ast::File& out,
                   const AstBuildLimits& limits = {});

// One entity of a `database { … }` block (the streaming parser builds a large database entity by
// entity, freeing each parse tree).
ast::Entity buildEntity(locus_grammar::LocusParser::EntityContext* tree, std::string_view text,
                        FileId file, DiagnosticSink& sink, const AstBuildLimits& limits = {});

} // namespace locus
