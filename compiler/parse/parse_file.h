// Parsing one file: text → AST, with every lexical and syntax error reported (error recovery).
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"

#include <string_view>

namespace locus {

enum class LexerKind {
  Hand,  // the hand-written scanner (compiler/lex/locus_scanner.h), the default
  Antlr, // the ANTLR-generated lexer: the reference, also chosen by env LOCUS_LEXER=antlr
};

struct ParseOptions {
  uint32_t maxNesting = 256; // brackets / braces / elements; deeper input is rejected (E0006)
  LexerKind lexer = LexerKind::Hand;
};

// Never throws and never crashes on any input (invalid UTF-8, NUL bytes, deep nesting, …).
// Diagnostics go to `sink` with spans in `file`.
ast::File parseFile(FileId file, std::string_view text, DiagnosticSink& sink,
                    const ParseOptions& options = {});

} // namespace locus
