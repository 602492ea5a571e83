// What both token sources (the ANTLR lexer and the hand-written scanner) do with the raw tokens:
// error tokens are reported and dropped, and nesting deeper than the limit ends the file (E0006).
// Kept in one place so the two sources cannot drift apart.
#pragma once

#include "compiler/diagnostics/diagnostic.h"

#include <cstddef>
#include <string_view>

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

private:
  std::string_view text_;
  FileId file_;
  DiagnosticSink& sink_;
  uint32_t maxNesting_;
  int depth_ = 0;
  bool aborted_ = false;
};

} // namespace locus
