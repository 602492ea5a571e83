// Parsing one file: text → AST, with every lexical and syntax error reported (error recovery).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"

#include <string_view>

namespace locus {

struct ParseOptions {
  uint32_t maxNesting = 256; // brackets / braces / elements; deeper input is rejected (E0006)
};

// Never throws and never crashes on any input (invalid UTF-8, NUL bytes, deep nesting, …).
// Diagnostics go to `sink` with spans in `file`.
ast::File parseFile(FileId file, std::string_view text, DiagnosticSink& sink,
                    const ParseOptions& options = {});

} // namespace locus
