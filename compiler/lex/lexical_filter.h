// What both token sources (the ANTLR lexer and the hand-written scanner) do with the raw tokens:
// error tokens are reported and dropped, nesting deeper than the limit ends the file (E0006), and
// a top-level declaration that starts while a block is still open closes that block (E0012).
// Kept in one place so the two sources cannot drift apart.
#pragma once

#include "compiler/diagnostics/diagnostic.h"

#include <cstddef>
#include <string_view>
#include <vector>

namespace locus {

class LexicalFilter {
public:
  LexicalFilter(std::string_view text, FileId file, DiagnosticSink& sink, uint32_t maxNesting)
      : text_(text), file_(file), sink_(sink), maxNesting_(maxNesting) {}

  static bool isErrorToken(size_t type);
  // E0002 / E0003 / E0004 for an error token covering `span`.
  void reportLexicalError(size_t type, Span span) const;
  // Updates the nesting depth; returns true when this token went past the limit (E0006 reported,
  // the caller must then end the stream).
  bool exceedsNesting(size_t type, Span span);
  bool aborted() const { return aborted_; }
  FileId file() const { return file_; }

  // Called with every visible token, before exceedsNesting: keeps the stack of open braces.
  // When a top-level declaration keyword (`page`, `entity`, …) starts a line while braces are
  // open, reports E0012 with a note at the innermost open brace and returns how many blocks are
  // open: the caller closes them all with synthetic '}' tokens before this one, so the
  // declaration parses as the top-level one it is.
  size_t blocksToCloseBefore(size_t type, Span span);

private:
  struct OpenBrace {
    Span span;
    bool database; // `database {`: entities and enums may start a line inside it
  };
  bool startsDeclaration(size_t type, Span span) const;
  // A double-quoted string over several lines, remembered for the unterminated-string report.
  struct MultiLineString {
    Span span;
    uint32_t endLine = 0;
  };
  void reportUnterminatedString(Span span) const;

  std::string_view text_;
  FileId file_;
  DiagnosticSink& sink_;
  uint32_t maxNesting_;
  int depth_ = 0;
  bool aborted_ = false;
  std::vector<OpenBrace> open_;
  size_t lastType_ = 0;
  MultiLineString lastMultiLine_;
};

} // namespace locus
