// Parse tree (ANTLR contexts) → AST. One function per grammar rule; nothing is kept as raw text
// except CSS in `style_override`.
#pragma once

#include "LocusParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"

#include <functional>
#include <string_view>
#include <vector>

namespace locus {

struct AstBuildLimits {
  uint32_t maxDepth = 1000; // expression/statement/step/UI nesting in the AST (E0006 beyond)
};

// Adds one top-level declaration to `out` (the streaming parser frees each parse tree after this,
// so files are built declaration by declaration).
void buildTopLevel(locus_grammar::LocusParser::TopLevelContext* tree, std::string_view text,
                   FileId file, DiagnosticSink& sink, ast::File& out,
                   const AstBuildLimits& limits = {});

// The entities of one `database { … }` block, parsed one at a time by `next` (nullptr when there
// is none left): the streaming parser frees each entity's parse tree before parsing the next. One
// builder serves the block, so its diagnostics are those of building the block at once.
std::vector<ast::Entity>
buildEntities(const std::function<locus_grammar::LocusParser::EntityContext*()>& next,
              std::string_view text, FileId file, DiagnosticSink& sink,
              const AstBuildLimits& limits = {});

} // namespace locus
